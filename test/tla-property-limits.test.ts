import test from 'ava';
import { resolve } from 'node:path';
import { StopRequest } from '../checker/search/stop-request.js';
import { checkTlaModelWith } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTlaAsync } from '../checker/tla/search.js';
import { repoRoot } from './helpers/cli.js';

/**
 * --max-time and SIGINT bound the PROPERTY check too, not only the search: a
 * check whose budget ran out (or that was interrupted) after a complete search
 * is not exhaustive, says which properties it did not check, and exits 153.
 * Here the search itself is complete (no limits given to it) and the limits
 * are already past when the properties' turn comes.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

test('a time budget that ran out before the properties: incomplete, exit 153, the properties named as not checked', async (t) => {
  const model = await loadTlaModel(fixture('Live.tla'), fixture('LiveRing.cfg'));
  const result = await checkTlaModelWith(model, (recordGraph) => searchTlaAsync(model, { recordGraph }), { deadline: Date.now() - 1 });
  t.is(result.verdict, 'incomplete');
  t.is(result.exitCode, 153);
  t.is(result.cut, 'time');
  t.is(result.message, 'Not exhaustive: temporal property Visits and those after it were not checked: the time budget ran out after 3 states of the liveness graph.');
  // The search's counts stand: it was complete.
  t.deepEqual([result.distinct, result.generated, result.depth, result.queueLeft], [3, 4, 3, 0]);
  t.deepEqual(result.trace, []);
});

test('a stop request before the properties: incomplete, exit 153, interrupted', async (t) => {
  const model = await loadTlaModel(fixture('Live.tla'), fixture('LiveRing.cfg'));
  const stop = new StopRequest();
  stop.request('SIGINT');
  const result = await checkTlaModelWith(model, (recordGraph) => searchTlaAsync(model, { recordGraph }), { stop });
  t.is(result.verdict, 'incomplete');
  t.is(result.exitCode, 153);
  t.is(result.cut, 'interrupt');
  t.is(result.message, 'Not exhaustive: temporal property Visits and those after it were not checked: the run was interrupted by SIGINT after 3 states of the liveness graph.');
});

test('without limits the same check finds Settles violated (exit 13)', async (t) => {
  const model = await loadTlaModel(fixture('Live.tla'), fixture('LiveRing.cfg'));
  const result = await checkTlaModelWith(model, (recordGraph) => searchTlaAsync(model, { recordGraph }), {});
  t.is(result.verdict, 'property');
  t.is(result.violated, 'Settles');
  t.is(result.exitCode, 13);
});
