import { FSet } from './fset.js';

/**
 * Every subset of `set` (TLA+ `SUBSET set`), as sets over the same universe, the
 * empty set first. Lazy, so an action can range over the subsets of a state's set
 * (`params: (s) => ...`) without building them all up front.
 */
export function* subsets<E>(set: FSet<E>): Generator<FSet<E>> {
  const members = set.toArray();
  if (members.length > 30) throw new RangeError(`subsets: a set of ${members.length} members has too many subsets`);
  for (let mask = 0; mask < 2 ** members.length; mask++) {
    yield new FSet(set.universe, members.filter((_, i) => (mask >>> i) & 1));
  }
}
