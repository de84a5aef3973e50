import test from 'ava';
import { collisionProbabilities, collisionWarning } from '../checker/search/collision.js';
import { toCheckResult } from '../checker/check.js';
import { formatResult } from '../checker/report/text.js';

// 2·10^8 distinct of 10^9 generated: 2e8 · 8e8 / 2^64 = 8.7e-3 with 64 bits.
test('above 1e-3 a 64-bit run says it may have skipped states and names --fingerprint-bits 96; a 96-bit run does not', (t) => {
  const wide64 = collisionProbabilities(2e8, 1e9, null);
  t.is(collisionWarning(wide64), 'the optimistic probability that two distinct states shared a fingerprint is 8.7e-3, above 0.001: some states may have been skipped; check again with --fingerprint-bits 96');
  t.is(collisionWarning(collisionProbabilities(2e8, 1e9, null, 96)), null);
  t.is(collisionWarning(collisionProbabilities(1e6, 5e6, null)), null);
});

test('the verdict of an exhaustive run with that probability carries the warning, in the text report and the result message', (t) => {
  // A search outcome with those counts (the check itself would take hours), through the same path as every engine's.
  const outcome = { distinctStates: 2e8, generatedStates: 1e9, depth: 40, queueLeft: 0, findings: [], cutBy: [], constrainedOut: 0, bytesPerState: 12, peakTableBytes: 0, smallestFingerprintGap: null, unsatisfiedPossibles: [] };
  const risky = toCheckResult('big', {}, outcome, () => [], 1000);
  t.is(risky.verdict, 'ok');
  t.is(risky.message, 'the optimistic probability that two distinct states shared a fingerprint is 8.7e-3, above 0.001: some states may have been skipped; check again with --fingerprint-bits 96');
  t.regex(formatResult(risky), /^Model checking completed\. No error has been found\.\nWarning: the optimistic probability .* is 8\.7e-3, above 0\.001: .* --fingerprint-bits 96\.$/m);
  const safe = toCheckResult('small', {}, { ...outcome, distinctStates: 1e6, generatedStates: 5e6 }, () => [], 1000);
  t.is(safe.message, null);
  t.notRegex(formatResult(safe), /Warning/);
  const wide = toCheckResult('big', {}, { ...outcome, fingerprintBits: 96 as const }, () => [], 1000);
  t.is(wide.message, null);
});
