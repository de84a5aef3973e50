import test from 'ava';
import { fingerprintAppended, fingerprintItemReplaced, fingerprintReplaced, fingerprintState, fingerprintValue, fpHi, fpLo } from '../checker/tla/fingerprint.js';
import { STANDARD_MODULES } from '../checker/tla/stdlib/modules.js';
import { EnumSet, FcnValue, IntervalSet, keyOf, makeFcn, makeRecord, makeSet, ModelValue, TupleValue, valuesEqual, type Value } from '../checker/tla/values.js';

function fp(v: Value): string {
  fingerprintValue(v);
  return `${fpHi}:${fpLo}`;
}

function stateFp(values: Value[]): string {
  fingerprintState(values);
  return `${fpHi}:${fpLo}`;
}

test('values equal as TLA+ values have equal fingerprints, however they were built', (t) => {
  t.is(fp(makeSet([2, 1, 2, 1])), fp(makeSet([1, 2])));
  t.is(fp(new IntervalSet(1, 3)), fp(makeSet([3, 2, 1])));
  t.is(fp(makeRecord([['b', 2], ['a', 'x']])), fp(makeRecord([['a', 'x'], ['b', 2]])));
  t.is(fp(makeFcn([1, 2], ['a', 'b'])), fp(new TupleValue(['a', 'b'])));
  t.is(fp(makeSet([makeSet([1]), makeSet([1, 1])])), fp(new EnumSet([new EnumSet([1])])));
});

test('values that differ have different fingerprints, kinds included', (t) => {
  const values: Value[] = [
    true,
    false,
    0,
    1,
    -1,
    4294967295,
    '1',
    'a',
    new ModelValue('a', 0),
    makeSet([]),
    new TupleValue([]),
    makeSet([1, 2]),
    new TupleValue([1, 2]),
    new TupleValue([2, 1]),
    makeRecord([['a', 1]]),
    makeRecord([['a', 2]]),
    new FcnValue(['a', 'b'], [1, 2]),
    new FcnValue(['a', 'b'], [2, 1]),
  ];
  t.is(new Set(values.map(fp)).size, values.length);
});

test('valuesEqual agrees with the canonical keys on every pair', (t) => {
  const values: Value[] = [makeSet([1, 2]), new IntervalSet(1, 2), makeSet([2]), new TupleValue([1, 2]), makeFcn([1, 2], [1, 2]), makeRecord([['a', 1]]), new FcnValue(['a'], [1]), makeSet([makeSet([1, 2])])];
  for (const a of values) for (const b of values) t.is(valuesEqual(a, b), keyOf(a) === keyOf(b), `${keyOf(a)} vs ${keyOf(b)}`);
});

test('makeSet drops repeats among many composite members and keeps normal order', (t) => {
  const members: Value[] = [];
  for (let round = 0; round < 3; round++) for (let i = 20; i >= 1; i--) members.push(new TupleValue([i, 'x']));
  const set = makeSet(members);
  t.is(set.elems.length, 20);
  t.deepEqual(
    set.elems.map((e) => (e as TupleValue).items[0]),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
});

test('a state fingerprint depends on which variable holds which value', (t) => {
  t.is(stateFp([1, makeSet([2, 3])]), stateFp([1, makeSet([3, 2])]));
  t.not(stateFp([1, 2]), stateFp([2, 1]));
  t.not(stateFp([1]), stateFp([1, 1]));
});

test('[f EXCEPT ![k] = v] gets from f\'s fingerprint the one computed from scratch, for every kind of key and value', (t) => {
  const values: Value[] = [0, -7, 2147483647, 'a', 'ab', true, new ModelValue('m', 0), makeSet([1, 2]), new TupleValue([1, 'x']), makeRecord([['a', 1]])];
  const keys: Value[] = ['k', 3, new ModelValue('p', 1), makeSet([]), new TupleValue([2])];
  const sorted = makeSet(keys).elements();
  let compared = 0;
  for (let start = 0; start < values.length; start++) {
    const f = new FcnValue(sorted, sorted.map((_, i) => values[(start + i) % values.length]!));
    fp(f);
    for (let index = 0; index < sorted.length; index++) {
      for (const now of values) {
        fp(now);
        const vals = f.vals.slice();
        vals[index] = now;
        const g = f.withValues(vals);
        fingerprintReplaced(f, g, index);
        t.is(`${g.fpHi}:${g.fpLo}`, fp(new FcnValue(sorted, vals)));
        compared++;
      }
    }
  }
  t.is(compared, 500);
});

test('an EXCEPT whose new value has no fingerprint yet, or of a function without one, is left to be computed in full', (t) => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const f = new FcnValue(keys, [1, 2, 3, 4, 5]);
  const unknown = f.withValues([1, 7, 3, 4, 5]);
  fingerprintReplaced(f, unknown, 1);
  t.is(unknown.fpHi | unknown.fpLo, 0);
  fp(f);
  const known = f.withValues([1, 7, 3, 4, 5]);
  fingerprintReplaced(f, known, 1);
  t.not(known.fpHi | known.fpLo, 0);
  const fresh = f.withValues([1, makeSet([6]), 3, 4, 5]);
  fingerprintReplaced(f, fresh, 1);
  t.is(fresh.fpHi | fresh.fpLo, 0);
  t.is(fp(fresh), fp(new FcnValue(keys, [1, makeSet([6]), 3, 4, 5])));
});

test('a tuple with one item replaced, and a tuple appended to, get from the tuple\'s fingerprint the one computed from scratch', (t) => {
  const values: Value[] = [0, 9, 'a', false, new ModelValue('m', 0), makeSet([1]), new TupleValue([]), makeRecord([['a', 1]])];
  let compared = 0;
  // From 4 items on: a smaller tuple's fingerprint is computed in full when needed (no cheaper).
  for (let n = 4; n <= 7; n++) {
    const items = Array.from({ length: n }, (_, i) => values[(i * 3) % values.length]!);
    const tuple = new TupleValue(items);
    fp(tuple);
    for (const now of values) {
      fp(now);
      const appended = new TupleValue([...items, now]);
      fingerprintAppended(tuple, appended, now);
      t.is(`${appended.fpHi}:${appended.fpLo}`, fp(new TupleValue([...items, now])));
      compared++;
      for (let index = 0; index < n && n >= 5; index++) {
        const replaced = items.slice();
        replaced[index] = now;
        const u = new TupleValue(replaced);
        fingerprintItemReplaced(tuple, u, index);
        t.is(`${u.fpHi}:${u.fpLo}`, fp(new TupleValue(replaced.slice())));
        compared++;
      }
    }
  }
  t.is(compared, 8 * 4 + 8 * (5 + 6 + 7));
});

test('Append, on the evaluator\'s fast path and on the general one, gives a result its fingerprint from the sequence\'s', (t) => {
  const append = STANDARD_MODULES.Sequences!.Append!;
  const s = new TupleValue([1, 'a', 2, 'b']);
  fp(s);
  const fast = append.binary!(s, 7) as TupleValue;
  t.not(fast.fpHi | fast.fpLo, 0);
  t.is(`${fast.fpHi}:${fast.fpLo}`, fp(new TupleValue([1, 'a', 2, 'b', 7])));
  const general = append.fn({ count: 2, val: (i: number) => [s, 7][i]!, op: () => () => false, at: undefined as never, ctx: undefined as never }) as TupleValue;
  t.is(`${general.fpHi}:${general.fpLo}`, fp(new TupleValue([1, 'a', 2, 'b', 7])));
});
