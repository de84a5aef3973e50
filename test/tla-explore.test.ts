import test from 'ava';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { handleApi, startExplorerServer, type SessionView } from '../checker/index.js';
import { TlaExplorerSession } from '../checker/tla/explorer-session.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const session = async () => new TlaExplorerSession(await loadTlaModel(fixture('Tokens.tla')));
const holds = (view: SessionView) => Object.fromEntries(view.properties.map((p) => [p.name, p.holds]));
const RESET = 'Next line 14, col 12 of module Tokens';

test('explore Tokens.tla: the initial state in TLA+ syntax (model values bare), successors labelled with their actions', async (t) => {
  const view = (await session()).view();
  t.is(view.model, 'Tokens');
  t.deepEqual(view.constants, { Procs: '{p1, p2}', Max: '2' });
  t.is(view.initialStates, 1);
  t.deepEqual(view.state, [
    { name: 'x', value: '0', changed: false, ghost: false },
    { name: 'owner', value: 'p1', changed: false, ghost: false },
  ]);
  t.deepEqual(view.enabled, [
    { index: 0, label: 'Inc', actor: null, changes: [{ variable: 'x', before: '0', after: '1' }], violates: [], onBranch: false },
    { index: 1, label: 'Inc', actor: null, changes: [{ variable: 'x', before: '0', after: '1' }, { variable: 'owner', before: 'p1', after: 'p2' }], violates: [], onBranch: false },
  ]);
  t.deepEqual(holds(view), { Small: true, deadlock: true });
  t.is(view.steps[0]!.label, 'Initial predicate');
  t.is(view.deadlock, false);
});

test('taking steps: the invariant judged per state and per successor, the unnamed disjunct labelled with its place', async (t) => {
  const s = await session();
  s.take(1, { label: 'Inc' });
  let view = s.view();
  t.is(view.path, '0/1');
  t.deepEqual(view.steps[1], { position: 1, label: 'Inc', actor: null, changes: ['x = 1', 'owner = p2'], failure: null, values: { x: '1', owner: 'p2' }, source: 'Tokens.tla:13' });
  t.deepEqual(view.enabled.map((e) => [e.label, e.violates]), [['Inc', ['Small']], ['Inc', ['Small']]]);
  s.take(0);
  view = s.view();
  t.deepEqual(view.state.map((v) => `${v.name} = ${v.value}${v.changed ? ' *' : ''}`), ['x = 2 *', 'owner = p1 *']);
  t.deepEqual(holds(view), { Small: false, deadlock: true });
  t.deepEqual(view.enabled.map((e) => e.label), [RESET]);
  s.take(0, { label: RESET });
  t.deepEqual(s.view().steps.map((step) => step.changes.join(', ')), ['', 'x = 1, owner = p2', 'x = 2, owner = p1', 'x = 0']);
  const stale = t.throws(() => s.take(0, { label: RESET }));
  t.is(stale?.message, `successor 0 is "Inc", not "${RESET}"; nothing was taken (reload the page)`);
});

test('going back and taking another step forks a branch; a path reopens the same states', async (t) => {
  const s = await session();
  s.take(0);
  s.take(0);
  s.back();
  s.take(1);
  const view = s.view();
  t.is(view.path, '0/0/1');
  t.deepEqual(view.branches.map((b) => [b.name, b.length]), [['initial state 0', 3], ['fork 1 (from initial state 0 at state 2)', 3]]);
  const other = await session();
  other.goToPath({ init: 0, steps: [0, 1] });
  t.deepEqual(other.view().state, view.state);
  t.is(t.throws(() => other.goToPath({ init: 0, steps: [0, 5] }))?.message, 'path 0/0/5: state 2 has no successor #5');
});

test('shortest path searches: to a state violating the invariant, and "no path" where none exists', async (t) => {
  const s = await session();
  s.findPath('Small', 'violated');
  let view = s.view();
  t.is(view.path, '0/0/0');
  t.is(view.message, 'Shortest path to a state where Small is violated: 2 steps (5 states explored).');
  t.is(view.messageKind, 'success');
  s.findPath('deadlock', 'violated');
  view = s.view();
  t.is(view.message, 'No path to a deadlocked state: no reachable state satisfies it (all 6 states explored).');
  t.is(t.throws(() => s.findPath('Big', 'holds'))?.message, 'unknown property "Big" (known: Small, deadlock)');
  t.is(t.throws(() => s.findFairCycle('Live'))?.message, 'Live: searching for a fair cycle is not available on a TLA+ specification yet (vigil check Spec.tla checks PROPERTY formulas)');
});

test('the JSON API routes work on a TLA+ session: take, a permalink of this model, and one made for other constants refused', async (t) => {
  const s = await session();
  t.is(handleApi(s, 'POST', 'take', { index: 1, path: '0', label: 'Inc' }).status, 200);
  const permalink = s.view().permalink;
  t.regex(permalink, /^model=Tokens&c\.Procs=%7Bp1,\+p2%7D&c\.Max=2&hash=[0-9a-f]{12}&path=0\/1$/);
  const fresh = await session();
  t.is(handleApi(fresh, 'POST', 'path', { path: permalink }).status, 200);
  t.is(fresh.view().path, '0/1');
  const foreign = handleApi(fresh, 'POST', 'path', { path: permalink.replace('c.Max=2', 'c.Max=3') });
  t.is(foreign.status, 400);
  t.regex((foreign.body as { error: string }).error, /Max/);
});

function call(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((done, reject) => {
    const r = request(url, { method, headers: { 'x-vigil-token': token, 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => done({ status: response.statusCode!, json: JSON.parse(text) }));
    });
    r.on('error', reject);
    r.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test('over HTTP: the explorer server serves a TLA+ session; a search runs in the request (no worker source)', async (t) => {
  const model = await loadTlaModel(fixture('Tokens.tla'));
  const server = await startExplorerServer(() => new TlaExplorerSession(model));
  try {
    const url = new URL(server.url);
    const token = url.searchParams.get('token')!;
    const view = await call(`${url.origin}/api/view`, 'GET', token);
    t.is(view.status, 200);
    t.deepEqual(view.json.state.map((v: { value: string }) => v.value), ['0', 'p1']);
    const found = await call(`${url.origin}/api/search`, 'POST', token, { property: 'Small', want: 'violated' });
    t.is(found.status, 200);
    t.is(found.json.path, '0/0/0');
    t.is(found.json.search, null);
    const lasso = await call(`${url.origin}/api/lasso`, 'POST', token, { property: 'Small' });
    t.is(lasso.status, 400);
  } finally {
    await server.close();
  }
});

test('vigil explore Spec.tla refuses the DSL-only flags and a missing configuration with one line, exit 151', (t) => {
  const trace = vigil(['explore', fixture('Tokens.tla'), '--trace', 'x.itf.json']);
  t.is(trace.status, 151);
  t.is(trace.stderr, 'vigil: explore of a .tla specification does not take --trace yet: the TLA+ front end runs its own sequential search (see docs/tla.md)\n');
  const config = vigil(['explore', fixture('Tokens.tla'), '--config', fixture('Missing.cfg')]);
  t.is(config.status, 151);
  t.is(config.stderr, `vigil: ${fixture('Missing.cfg')}: no such configuration file (pass --config FILE)\n`);
});
