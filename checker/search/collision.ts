/**
 * TLC's two estimates of the probability that two distinct states shared a
 * fingerprint (conventions.md §3):
 * - optimistic: n·(g − n)/2^64, n distinct, g generated;
 * - actual: 1/d, d the smallest difference between two stored fingerprints in
 *   sorted order (the visited tables compute d, see ordered-table-gap.ts).
 */
export function collisionProbabilities(distinct: number, generated: number, gap: number | null): { optimistic: number; actual: number | null } {
  const optimistic = (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
  return { optimistic, actual: gap === null ? null : gap === 0 ? 1 : 1 / gap };
}
