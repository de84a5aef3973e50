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

/** Above this optimistic estimate a run says that its result may have lost states (issue 19). */
export const COLLISION_WARNING_THRESHOLD = 1e-3;

/**
 * The warning a run gives when its optimistic collision estimate ends above
 * COLLISION_WARNING_THRESHOLD, naming the flag that makes it smaller; else null.
 */
export function collisionWarning(estimates: CollisionEstimates): string | null {
  if (!(estimates.optimistic > COLLISION_WARNING_THRESHOLD)) return null;
  const risk = `Warning: the optimistic probability that two distinct states shared a fingerprint is ${estimates.optimistic.toExponential(1)}, above 1e-3: some states may have been skipped without notice`;
  if (estimates.fingerprintBits === 96) return `${risk}, even with --fingerprint-bits 96.`;
  return `${risk}. Check again with --fingerprint-bits 96 (about 2^32 times smaller).`;
}

export interface CollisionEstimates {
  readonly optimistic: number;
  readonly actual: number | null;
  /** Present for 96-bit runs only (64 is the default and is not stated). */
  readonly fingerprintBits?: 96;
  /** For 96-bit runs: the optimistic estimate had the fingerprints been 64 bits. */
  readonly optimistic64?: number;
}
