import test from 'ava';
import { ExplorerSession, handleApi, prepare, replayTrace, startExplorerServer, type SessionView } from '../checker/index.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import { counterexampleItf, loaded } from './helpers/traces.js';

function traceSession(): ExplorerSession {
  const runtime = prepare(diehard).runtime;
  const replay = replayTrace(runtime, loaded(diehard, counterexampleItf(diehard)));
  return new ExplorerSession(runtime, { trace: { name: 'trace cex.itf.json', steps: replay.steps } });
}

const holds = (view: SessionView) => Object.fromEntries(view.properties.map((p) => [p.name, p.holds]));

test('a session on a trace starts at its violating state', (t) => {
  const view = traceSession().view();
  t.is(view.position, 6);
  t.is(view.path, '0/1/5/2/5/1/5');
  t.deepEqual(holds(view), { TypeOK: true, NotSolved: false, deadlock: true });
  t.deepEqual(view.branches, [{ id: 0, name: 'trace cex.itf.json', length: 7, readOnly: true }]);
});

test('going back two states and taking another action forks, keeping the trace', (t) => {
  const session = traceSession();
  session.back();
  session.back();
  let view = session.view();
  t.is(view.position, 4);
  t.deepEqual(view.state, [
    { name: 'big', value: '0', changed: true, ghost: false },
    { name: 'small', value: '2', changed: true, ghost: false },
  ]);
  t.deepEqual(view.enabled.filter((a) => a.onBranch).map((a) => a.label), ['FillBigJug']);
  t.deepEqual(view.enabled[0], { index: 0, label: 'FillSmallJug', actor: null, changes: [{ variable: 'small', before: '2', after: '3' }], violates: [], onBranch: false });
  session.take(0);
  view = session.view();
  t.is(view.path, '0/1/5/2/5/0');
  t.deepEqual(view.branches.map((b) => [b.name, b.length]), [['trace cex.itf.json', 7], ['fork 1 (from trace cex.itf.json at state 5)', 6]]);
  t.deepEqual(holds(view), { TypeOK: true, NotSolved: true, deadlock: true });
  session.take(1); // at the end of a fork: extends it
  t.is(session.view().branches.length, 2);
  session.selectBranch(0);
  t.is(session.view().position, 6);
});

test('taking the step the branch takes anyway just moves along it', (t) => {
  const session = traceSession();
  session.goTo(2);
  session.take(2);
  t.deepEqual(session.cursor, { branch: 0, position: 3 });
  t.is(session.view().branches.length, 1);
});

test('the shortest path to a property (or its negation) is found and followed', (t) => {
  const session = traceSession();
  session.goTo(0);
  session.findPath('NotSolved', 'violated');
  const view = session.view();
  t.is(view.message, 'Shortest path to a state where NotSolved is violated: 6 steps (14 states explored).');
  t.is(view.steps.length, 7);
  t.false(holds(view).NotSolved);
  t.is(view.path, '0/1/5/2/5/1/5', 'the same shortest path as the checker');
  session.findPath('TypeOK', 'violated');
  t.is(session.view().message, 'No path to a state where TypeOK is violated: no reachable state satisfies it (all 16 states explored).');
  session.findPath('NotSolved', 'violated');
  t.is(session.view().message, 'The current state is already a state where NotSolved is violated.');
  session.goTo(0);
  session.findPath('NotSolved', 'violated', { maxDepth: 3 });
  t.is(session.view().message, 'No path to a state where NotSolved is violated: no such state within 3 steps.');
});

test('sessions without a trace start at initial state 0; paths can be opened directly', (t) => {
  const session = new ExplorerSession(prepare(lockOrder).runtime);
  t.is(session.view().path, '0');
  session.goToPath({ init: 0, steps: [0, 0] });
  const view = session.view();
  t.true(view.deadlock);
  t.deepEqual(view.enabled, []);
  t.deepEqual(view.steps.map((s) => [s.label, s.actor]), [['Init', null], ['T1: take first lock', 'T1'], ['T2: take first lock', 'T2']]);
});

test('the API maps routes to the session and refuses bad requests with 400', (t) => {
  const session = traceSession();
  t.is(handleApi(session, 'GET', 'view', undefined).status, 200);
  const back = handleApi(session, 'POST', 'back', {});
  t.is((back.body as SessionView).position, 5);
  t.deepEqual(handleApi(session, 'POST', 'take', { index: 99 }), { status: 400, body: { error: 'successor 99 is not an enabled step of the current state' } });
  t.deepEqual(handleApi(session, 'POST', 'take', { index: 'x' }), { status: 400, body: { error: 'field "index": expected an integer, got "x"' } });
  t.deepEqual(handleApi(session, 'POST', 'search', { property: 'Nope' }), { status: 400, body: { error: 'unknown property "Nope" (known: TypeOK, NotSolved, deadlock)' } });
  t.deepEqual(handleApi(session, 'POST', 'path', { path: '0/x' }), { status: 400, body: { error: 'path "0/x": expected indices separated by "/", such as 0/1/5 (a failed last step is -1, -2, ...)' } });
  t.is(handleApi(session, 'GET', 'take', undefined).status, 405);
  t.is(handleApi(session, 'GET', 'nothing', undefined).status, 404);
});

test('the server serves the page, its script and the JSON API on loopback', async (t) => {
  const server = await startExplorerServer(traceSession(), { port: 0 });
  try {
    t.regex(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const base = server.url.replace(/\?.*$/, '');
    const token = new URL(server.url).searchParams.get('token')!;
    const page = await fetch(server.url);
    t.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
    t.regex(await page.text(), /<script src="\/app\.js"><\/script>/);
    t.is((await fetch(`${base}app.js`)).status, 200);
    const headers = { 'x-vigil-token': token, 'content-type': 'application/json' };
    const moved = await fetch(`${base}api/goto`, { method: 'POST', headers, body: JSON.stringify({ position: 1 }) });
    t.is(((await moved.json()) as SessionView).path, '0/1');
    const broken = await fetch(`${base}api/goto`, { method: 'POST', headers, body: '{' });
    t.deepEqual([broken.status, await broken.json()], [400, { error: 'request body is not JSON' }]);
    t.is((await fetch(`${base}missing`)).status, 404);
  } finally {
    await server.close();
  }
});
