import test from 'ava';
import { collisionProbabilities } from '../checker/search/collision.js';
import { SharedFingerprintTable } from '../checker/parallel/shared-visited-set.js';
import { copyPart, growRequests } from '../checker/parallel/table-growth.js';
import { FingerprintSet } from '../checker/search/visited-set.js';

/** The definition: sort the 64-bit values and take the smallest neighbour difference. */
function bruteForceGap(pairs: [number, number][]): number {
  const values = pairs.map(([hi, lo]) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let smallest: bigint | null = null;
  for (let i = 1; i < values.length; i++) {
    const gap = values[i]! - values[i - 1]!;
    if (smallest === null || gap < smallest) smallest = gap;
  }
  return Number(smallest);
}

function pseudoRandomPairs(count: number, seed: number): [number, number][] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) | 0);
  return Array.from({ length: count }, () => [next() ^ (next() << 7), next()] as [number, number]);
}

test('the smallest gap read off the ordered tables equals the sorted-BigInt definition', (t) => {
  for (const [count, seed, capacity] of [[2, 1, 16], [3, 7, 16], [1000, 42, 1024], [50_000, 9, 1 << 16], [40, 5, 64]] as const) {
    const pairs = pseudoRandomPairs(count, seed);
    const sequential = new FingerprintSet(capacity);
    const shared = SharedFingerprintTable.create(2 * capacity);
    for (const [hi, lo] of pairs) {
      sequential.insert(hi, lo);
      shared.insert(hi, lo);
    }
    const expected = bruteForceGap(pairs);
    t.is(sequential.smallestGap(), expected, `${count} fingerprints, sequential table`);
    t.is(shared.smallestGap(), expected, `${count} fingerprints, shared table`);
  }
});

test('the shared table at any slot count and 90% full: the smallest gap, and growth by 1.2x keeps every fingerprint', (t) => {
  for (const [count, seed, capacity] of [[900, 3, 1000], [9_000, 11, 10_007], [45_000, 5, 50_000]] as const) {
    const pairs = pseudoRandomPairs(count, seed);
    const shared = SharedFingerprintTable.create(capacity);
    for (const [hi, lo] of pairs) t.true(shared.insert(hi, lo));
    t.is(shared.capacity, capacity);
    t.is(shared.smallestGap(), bruteForceGap(pairs), `${count} fingerprints in ${capacity} slots`);
    const grown = shared.grownTo(Math.ceil(capacity * 1.2));
    t.is(grown.capacity, Math.ceil(capacity * 1.2));
    t.true(pairs.every(([hi, lo]) => grown.contains(hi, lo)));
    t.is(grown.smallestGap(), bruteForceGap(pairs));
    t.false(grown.insert(pairs[0]![0], pairs[0]![1]));
  }
});

test('a growth copied in parts (as the worker threads do) holds every fingerprint, parts left over included', (t) => {
  for (const [count, seed, capacity, parts] of [[45_000, 5, 50_000, 2], [9_000, 11, 10_007, 3], [900, 3, 1000, 7]] as const) {
    const pairs = pseudoRandomPairs(count, seed);
    const shared = SharedFingerprintTable.create(capacity);
    for (const [hi, lo] of pairs) shared.insert(hi, lo);
    const { requests, table } = growRequests(shared, Math.ceil(capacity * 1.15), parts);
    const left = requests.map((request) => copyPart(request));
    t.true(left.some((pairs) => pairs.length > 0), 'some entries cross a part boundary');
    for (const pairs of left) table.insertPairs(pairs);
    t.true(pairs.every(([hi, lo]) => table.contains(hi, lo)));
    t.is(table.smallestGap(), bruteForceGap(pairs));
    t.false(table.insert(pairs[7]![0], pairs[7]![1]));
    let stored = 0;
    for (let at = 0; at < table.table.length; at += 2) if (table.table[at] !== 0) stored++;
    t.is(stored, count);
  }
});

test('runs that wrap around the end of the table are ordered correctly', (t) => {
  // Homes in the last slot and in slot 0 of a 16-slot table: the run wraps.
  const pairs: [number, number][] = [[-1, 5], [-1, 9], [-2, 1], [0, 3], [0x01000000, 2], [0x0fffffff, -1], [0x10000000, 0x7fffffff]];
  const table = new FingerprintSet(16);
  for (const [hi, lo] of pairs) table.insert(hi, lo);
  t.is(table.smallestGap(), bruteForceGap(pairs));
});

test('collision probabilities follow TLC: n(g-n)/2^64 and 1/d', (t) => {
  t.deepEqual(collisionProbabilities(288, 1146, null), { optimistic: (288 * 858) / 2 ** 64, actual: null });
  t.deepEqual(collisionProbabilities(10, 20, 4), { optimistic: 100 / 2 ** 64, actual: 0.25 });
  t.is(new FingerprintSet(16).smallestGap(), null);
});
