import type { ConstantSlot } from './constant-cache.js';
import type { ResolvedApp } from './eval.js';
import type { LexicalApp } from './scope.js';
import type { CompiledSlot } from './compile.js';
import type { WalkSlot } from './walk.js';

/**
 * Gives every expression node of a parsed module the fields the evaluator adds
 * to it later (its constant cache, an application's resolved names), in one
 * order, before any evaluation: nodes of a kind then share one hidden class, so
 * the evaluator's property loads on them stay monomorphic instead of meeting a
 * new shape each time a cache is first filled on some node.
 */
export function prepareExpressions(root: object): void {
  // Also the strings in them (names, parameters, record fields, string literals):
  // see internalized.
  const seen = new Set<object>();
  const visit = (x: unknown): void => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const item: unknown = x[i];
        if (typeof item === 'string') x[i] = internalized(item);
        else visit(item);
      }
      return;
    }
    const node = x as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (typeof value === 'string') node[key] = internalized(value);
      else visit(value);
    }
    if (typeof node.k === 'string' && typeof node.at === 'object') {
      if (!('constCache' in node)) (node as ConstantSlot).constCache = null;
      if (!('ev' in node)) (node as CompiledSlot).ev = null;
      if (!('wk' in node)) (node as WalkSlot).wk = null;
      if (node.k === 'app' && !('resolved' in node)) {
        (node as ResolvedApp).resolved = null;
        (node as LexicalApp).local = true;
      }
    }
  };
  visit(root);
}

/**
 * The engine's own copy of a string, the same object for equal strings. The
 * parser's strings are slices of the source, each its own object: comparing
 * two that differ (a name against each frame's, a field against a record's
 * keys) then compares their characters. V8 compares two of its internalized
 * strings by identity alone, and property keys are internalized.
 */
const known = new Map<string, string>();
function internalized(s: string): string {
  let copy = known.get(s);
  if (copy === undefined) {
    copy = Object.keys({ [s]: 0 })[0] ?? s;
    known.set(copy, copy);
  }
  return copy;
}
