import type { Expr } from './ast.js';
import { childExprs, exprIsConstant } from './level.js';
import type { OpClosure, Scope } from './scope.js';
import type { Value } from './values.js';
import { markLasting } from './values.js';

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

/**
 * The cache on an expression: one entry per module instance (scope) it is
 * evaluated in, newest first. A definition of an EXTENDed module has one body
 * but is evaluated in every instance that extends it (BufferedRandomAccessFile's
 * `Common` in the spec and in its `RAF` instance, alternately): each scope keeps
 * its own entry, so alternating scopes never miss (one slot rewritten at every
 * change of scope cost a map lookup per evaluation).
 */
export interface ConstantEntry {
  readonly scope: Scope;
  version: number;
  /** The kept value, or null when the expression is not constant in this scope. */
  value: Value | null;
  readonly next: ConstantEntry | null;
}

export interface ConstantSlot {
  constCache?: ConstantEntry | null;
}

/** Evaluations that found no entry for their scope and version (the only ones that check cacheability). */
export const constantCacheStats = { firstEvaluations: 0 };

/**
 * The first evaluation of `e` in `scope` (or after the overrides changed): the
 * evaluator found no entry (constantEntry). Evaluates `e` with `evaluate` and,
 * when it is constant, keeps its value.
 */
export function evaluateFirstInScope<F, C>(e: Expr, frame: F, scope: Scope, ctx: C, evaluate: (e: Expr, frame: F, scope: Scope, ctx: C) => Value): Value {
  constantCacheStats.firstEvaluations++;
  const slot = e as ConstantSlot;
  let entry: ConstantEntry | null = null;
  for (let c = slot.constCache ?? null; c !== null; c = c.next) if (c.scope === scope) entry = c;
  // Marked not constant while computing: a recursive use computes it normally.
  if (entry === null) slot.constCache = entry = { scope, version: scope.overrides.version, value: null, next: slot.constCache ?? null };
  else {
    entry.version = scope.overrides.version;
    entry.value = null;
  }
  const constant = isCacheable(e, scope);
  const value = evaluate(e, frame, scope, ctx);
  if (constant) {
    entry.value = value;
    markLasting(value);
  }
  return value;
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
