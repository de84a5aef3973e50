import { EnumSet, valuesEqual, type Value } from '../values.js';

type Op = (...xs: Value[]) => Value;

/**
 * MapThenFoldSet(op, base, f, choose, S) as the Folds module defines it:
 * x1 == choose(S), x2 == choose(S \ {x1}), ..., and the result
 * op(f(x1), op(f(x2), ... op(f(xn), base))). The innermost application is the
 * last element chosen, so the fold runs over the chosen order backwards.
 */
export function mapThenFoldSet(op: Op, base: Value, f: Op, choose: Op, members: readonly Value[]): Value {
  const order: Value[] = [];
  let remaining = members.slice();
  while (remaining.length > 0) {
    const x = choose(new EnumSet(remaining));
    order.push(x);
    remaining = remaining.filter((y) => !valuesEqual(y, x));
  }
  let acc = base;
  for (let i = order.length - 1; i >= 0; i--) acc = op(f(order[i]!), acc);
  return acc;
}
