import test from 'ava';
import { check } from '../checker/index.js';
import { defineSpec, FSet, model, t } from '../spec/index.js';

const Ids = t.set([1, 2, 3]);

test('set operations accept a JS Set or an array over the same universe', (a) => {
  const one = Ids.of(1);
  a.deepEqual(one.union(new Set([2])).toArray(), [1, 2]);
  a.deepEqual(one.union([3]).toArray(), [1, 3]);
  a.true(one.isSubsetOf([1, 2]));
  a.true(Ids.of(1, 2).equals(new Set([2, 1])));
  a.deepEqual(Ids.of(1, 2, 3).difference([2]).toArray(), [1, 3]);
});

test('sets over two equal universes (two t.set calls over the same list) combine', (a) => {
  const Again = t.set([1, 2, 3]);
  a.deepEqual(Ids.of(1).union(Again.of(3)).toArray(), [1, 3]);
});

test('sets over different universes: the error names both universes and the fix', (a) => {
  const Other = t.set(['a', 'b']);
  const error = a.throws(() => Ids.of(1).union(Other.of('a') as unknown as FSet<number>));
  a.is(
    error?.message,
    'sets over different universes: {1, 2, 3} and {"a", "b"}; declare the set type once (const Ids = t.set([...])) and make both values with Ids.empty() / Ids.of(...), or convert one with Ids.of(...other)',
  );
});

test('a member outside the universe is named with the universe', (a) => {
  a.is(a.throws(() => Ids.of(7))?.message, "value 7 is not in the set's universe {1, 2, 3}");
});

test('a JS Set in a state is rejected with what to write instead, not a misleading "{} is not a subset"', (a) => {
  const spec = defineSpec({
    name: 'js-set-state',
    build: () =>
      model({ readers: t.set([1, 2, 3]) })
        .initial({ readers: new Set<number>() as unknown as FSet<number> })
        .deadlock(false),
  });
  const result = check(spec);
  a.is(result.verdict, 'error');
  a.is(
    result.message,
    "initial state: variable readers = a JS Set [] is not a subset of {1, 2, 3} (an FSet is needed: make it with the set type's of(...) / empty(), e.g. const Readers = t.set([1, 2, 3]); Readers.of(1, 2))",
  );
});
