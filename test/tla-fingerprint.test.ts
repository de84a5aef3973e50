import test from 'ava';
import { fingerprintState, fingerprintValue, fpHi, fpLo } from '../checker/tla/fingerprint.js';
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
