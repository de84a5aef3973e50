import type { Expr } from './ast.js';
import { conditionFailed } from './compile.js';
import { evaluate } from './eval.js';
import { TlaEvalError } from './errors.js';
import { isConstantLevel } from './level.js';
import { variablesRead } from './read-sets.js';
import type { EvalContext, Scope } from './scope.js';
import type { Value } from './values.js';

/**
 * A state predicate (an INVARIANT or a CONSTRAINT) as the conjuncts it is
 * made of, each with the variables it reads (read-sets.ts), so that a
 * successor is checked only on the conjuncts its step could have changed.
 *
 * Every state the search expands satisfied every invariant and constraint when
 * it was added (a violation ends the search; a state outside a constraint is
 * not added), and evaluation is a function of the variables read. So a
 * conjunct that reads only variables whose values the successor shares with
 * its parent (the same objects: the enumerator copies the unchanged ones) holds
 * in the successor too, and is not evaluated again. TLC evaluates every
 * invariant in full in every new state; the verdicts, counts and messages here
 * are the same, only fewer evaluations are made.
 */
export interface PredicatePart {
  readonly expr: Expr;
  /** The scope `expr` is written in (a conjunct of an instance's definition: the instance's). */
  readonly scope: Scope;
  /** The variables `expr` can read, or null: evaluated in every state. */
  readonly reads: Int32Array | null;
  /** A conjunct of a conjunction: a non-boolean value fails as a conjunction's item fails. */
  readonly conjunct: boolean;
}

/**
 * The conjuncts of `e`, through conjunctions and definitions without
 * parameters (and instances without arguments) whose bodies are conjunctions.
 * A constant definition stays whole (its value is kept once computed).
 */
export function predicateParts(e: Expr, scope: Scope): PredicatePart[] {
  const parts: PredicatePart[] = [];
  const split = (x: Expr, s: Scope, conjunct: boolean): void => {
    if (x.k === 'and') {
      for (const item of x.items) split(item, s, true);
      return;
    }
    const body = conjunctionBehind(x, s);
    if (body !== null) {
      split(body.expr, body.scope, conjunct);
      return;
    }
    parts.push({ expr: x, scope: s, reads: variablesRead(x, s), conjunct });
  };
  split(e, scope, false);
  return parts;
}

/** The body of the definition `x` names, when it is a conjunction worth splitting; else null. */
function conjunctionBehind(x: Expr, scope: Scope): { expr: Expr; scope: Scope } | null {
  let target = scope;
  let name: string;
  if (x.k === 'app' && x.args.length === 0) name = x.name;
  else if (x.k === 'inst' && x.args.length === 0) {
    for (const step of x.path) {
      if (step.args.length > 0) return null;
      const entry = target.get(step.name);
      if (entry?.kind !== 'instance' || entry.params !== 0) return null;
      target = entry.make([]);
    }
    name = x.name;
  } else return null;
  const entry = target.get(name);
  if (entry?.kind !== 'def') return null;
  const closure = entry.closure;
  if (closure.params.length > 0 || closure.frame !== null || closure.body.k !== 'and' || isConstantLevel(closure)) return null;
  return { expr: closure.body, scope: closure.scope };
}

/** True when every variable in `reads` has the same value (object) in `state` as in `parent`. */
export function readsUnchanged(reads: Int32Array, state: readonly Value[], parent: readonly Value[]): boolean {
  for (let i = 0; i < reads.length; i++) {
    const v = reads[i]!;
    if (state[v] !== parent[v]) return false;
  }
  return true;
}

/**
 * The part's value in the state `ctx.cur`; a value that is not a boolean fails
 * as the whole predicate's evaluation would: as an item of its conjunction, or
 * (a part that is the whole predicate) as the predicate.
 */
export function partHolds(part: PredicatePart, ctx: EvalContext): boolean {
  const v = evaluate(part.expr, null, part.scope, ctx);
  if (typeof v === 'boolean') return v;
  if (part.conjunct) conditionFailed(v, part.expr.at);
  return notBoolean(part.expr, v);
}

/** A predicate evaluated to something else than a boolean. */
export function notBoolean(predicate: Expr, v: Value): never {
  throw new TlaEvalError(`The property ${predicate.k === 'app' ? predicate.name : 'expression'} is not a boolean in this state: ${String(v)}`, predicate.at);
}
