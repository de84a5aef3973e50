/**
 * TLC's two estimates of the probability that two distinct states shared a
 * fingerprint (conventions.md §3):
 * - optimistic: n·(g − n)/2^64, n distinct, g generated;
 * - actual: 1/d, d the smallest difference between two stored fingerprints in
 *   sorted order.
 *
 * Sorting n 64-bit values as BigInts costs seconds at 10^8 states, so the gap is
 * found with a bucket sort on the top bits of the high lane: with about one
 * fingerprint per bucket, each bucket is sorted by insertion, and the smallest gap
 * is the smallest difference between neighbours within or across buckets.
 */
export type FingerprintVisitor = (visit: (hi: number, lo: number) => void) => void;

export function smallestGap(count: number, forEachFingerprint: FingerprintVisitor): number | null {
  if (count < 2) return null;
  const bucketBits = Math.min(24, Math.max(1, Math.ceil(Math.log2(count))));
  const shift = 32 - bucketBits;
  const starts = new Uint32Array((1 << bucketBits) + 1);
  forEachFingerprint((hi) => starts[(hi >>> shift) + 1]!++);
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const his = new Uint32Array(count);
  const los = new Uint32Array(count);
  const fill = starts.slice(0, -1);
  forEachFingerprint((hi, lo) => {
    const at = fill[hi >>> shift]!++;
    his[at] = hi >>> 0;
    los[at] = lo >>> 0;
  });
  for (let b = 0; b + 1 < starts.length; b++) insertionSort(his, los, starts[b]!, starts[b + 1]!);
  let smallest = Infinity;
  for (let i = 1; i < count; i++) {
    const gap = (his[i]! - his[i - 1]!) * 4294967296 + (los[i]! - los[i - 1]!);
    if (gap < smallest) smallest = gap;
  }
  return smallest;
}

/** Sorts entries [from, to) by (hi, lo); buckets hold about one entry each. */
function insertionSort(his: Uint32Array, los: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const hi = his[i]!;
    const lo = los[i]!;
    let j = i - 1;
    while (j >= from && (his[j]! > hi || (his[j]! === hi && los[j]! > lo))) {
      his[j + 1] = his[j]!;
      los[j + 1] = los[j]!;
      j--;
    }
    his[j + 1] = hi;
    los[j + 1] = lo;
  }
}

export function collisionProbabilities(distinct: number, generated: number, gap: number | null): { optimistic: number; actual: number | null } {
  const optimistic = (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
  return { optimistic, actual: gap === null ? null : gap === 0 ? 1 : 1 / gap };
}
