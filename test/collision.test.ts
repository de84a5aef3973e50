import test from 'ava';
import { collisionProbabilities, smallestGap } from '../checker/collision.js';

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

test('the bucketed smallest gap equals the sorted-BigInt definition', (t) => {
  for (const [count, seed] of [[2, 1], [3, 7], [1000, 42], [50_000, 9]] as const) {
    const pairs = pseudoRandomPairs(count, seed);
    const gap = smallestGap(pairs.length, (visit) => pairs.forEach(([hi, lo]) => visit(hi, lo)));
    t.is(gap, bruteForceGap(pairs), `${count} fingerprints`);
  }
});

test('close fingerprints in the same and in neighbouring buckets', (t) => {
  const pairs: [number, number][] = [[5, 100], [5, 90], [-1, -1], [-1, -8], [0x7fffffff, -1], [-0x80000000, 0]];
  t.is(smallestGap(pairs.length, (visit) => pairs.forEach(([hi, lo]) => visit(hi, lo))), 1);
});

test('collision probabilities follow TLC: n(g-n)/2^64 and 1/d', (t) => {
  t.deepEqual(collisionProbabilities(288, 1146, null), { optimistic: (288 * 858) / 2 ** 64, actual: null });
  t.deepEqual(collisionProbabilities(10, 20, 4), { optimistic: 100 / 2 ** 64, actual: 0.25 });
  t.is(smallestGap(1, () => undefined), null);
});
