import type { Expr } from './ast.js';
import { compiled, type Compiled } from './compile.js';
import { bindLet, bindParams, fail, flatBounds, membersOf, resolvedEntry, short } from './eval.js';
import type { Mode, StateEnumerator } from './enumerate.js';
import { Frame, type EvalContext, type Scope, type ScopeEntry } from './scope.js';
import { SetValue, typeName } from './values.js';
import { specializer } from './specialize.js';
import { compileConjunction } from './walk-conjunction.js';
import { MemberFrames, ParameterFrames } from './frame-reuse.js';

/**
 * The successor enumerator's walk of an action, compiled once per expression
 * (as compile.ts does for values): a disjunction, a conjunction
 * (walk-conjunction.ts), an `\E` over bounds of one name each and the
 * application of a definition with parameters call their parts' walks directly;
 * every other expression goes to the enumerator's general walk
 * (StateEnumerator.enumerateNode), which does the same as before.
 */

export type Walk = (en: StateEnumerator, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void) => void;

/** The field prepareExpressions gives every parsed node: null until first walked. */
export interface WalkSlot {
  wk?: Walk | null;
}

export function walkOf(e: Expr): Walk {
  const slot = e as WalkSlot;
  return slot.wk ?? (slot.wk = compileWalk(e));
}

function compileWalk(e: Expr): Walk {
  switch (e.k) {
    case 'and':
      return compileConjunction(e.items);
    case 'or':
      return compileDisjunctionCopy(e.items);
    case 'quant':
      if (e.q === 'E') return compileExistsCopy(e);
      break;
    case 'let':
      return compileLetCopy(e);
    case 'app':
      if (e.local === false && e.args.length > 0 && !SPECIAL.has(e.name)) return compileExpansionCopy(e);
      break;
    default:
      break;
  }
  return (en, frame, scope, ctx, mode, cont) => en.enumerateNode(e, frame, scope, ctx, mode, cont);
}

/** Operators the general walk treats specially (assignments, `=>`, `\cdot`): never expanded here. */
const SPECIAL = new Set(['$eq', '$in', '$assign', '$implies', '$cdot']);

/** A disjunction: each disjunct walked in turn. */
function compileDisjunction(items: Expr[]): Walk {
  const walks = items.map(walkOf);
  return (en, frame, scope, ctx, mode, cont) => {
    for (let i = 0; i < walks.length; i++) walks[i]!(en, frame, scope, ctx, mode, cont);
  };
}

/**
 * LET: as the general walk, in an action a definition that reads no primed
 * variable keeps its value. In an action the definitions' frames are kept per
 * parent frame (ParameterFrames); in Init (nothing remembered) they are made each time.
 */
function compileLet(e: Expr & { k: 'let' }): Walk {
  const defs = e.defs;
  const body = walkOf(e.body);
  const kept = new ParameterFrames();
  return (en, frame, scope, ctx, mode, cont) => {
    if (mode !== 'next') return body(en, bindLet(defs, frame, scope, false), scope, ctx, mode, cont);
    const keeping = kept.useful;
    let bound = keeping ? kept.find(frame, scope, defs) : undefined;
    if (bound === undefined) {
      bound = bindLet(defs, frame, scope, 'unprimed');
      if (keeping) kept.keep(frame, scope, defs, bound);
    }
    body(en, bound, scope, ctx, mode, cont);
  };
}

/** `\E x \in S, y \in T : A`: A walked for each binding, in TLC's order (bounds with tuple patterns: the general walk). */
function compileExists(e: Expr & { k: 'quant' }): Walk {
  const bounds = flatBounds(e.bounds);
  if (bounds.some((b) => b.tuple)) return (en, frame, scope, ctx, mode, cont) => en.enumerateNode(e, frame, scope, ctx, mode, cont);
  const names = bounds.map((b) => b.names[0]!);
  const sets: Compiled[] = bounds.map((b) => compiled(b.set));
  const setAts = bounds.map((b) => b.set.at);
  const body = walkOf(e.body);
  const last = bounds.length - 1;
  const memberFrames = names.map((name) => new MemberFrames(name));
  const step = (i: number, en: StateEnumerator, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void => {
    const set = sets[i]!(frame, scope, ctx);
    if (!(set instanceof SetValue)) fail(`Attempted to use ${typeName(set)} ${short(set)} as a set.`, setAts[i]);
    const members = membersOf(set, setAts[i]!);
    const name = names[i]!;
    const frames = memberFrames[i]!.of(members, frame);
    for (let m = 0; m < members.length; m++) {
      const f = frames !== null ? frames[m]! : new Frame(name, members[m]!, frame);
      if (i === last) body(en, f, scope, ctx, mode, cont);
      else step(i + 1, en, f, scope, ctx, mode, cont);
    }
  };
  return (en, frame, scope, ctx, mode, cont) => step(0, en, frame, scope, ctx, mode, cont);
}

/**
 * `Op(a, b)` of a definition with parameters, no binder around it having its
 * name: Op's body walked with its parameters bound (TLC expands operators), the
 * entry kept for the last scope. Anything else it may name: the general walk.
 */
function compileExpansion(e: Expr & { k: 'app' }): Walk {
  const { args, at } = e;
  let lastScope: Scope | null = null;
  let lastVersion = -1;
  let lastEntry: ScopeEntry | undefined;
  return (en, frame, scope, ctx, mode, cont) => {
    let entry: ScopeEntry | undefined;
    if (scope === lastScope && scope.overrides.version === lastVersion) entry = lastEntry;
    else {
      entry = resolvedEntry(e, scope);
      lastScope = scope;
      lastVersion = scope.overrides.version;
      lastEntry = entry;
    }
    if (entry !== undefined && entry.kind === 'def') {
      const closure = entry.closure;
      walkOf(closure.body)(en, bindParams(closure, args, frame, scope, at), closure.scope, ctx, mode, cont);
      return;
    }
    en.enumerateNode(e, frame, scope, ctx, mode, cont);
  };
}

// Each node's walk from its own copy of its kind's factory (specialize.ts).
const compileDisjunctionCopy = specializer(compileDisjunction, () => ({ walkOf }));
const compileLetCopy = specializer(compileLet, () => ({ walkOf, bindLet, ParameterFrames }));
const compileExistsCopy = specializer(compileExists, () => ({ flatBounds, compiled, walkOf, SetValue, fail, typeName, short, membersOf, Frame, MemberFrames }));
const compileExpansionCopy = specializer(compileExpansion, () => ({ resolvedEntry, walkOf, bindParams }));
