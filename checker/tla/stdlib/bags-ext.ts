import type { BuiltinArgs } from '../scope.js';
import { compareValues, formatValue, makeFcn, valuesEqual, type Value } from '../values.js';
import { checked, evalFail, fnOf, table } from './core.js';
import { mapThenFoldSet } from './folds.js';

/**
 * The community module BagsExt: bags (functions to positive counts) grown and
 * shrunk one copy at a time, and folds over every copy. BagAdd, BagRemove and
 * BagRemoveAll build the functions the module's definitions build; FoldBag
 * applies `op(acc, x)` once per copy, elements in TLC's normal order, as TLC's
 * Java override does; MapThenFoldBag follows the module's definition.
 */

type Bag = { keys: readonly Value[]; vals: readonly Value[] };

function bag(a: BuiltinArgs, i: number): Bag {
  return fnOf(a, i);
}

/** The count of each element, checked as TLC's FoldBag checks it: a positive integer. */
function count(b: Bag, i: number, a: BuiltinArgs, who: string): number {
  const n = b.vals[i]!;
  if (typeof n !== 'number' || n <= 0) evalFail(`${who}: ${formatValue(n)} (in ${formatValue(b.keys[i]!)} :> ${formatValue(n)}) is not an element of Nat \\ {0}.`, a);
  return n;
}

function bagAdd(b: Bag, x: Value): Value {
  const i = b.keys.findIndex((k) => valuesEqual(k, x));
  if (i >= 0) return makeFcn(b.keys, b.vals.map((v, j) => (j === i ? (v as number) + 1 : v)));
  const at = b.keys.findIndex((k) => compareValues(k, x) > 0);
  const pos = at < 0 ? b.keys.length : at;
  return makeFcn([...b.keys.slice(0, pos), x, ...b.keys.slice(pos)], [...b.vals.slice(0, pos), 1, ...b.vals.slice(pos)]);
}

function without(b: Bag, i: number): Value {
  return makeFcn(
    b.keys.filter((_, j) => j !== i),
    b.vals.filter((_, j) => j !== i),
  );
}

function bagRemove(b: Bag, x: Value, all: boolean): Value {
  const i = b.keys.findIndex((k) => valuesEqual(k, x));
  if (i < 0) return makeFcn(b.keys, b.vals);
  if (all || b.vals[i] === 1) return without(b, i);
  return makeFcn(b.keys, b.vals.map((v, j) => (j === i ? (v as number) - 1 : v)));
}

function foldBag(a: BuiltinArgs, op: (...xs: Value[]) => Value, base: Value, b: Bag): Value {
  let acc = base;
  b.keys.forEach((x, i) => {
    for (let n = count(b, i, a, 'FoldBag'); n > 0; n--) acc = op(acc, x);
  });
  return acc;
}

/** MapThenFoldBag(op, base, f, choose, B): each element's copies folded from base, then those folded as MapThenFoldSet does. */
function mapThenFoldBag(a: BuiltinArgs): Value {
  const op = a.op(0);
  const base = a.val(1);
  const f = a.op(2);
  const b = bag(a, 4);
  const handle = (x: Value): Value => {
    const i = b.keys.findIndex((k) => valuesEqual(k, x));
    let acc = base;
    for (let n = count(b, i, a, 'MapThenFoldBag'); n > 0; n--) acc = op(acc, f(x));
    return acc;
  };
  return mapThenFoldSet(op, base, handle, a.op(3), b.keys);
}

export const BAGS_EXT = table([
  ['BagAdd', 2, (a) => bagAdd(bag(a, 0), a.val(1))],
  ['BagRemove', 2, (a) => bagRemove(bag(a, 0), a.val(1), false)],
  ['BagRemoveAll', 2, (a) => bagRemove(bag(a, 0), a.val(1), true)],
  ['MapThenFoldBag', 5, mapThenFoldBag],
  ['FoldBag', 3, (a) => foldBag(a, a.op(0), a.val(1), bag(a, 2))],
  ['SumBag', 1, (a) => foldBag(a, (x, y) => checked((x as number) + (y as number), a, 'SumBag'), 0, bag(a, 0))],
  ['ProductBag', 1, (a) => foldBag(a, (x, y) => checked((x as number) * (y as number), a, 'ProductBag'), 1, bag(a, 0))],
]);
