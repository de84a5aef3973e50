import test from 'ava';
import { resolve } from 'node:path';
import { checkTlaModel } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { formatValue } from '../checker/tla/values.js';
import { repoRoot } from './helpers/cli.js';

/**
 * PROPERTY formulas with safety parts only (initial predicates, []P,
 * [][A]_v) are checked as TLC checks them: on the states and steps found,
 * without the specification's fairness, reporting the violation the BFS meets
 * first with the shortest trace to it. Traces and counts are TLC's (v1.8.0,
 * on SafetyProps.tla).
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function check(cfg: string) {
  const result = checkTlaModel(await loadTlaModel(fixture('SafetyProps.tla'), fixture(cfg)));
  return { ...result, states: result.trace.map((s) => s.map(formatValue).join(',')) };
}

test('[](x < 3) as a PROPERTY: the shortest trace to x = 3, ending there', async (t) => {
  const r = await check('SafetyPropsBelow3.cfg');
  t.deepEqual([r.verdict, r.violated, r.exitCode, r.loopBack], ['property', 'Below3', 13, -1]);
  t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0']);
});

test('[][y\' = y]_vars: the first flip step, not a fair behaviour carried on past it', async (t) => {
  const r = await check('SafetyPropsNoFlip.cfg');
  t.deepEqual([r.verdict, r.violated], ['property', 'NoFlip']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('both parts: the bad step met at x = 1 comes before the bad state found from x = 2', async (t) => {
  const r = await check('SafetyPropsBoth.cfg');
  t.deepEqual([r.verdict, r.violated], ['property', 'Both']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('a fairness condition is not evaluated for safety parts (its ENABLED would fail): TLC\'s counts, no error', async (t) => {
  const r = await check('SafetyPropsBoom.cfg');
  t.deepEqual([r.verdict, r.distinct, r.generated, r.depth], ['ok', 7, 7, 5]);
});

test('a safety property is reported before a liveness one listed first, as TLC finds it during its search', async (t) => {
  const r = await check('SafetyPropsMixed.cfg');
  t.deepEqual([r.verdict, r.violated], ['property', 'NoFlip']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('liveness properties beside them are still checked under the fairness: <>(y = 1) fails on the fair run that never flips', async (t) => {
  const r = await check('SafetyPropsLive.cfg');
  t.deepEqual([r.verdict, r.violated, r.loopBack], ['property', 'Flips', -1]);
  t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0']);
});
