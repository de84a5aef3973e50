import test from 'ava';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkTlaModel } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { formatValue } from '../checker/tla/values.js';
import { repoRoot } from './helpers/cli.js';

/**
 * PROPERTY formulas with safety parts only (initial predicates, []P,
 * [][A]_v) are checked as TLC checks them: on the states and steps found,
 * without the specification's fairness, reporting the violation the BFS meets
 * first with the shortest trace to it and TLC's message and exit code. Traces and counts are TLC's (v1.8.0,
 * on SafetyProps.tla).
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function check(cfg: string) {
  const result = checkTlaModel(await loadTlaModel(fixture('SafetyProps.tla'), fixture(cfg)));
  return { ...result, states: result.trace.map((s) => s.map(formatValue).join(',')) };
}

test('[](x < 3) as a PROPERTY: an invariant violation as TLC reports it (exit 12), the shortest trace to x = 3', async (t) => {
  const r = await check('SafetyPropsBelow3.cfg');
  t.deepEqual([r.verdict, r.violated, r.exitCode, r.loopBack, r.message], ['invariant', 'Below3', 12, undefined, 'Invariant Below3 is violated.']);
  t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0']);
});

test('[][y\' = y]_vars: the first flip step, not a fair behaviour carried on past it', async (t) => {
  const r = await check('SafetyPropsNoFlip.cfg');
  t.deepEqual([r.verdict, r.violated, r.exitCode, r.loopBack, r.message], ['property', 'NoFlip', 13, undefined, 'Action property NoFlip is violated.']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('both parts: the bad step met at x = 1 comes before the bad state found from x = 2', async (t) => {
  const r = await check('SafetyPropsBoth.cfg');
  t.deepEqual([r.verdict, r.violated, r.message], ['property', 'Both', 'Action property Both is violated.']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('a fairness condition is not evaluated for safety parts (its ENABLED would fail): TLC\'s counts, no error', async (t) => {
  const r = await check('SafetyPropsBoom.cfg');
  t.deepEqual([r.verdict, r.distinct, r.generated, r.depth], ['ok', 7, 7, 5]);
});

test('a safety property is reported before a liveness one listed first, as TLC finds it during its search', async (t) => {
  const r = await check('SafetyPropsMixed.cfg');
  t.deepEqual([r.verdict, r.violated, r.message], ['property', 'NoFlip', 'Action property NoFlip is violated.']);
  t.deepEqual(r.states, ['0,0', '1,0', '1,1']);
});

test('liveness properties beside them are still checked under the fairness: <>(y = 1) fails on the fair run that never flips', async (t) => {
  const r = await check('SafetyPropsLive.cfg');
  t.deepEqual([r.verdict, r.violated, r.loopBack, r.message], ['property', 'Flips', -1, 'Temporal properties were violated.']);
  t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0']);
});

test('a predicate of the initial state as a PROPERTY: "Property ... is violated by the initial state.", exit 13, one state', async (t) => {
  const r = await check('SafetyPropsInitial.cfg');
  t.deepEqual([r.verdict, r.violated, r.exitCode, r.message], ['property', 'StartsAtOne', 13, 'Property StartsAtOne is violated by the initial state.']);
  t.deepEqual(r.states, ['0,0']);
});

test('the text output of an action property is TLC\'s: the behaviour up to the bad step, no lasso line', (t) => {
  const r = spawnSync(process.execPath, [resolve(repoRoot, 'dist/checker/cli/main.js'), 'check', fixture('SafetyProps.tla'), '--config', fixture('SafetyPropsNoFlip.cfg')], { encoding: 'utf8' });
  t.is(r.status, 13);
  t.true(r.stdout.startsWith('Error: Action property NoFlip is violated.\nError: The behavior up to this point is:\nState 1: <Initial predicate>\n/\\ x = 0\n/\\ y = 0\n\n'), r.stdout);
  t.regex(r.stdout, /State 3: <Next>\n\/\\ x = 1\n\/\\ y = 1\n\n\d+ states generated/);
  t.notRegex(r.stdout, /Stuttering|Back to state/);
});

test('a violation in an initial state is printed as TLC prints it: "... is violated by the initial state:" and the state alone', (t) => {
  // TLC v1.8.0 on InitBad.tla and on SafetyProps.tla with SafetyPropsInitial.cfg (exit 12 and 13).
  const run = (spec: string, cfg: string) => spawnSync(process.execPath, [resolve(repoRoot, 'dist/checker/cli/main.js'), 'check', fixture(spec), '--config', fixture(cfg)], { encoding: 'utf8' });
  const invariant = run('InitBad.tla', 'InitBad.cfg');
  t.is(invariant.status, 12);
  t.true(invariant.stdout.startsWith('Error: Invariant Inv is violated by the initial state:\n/\\ x = 0\n/\\ y = 1\n\n1 states generated'), invariant.stdout);
  const property = run('SafetyProps.tla', 'SafetyPropsInitial.cfg');
  t.is(property.status, 13);
  t.true(property.stdout.startsWith('Error: Property StartsAtOne is violated by the initial state:\n/\\ x = 0\n/\\ y = 0\n\n'), property.stdout);
});
