/**
 * TLC's second collision estimate ("based on the actual fingerprints"): 1/d, where
 * d is the smallest difference between two stored fingerprints in sorted order.
 * Returns that smallest gap; the caller turns it into a probability.
 */
export function smallestGap(fingerprints: BigUint64Array): bigint | null {
  if (fingerprints.length < 2) return null;
  fingerprints.sort();
  let smallest = fingerprints[1]! - fingerprints[0]!;
  for (let i = 2; i < fingerprints.length; i++) {
    const gap = fingerprints[i]! - fingerprints[i - 1]!;
    if (gap < smallest) smallest = gap;
  }
  return smallest;
}

/** TLC's optimistic estimate n·(g − n)/2^64 and the gap-based 1/d. */
export function collisionProbabilities(distinct: number, generated: number, gap: bigint | null): { optimistic: number; actual: number | null } {
  const optimistic = (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
  return { optimistic, actual: gap === null ? null : gap === 0n ? 1 : 1 / Number(gap) };
}
