/**
 * TLC's two estimates of the probability that two distinct states shared a
 * fingerprint (conventions.md §3):
 * - optimistic: n·(g − n)/2^64, n distinct, g generated;
 * - actual: 1/d, d the smallest difference between two stored fingerprints in
 *   sorted order (the visited tables compute d, see ordered-table-gap.ts).
 */
export function collisionProbabilities(distinct: number, generated: number, gap: number | null, bits: 64 | 96 = 64): CollisionEstimates {
  const pairs = distinct * Math.max(0, generated - distinct);
  const actual = gap === null ? null : gap === 0 ? 1 : 1 / gap;
  if (bits === 64) return { optimistic: pairs / 2 ** 64, actual };
  // A 96-bit run also says what the same counts would have risked with 64 bits.
  return { optimistic: pairs / 2 ** 96, actual, fingerprintBits: 96, optimistic64: pairs / 2 ** 64 };
}

export interface CollisionEstimates {
  readonly optimistic: number;
  readonly actual: number | null;
  /** Present for 96-bit runs only (64 is the default and is not stated). */
  readonly fingerprintBits?: 96;
  /** For 96-bit runs: the optimistic estimate had the fingerprints been 64 bits. */
  readonly optimistic64?: number;
}

/** Above this optimistic estimate a run says it may have skipped states (and how to check again). */
export const COLLISION_WARNING_ABOVE = 1e-3;

/** The warning a 64-bit run whose optimistic estimate passed COLLISION_WARNING_ABOVE gives, or null. */
export function collisionWarning(estimates: CollisionEstimates): string | null {
  if (estimates.fingerprintBits === 96 || !(estimates.optimistic > COLLISION_WARNING_ABOVE)) return null;
  return `the optimistic probability that two distinct states shared a fingerprint is ${estimates.optimistic.toExponential(1)}, above ${COLLISION_WARNING_ABOVE}: some states may have been skipped; check again with --fingerprint-bits 96`;
}
