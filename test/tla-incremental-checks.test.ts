import test from 'ava';
import { resolve } from 'node:path';
import { checkTlaModel } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTlaParallel } from '../checker/tla/parallel-search.js';
import { predicateParts } from '../checker/tla/predicate-parts.js';
import { formatValue } from '../checker/tla/values.js';
import { repoRoot } from './helpers/cli.js';

/**
 * A successor is checked only on the invariant and constraint conjuncts whose
 * variables its step changed (predicate-parts.ts, read-sets.ts). The variables
 * a conjunct reads are found through instances, operator arguments and
 * recursive definitions; a conjunct using TLCGet is checked in every state.
 * The verdicts, traces and counts are TLC's (v1.8.0, on IncrementalChecks.tla):
 * a conjunct wrongly skipped would miss the violation.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function check(cfg: string) {
  const result = checkTlaModel(await loadTlaModel(fixture('IncrementalChecks.tla'), fixture(cfg)));
  return { ...result, states: result.trace.map((s) => s.map(formatValue).join(',')) };
}

test('each conjunct is known by the variables it reads, through instances, LAMBDA arguments and recursion', async (t) => {
  const model = await loadTlaModel(fixture('IncrementalChecks.tla'), fixture('IncViaInstance.cfg'));
  const reads = (name: string) =>
    predicateParts({ k: 'app', name, args: [], at: model.init.at }, model.scope).map((p) => (p.reads === null ? 'any' : [...p.reads].map((i) => model.variables[i]).join('+')));
  t.deepEqual(reads('ViaInstance'), ['x', 'y', 'y']);
  t.deepEqual(reads('HigherOrder'), ['x', 'y', 'x']);
  // A recursive operator and TLCGet: not analysed, evaluated in every state.
  t.deepEqual(reads('Recursive'), ['x', 'y', 'any']);
  t.deepEqual(reads('ByLevel'), ['x', 'y', 'any']);
});

test('a conjunct reading y through an instance substitution is checked when y changes', async (t) => {
  const r = await check('IncViaInstance.cfg');
  t.deepEqual([r.verdict, r.violated, r.message, r.distinct, r.generated, r.depth], ['invariant', 'ViaInstance', 'Invariant ViaInstance is violated.', 6, 7, 3]);
  t.deepEqual(r.states, ['0,0', '0,1', '0,2']);
});

test('a conjunct reading x through a LAMBDA argument, and one through a recursive operator, are checked when x changes', async (t) => {
  for (const cfg of ['IncHigherOrder.cfg', 'IncRecursive.cfg']) {
    const r = await check(cfg);
    t.deepEqual([r.verdict, r.distinct, r.generated, r.depth], ['invariant', 7, 8, 4], cfg);
    t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0'], cfg);
  }
});

test('a conjunct on TLCGet("level") reads no variable and is still checked in every state', async (t) => {
  const r = await check('IncByLevel.cfg');
  t.deepEqual([r.verdict, r.violated, r.distinct, r.generated, r.depth], ['invariant', 'ByLevel', 15, 21, 6]);
  t.deepEqual(r.states, ['0,0', '1,0', '2,0', '3,0', '4,0', '4,1']);
});

test('CONSTRAINT conjuncts are skipped only where their variables are unchanged: TLC\'s counts', async (t) => {
  const window = await check('IncWindow.cfg');
  t.deepEqual([window.verdict, window.distinct, window.generated, window.depth], ['ok', 6, 13, 4]);
  const byLevel = await check('IncWindowByLevel.cfg');
  t.deepEqual([byLevel.verdict, byLevel.distinct, byLevel.generated, byLevel.depth], ['ok', 6, 13, 3]);
});

test('with --workers 2 the workers skip the same conjuncts: the same verdicts and counts', async (t) => {
  const run = async (cfg: string) => searchTlaParallel(await loadTlaModel(fixture('IncrementalChecks.tla'), fixture(cfg)), 2);
  const instance = await run('IncViaInstance.cfg');
  t.deepEqual([instance.verdict, instance.violated, instance.trace.length], ['invariant', 'ViaInstance', 3]);
  const higher = await run('IncHigherOrder.cfg');
  t.deepEqual([higher.verdict, higher.violated, higher.trace.length], ['invariant', 'HigherOrder', 4]);
  const window = await run('IncWindow.cfg');
  t.deepEqual([window.verdict, window.distinct, window.generated, window.depth], ['ok', 6, 13, 4]);
});
