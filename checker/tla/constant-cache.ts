import type { Expr } from './ast.js';
import { childExprs, exprIsConstant } from './level.js';
import type { OpClosure, Scope } from './scope.js';
import type { Value } from './values.js';

/**
 * Constant subexpressions computed once. `[0..(N-1) -> SUBSET {0, 1}]` inside
 * an invariant or an action reads no variable and no bound name: TLC evaluates
 * it again in every state, but its value cannot change, so it is kept on the
 * expression (per module instance and configuration version) after its first
 * evaluation. A set kept this way also keeps its enumeration.
 *
 * An expression qualifies when every name in it is bound inside it or is a
 * constant-level definition, constant or operator of the scope (so no operator
 * parameter, LET name or `@` of the context), and nothing it calls has a side
 * effect or a random result (Print, TLCSet, RandomElement, ...). An evaluation
 * that fails is not kept: it fails again, with its message, next time.
 */

/** Operators whose value or effect differs between calls with the same arguments. */
const IMPURE = new Set([
  'Print',
  'PrintT',
  'Assert',
  'TLCGet',
  'TLCSet',
  'TLCEval',
  'RandomElement',
  'RandomSubset',
  'RandomSetOfSubsets',
  'RandomSubsetSet',
  'JavaTime',
  'IOEnv',
  'IOExec',
  'IOExecTemplate',
  'Serialize',
  'Deserialize',
  'Trace',
  // The community modules' files (SVG frames, Json, CSV): written and read again during a run.
  'SVGSerialize',
  'JsonSerialize',
  'JsonDeserialize',
  'ndJsonSerialize',
  'ndJsonDeserialize',
  'CSVWrite',
  'CSVWriteRecord',
  'CSVRead',
  'CSVRecords',
]);

/** The cache slot on an expression: for which scope and overrides version, and the value (null: not kept). */
export interface ConstantSlot {
  constScope?: Scope;
  constVersion?: number;
  constValue?: Value | null;
}

/** Per expression, for the scopes other than the one in its slot: its value there, or null when not constant. */
const otherScopes = new WeakMap<Expr, Map<Scope, { version: number; value: Value | null }>>();

/**
 * The first evaluation of `e` in `scope` (the evaluator checks the slot first,
 * the hot path, on the kinds that build a value): evaluates it with `evaluate`
 * and, when it is constant, keeps its value in its slot.
 */
export function evaluateFirstInScope<F, C>(e: Expr, frame: F, scope: Scope, ctx: C, evaluate: (e: Expr, frame: F, scope: Scope, ctx: C) => Value): Value {
  const slot = e as ConstantSlot;
  let byScope = otherScopes.get(e);
  if (byScope === undefined) otherScopes.set(e, (byScope = new Map()));
  let known = byScope.get(scope);
  if (known === undefined || known.version !== scope.overrides.version) {
    known = { version: scope.overrides.version, value: null };
    byScope.set(scope, known);
    // Marked not constant while computing: a recursive use computes it normally.
    const constant = isCacheable(e, scope);
    slot.constScope = scope;
    slot.constVersion = scope.overrides.version;
    slot.constValue = null;
    const value = evaluate(e, frame, scope, ctx);
    if (constant) known.value = slot.constValue = value;
    return value;
  }
  slot.constScope = scope;
  slot.constVersion = known.version;
  slot.constValue = known.value;
  return known.value ?? evaluate(e, frame, scope, ctx);
}

function isCacheable(e: Expr, scope: Scope): boolean {
  return exprIsConstant(e, new Set(), scope, true) && pure(e, scope, new Set());
}

/** No `@` and no impure operator in `e` or in the definitions it calls (transitively). */
function pure(e: Expr, scope: Scope, seen: Set<Expr>): boolean {
  if (seen.has(e)) return true;
  seen.add(e);
  if (e.k === 'at') return false;
  if (e.k === 'app') {
    if (IMPURE.has(e.name)) return false;
    const entry = scope.get(e.name);
    if (entry?.kind === 'def' && !pure(entry.closure.body, entry.closure.scope, seen)) return false;
    if (entry?.kind === 'const' && isOperatorClosure(entry.value) && !pure(entry.value.body, entry.value.scope, seen)) return false;
    for (const a of e.args) if (!pure(a, scope, seen)) return false;
    return true;
  }
  for (const { expr } of childExprs(e)) if (!pure(expr, scope, seen)) return false;
  return true;
}

function isOperatorClosure(v: unknown): v is OpClosure {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'op';
}
