import test from 'ava';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { handleApi, startExplorerServer, type SessionView } from '../checker/index.js';
import { TlaExplorerSession } from '../checker/tla/explorer-session.js';
import { checkTlaModel } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { cliPath, repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const session = async () => new TlaExplorerSession(await loadTlaModel(fixture('Owners.tla')));
const holds = (view: SessionView) => Object.fromEntries(view.properties.map((p) => [p.name, p.holds]));
const RESET = 'Next line 14, col 12 of module Owners';

test('explore Owners.tla: the initial state in TLA+ syntax (model values bare), successors labelled with their actions', async (t) => {
  const view = (await session()).view();
  t.is(view.model, 'Owners');
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
  t.deepEqual(view.steps[1], { position: 1, label: 'Inc', actor: null, changes: ['x = 1', 'owner = p2'], failure: null, values: { x: '1', owner: 'p2' }, source: 'Owners.tla:13' });
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
  t.regex(permalink, /^model=Owners&c\.Procs=%7Bp1,\+p2%7D&c\.Max=2&hash=[0-9a-f]{12}&path=0\/1$/);
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
  const model = await loadTlaModel(fixture('Owners.tla'));
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

test('a session on a counterexample starts at its violating state, read-only: stepping off it forks', async (t) => {
  const model = await loadTlaModel(fixture('Owners.tla'));
  const s = new TlaExplorerSession(model, { trace: { name: 'trace small.itf.json', states: checkTlaModel(model).trace } });
  let view = s.view();
  t.is(view.path, '0/0/0');
  t.deepEqual(holds(view), { Small: false, deadlock: true });
  t.deepEqual(view.branches, [{ id: 0, name: 'trace small.itf.json', length: 3, readOnly: true }]);
  s.take(0);
  view = s.view();
  t.deepEqual(view.branches.map((b) => [b.name, b.length]), [['trace small.itf.json', 3], ['fork 1 (from trace small.itf.json at state 3)', 4]]);
  const other = { name: 'trace other', states: [[0, model.modelValues[1]!]] };
  t.is(t.throws(() => new TlaExplorerSession(model, { trace: other }))?.message, 'trace other: its first state is not an initial state of Owners');
});

test('vigil explore Spec.tla --trace: a trace that is no behaviour of the spec, a DSL-only flag and a missing configuration are refused with one line, exit 151', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-explore-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'small.itf.json');
  t.is(vigil(['check', fixture('Owners.tla'), '--trace-out', file]).status, 12);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  itf.states[2].x = { '#bigint': '5' };
  writeFileSync(file, JSON.stringify(itf));
  const trace = vigil(['explore', fixture('Owners.tla'), '--trace', file]);
  t.is(trace.status, 151);
  t.is(trace.stderr, `vigil: ${file}: states[2]: not a legal step from states[1]: the closest of the 2 candidates has x = 2, states[2] has x = 5\n`);
  const constant = vigil(['explore', fixture('Owners.tla'), '--const', 'Max=3']);
  t.is(constant.status, 151);
  t.is(constant.stderr, 'vigil: explore of a .tla specification does not take --const (docs/tla.md lists the flags the TLA+ front end takes)\n');
  const config = vigil(['explore', fixture('Owners.tla'), '--config', fixture('Missing.cfg')]);
  t.is(config.status, 151);
  t.is(config.stderr, `vigil: ${fixture('Missing.cfg')}: no such configuration file (pass --config FILE)\n`);
});

/** Starts `vigil explore ARGS --port 0`, reads its view once, stops it with Ctrl-C; returns the view and the exit code. */
async function exploreOnce(args: readonly string[]): Promise<{ view: any; code: number | null }> {
  const child = spawn(process.execPath, [cliPath, 'explore', ...args, '--port', '0'], { cwd: repoRoot });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    const url = await new Promise<URL>((done, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
        if (match) done(new URL(match[0]));
      });
      child.once('exit', (code) => reject(new Error(`explore exited ${code} before serving`)));
    });
    const view = await call(`${url.origin}/api/view`, 'GET', url.searchParams.get('token')!);
    return { view: view.json, code: await (child.kill('SIGINT'), exited) };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

test('vigil explore Spec.tla --trace FILE: serves the counterexample check --trace-out wrote, opened at its last state; Ctrl-C ends it with exit 0', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-explore-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'small.itf.json');
  t.is(vigil(['check', fixture('Owners.tla'), '--trace-out', file]).status, 12);
  const { view, code } = await exploreOnce([fixture('Owners.tla'), '--trace', file]);
  t.is(code, 0);
  t.is(view.path, '0/0/0');
  t.deepEqual(view.branches, [{ id: 0, name: 'trace small.itf.json', length: 3, readOnly: true }]);
  t.deepEqual(view.steps.map((step: { label: string }) => step.label), ['Initial predicate', 'Inc', 'Inc']);
});
