import type { ExecutionContext } from 'ava';
import { check, referenceCheck, type CheckResult } from '../../checker/index.js';
import type { Spec } from '../../spec/index.js';

/**
 * Runs the fast engine and the reference explorer on the same model and requires
 * the same verdict and property; for passing runs the same distinct, generated and
 * depth counts, for failing runs the same shortest-trace length.
 */
export function checkBothEngines(t: ExecutionContext, spec: Spec<any>, constants: Record<string, unknown> = {}): CheckResult {
  const fast = check(spec, { constants });
  const reference = referenceCheck(spec, { constants });
  t.is(reference.verdict, fast.verdict, 'verdicts differ between the engines');
  t.is(reference.property, fast.property, 'violated properties differ between the engines');
  if (fast.verdict === 'ok') {
    t.is(reference.distinctStates, fast.distinctStates, 'distinct counts differ');
    t.is(reference.generatedStates, fast.generatedStates, 'generated counts differ');
    t.is(reference.depth, fast.depth, 'depths differ');
  } else {
    t.is(reference.traceLength, fast.trace?.length ?? null, 'shortest trace lengths differ');
  }
  return fast;
}
