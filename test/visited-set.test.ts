import test from 'ava';
import { FingerprintSet } from '../checker/search/visited-set.js';

function pseudoRandom(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) | 0);
}

test('the ordered table finds every inserted fingerprint and no other, across growths', (t) => {
  const next = pseudoRandom(3);
  const set = new FingerprintSet(16);
  const keys: [number, number][] = Array.from({ length: 20_000 }, () => [next(), next()]);
  let inserted = 0;
  for (const [hi, lo] of keys) if (set.insert(hi, lo)) inserted++;
  t.is(inserted, 20_000);
  t.is(set.size, 20_000);
  for (const [hi, lo] of keys) t.false(set.insert(hi, lo));
  t.true(keys.every(([hi, lo]) => set.has(hi, lo)));
  t.false(keys.some(([hi, lo]) => set.has(hi ^ 1, lo)));
  t.true(set.capacity > 20_000 && set.size / set.capacity <= 0.85, 'grown by 1.15x steps, load at most 0.85');
});

test('the table stays sorted by unsigned 64-bit value', (t) => {
  const next = pseudoRandom(11);
  const set = new FingerprintSet(16);
  for (let i = 0; i < 5000; i++) set.insert(next(), next());
  const values: bigint[] = [];
  set.forEachFingerprint((hi, lo) => values.push((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)));
  t.is(values.length, 5000);
  t.true(values.every((v, i) => i === 0 || values[i - 1]! < v));
});

test('the all-zero fingerprint is stored (as 0, 1) and found', (t) => {
  const set = new FingerprintSet(16);
  t.true(set.insert(0, 0));
  t.true(set.has(0, 0));
  t.false(set.insert(0, 0));
  t.is(set.size, 1);
});

test('keys with the same home slot and the extremes of the range', (t) => {
  const set = new FingerprintSet(16);
  const keys: [number, number][] = [[-1, -1], [-1, 0], [-1, 5], [0x7fffffff, -1], [-0x80000000, 0], [1, 2], [1, 1], [1, 3]];
  for (const [hi, lo] of keys) t.true(set.insert(hi, lo));
  for (const [hi, lo] of keys) t.true(set.has(hi, lo));
  t.false(set.has(-1, 4));
  t.is(set.smallestGap(), 1);
});
