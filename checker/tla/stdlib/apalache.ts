import type { BuiltinArgs } from '../scope.js';
import { EMPTY_SET, formatValue, makeFcn, TupleValue, valuesEqual, type Value } from '../values.js';
import { builtin, evalFail, fnOf, int, members, set, table } from './core.js';

/**
 * The Apalache module as TLC evaluates it: TLC has no override for it and reads
 * the module's own definitions (Apalache ships them "by erasure" so that TLC can
 * run a spec written for Apalache). So `x := e` is `x = e` (and, in an action,
 * assigns x as `=` does: see enumerate.ts), Gen(n) is the empty set, Guess(S)
 * is CHOOSE x \in S : TRUE, the hints Skolem, Expand and ConstCardinality are
 * their argument, and the folds, MkSeq, FunAsSeq, SetAsFun and Repeat compute
 * what their recursive definitions compute.
 */

/** `:=`: equality when evaluated; the successor enumerator treats it as `=`. */
export const APALACHE_ASSIGN = builtin('$assign', 2, (a) => valuesEqual(a.val(0), a.val(1)));

/** CHOOSE x \in S : TRUE: the first member in TLC's normal order, TLC's error when S is empty. */
function guess(a: BuiltinArgs): Value {
  const m = members(a, set(a, 0));
  if (m.length === 0) evalFail('Attempted to compute the value of an expression of form CHOOSE x \\in S: P, but no element of S satisfied P.', a);
  return m[0]!;
}

/** MkSeq(N, F): <<F(1), ..., F(N)>>. */
function mkSeq(n: number, f: (i: Value) => Value): TupleValue {
  const items: Value[] = [];
  for (let i = 1; i <= n; i++) items.push(f(i));
  return new TupleValue(items);
}

/** FunAsSeq(fn, len, capacity): SubSeq(MkSeq(capacity, LAMBDA i : fn[i]), 1, len). */
function funAsSeq(a: BuiltinArgs): Value {
  const fn = fnOf(a, 0);
  const len = int(a, 1);
  const capacity = int(a, 2);
  if (len < 1) return new TupleValue([]);
  if (len > capacity) evalFail(`FunAsSeq: the length ${len} is greater than the capacity ${capacity} (SubSeq out of range).`, a);
  return mkSeq(len, (i) => fn.lookup(i) ?? evalFail(`FunAsSeq: ${formatValue(i)} is not in the domain of the function ${formatValue(a.val(0))}.`, a));
}

/** SetAsFun(S): from a set of pairs, x |-> the first y in normal order with <<x, y>> \in S. */
function setAsFun(a: BuiltinArgs): Value {
  const pairs = members(a, set(a, 0)).map((p) => {
    const f = p instanceof TupleValue && p.items.length === 2 ? p.items : evalFail(`SetAsFun: ${formatValue(p)} is not a pair.`, a);
    return f;
  });
  const keys: Value[] = [];
  const vals: Value[] = [];
  // The pairs are in normal order: by x, then by y, so the first pair of each x holds the chosen y.
  for (const [x, y] of pairs) {
    if (keys.length > 0 && valuesEqual(keys[keys.length - 1]!, x!)) continue;
    keys.push(x!);
    vals.push(y!);
  }
  return makeFcn(keys, vals);
}

/** Repeat(F, N, x): F(... F(F(x, 1), 2) ..., N). */
function repeat(a: BuiltinArgs): Value {
  const f = a.op(0);
  let acc = a.val(2);
  for (let i = 1; i <= int(a, 1); i++) acc = f(acc, i);
  return acc;
}

function seqItems(a: BuiltinArgs, i: number): readonly Value[] {
  const v = a.val(i);
  if (v instanceof TupleValue) return v.items;
  const f = fnOf(a, i);
  if (f.keys.length === 0) return [];
  return evalFail(`ApaFoldSeqLeft: ${formatValue(v)} is not a sequence.`, a);
}

export const APALACHE = {
  $assign: APALACHE_ASSIGN,
  ...table([
    ['Gen', 1, () => EMPTY_SET],
    ['Guess', 1, guess],
    ['Skolem', 1, (a) => a.val(0)],
    ['Expand', 1, (a) => a.val(0)],
    ['ConstCardinality', 1, (a) => a.val(0)],
    ['MkSeq', 2, (a) => mkSeq(int(a, 0), a.op(1))],
    ['FunAsSeq', 3, funAsSeq],
    ['SetAsFun', 1, setAsFun],
    ['Repeat', 3, repeat],
    // ApaFoldSet(Op, v, S): Op(... Op(Op(v, x1), x2) ..., xn), x1 the first of S in normal order (CHOOSE), and so on.
    ['ApaFoldSet', 3, (a) => members(a, set(a, 2)).reduce((acc, x) => a.op(0)(acc, x), a.val(1))],
    ['ApaFoldSeqLeft', 3, (a) => seqItems(a, 2).reduce((acc, x) => a.op(0)(acc, x), a.val(1))],
  ]),
};
