import test from 'ava';
import { check, ExplorerSession, handleApi, prepare, replayTrace, startExplorerServer, type SessionView } from '../checker/index.js';
import fairWorkers from '../models/examples/fair-workers.js';
import missedWakeup from '../models/examples/missed-wakeup.js';
import { defineSpec, model, t as types } from '../spec/index.js';

// Issue 22: the explorer lists temporal properties, searches for a fair cycle and shows a lasso as a loop.

test('the explorer lists temporal properties and finds a fair cycle violating one, shown as a loop with its explanation', (t) => {
  const session = new ExplorerSession(prepare(fairWorkers, { fairness: 'action' }).runtime);
  t.deepEqual(session.view().temporal, [{ name: 'Finishes', description: null }]);
  t.is(session.view().loop, null);
  const answer = handleApi(session, 'POST', 'lasso', { property: 'Finishes' });
  t.is(answer.status, 200);
  const view = answer.body as SessionView;
  t.is(view.message, 'A fair behaviour violating Finishes (<>P): 2 states, then loops back to state 1 (4 states searched).');
  t.is(view.messageKind, 'success');
  t.deepEqual(view.loop, { start: 0, stuttering: false, action: 'Work(w = 1)' });
  t.deepEqual(view.steps.map((s) => s.label), ['Init', 'Work(w = 1)']);
  t.is(view.branches.at(-1)!.name, 'lasso 1: Finishes violated');
  t.deepEqual(view.why.slice(-4), ['  Fairness on the loop:', '    WF(Work): taken on the loop (Work(w = 1))', '  Enabled in every state of the loop and never taken:', '    Work(w = 2): WF(Work) covers it and is met by Work(w = 1)']);
  const holds = new ExplorerSession(prepare(fairWorkers, { fairness: 'instance' }).runtime);
  t.is((handleApi(holds, 'POST', 'lasso', { property: 'Finishes' }).body as SessionView).message, 'No fair behaviour violates Finishes: it holds (4 states searched).');
  t.deepEqual(handleApi(holds, 'POST', 'lasso', { property: 'Nope' }), { status: 400, body: { error: 'no temporal property is named "Nope"' } });
});

test('a loaded lasso trace shows where it loops and why it breaks its property', (t) => {
  const runtime = prepare(missedWakeup, {}).runtime;
  const result = check(missedWakeup, {});
  const replay = replayTrace(runtime, { file: 't', meta: {}, states: result.trace!.map((s) => s.state as Record<string, unknown>), labels: result.trace!.map((s) => s.action), loop: undefined });
  const session = new ExplorerSession(runtime, { trace: { name: 'trace wakeup', steps: replay.steps, lasso: { loop: result.loop!, property: 'Wakes' } } });
  const view = session.view();
  t.deepEqual(view.loop, { start: 4, stuttering: true, action: null });
  // The model does not check deadlock: its last state stutters, it is no deadlock.
  t.deepEqual([view.enabled.length, view.deadlock], [0, false]);
  t.is(view.why[0], 'Why it broke: Wakes is <>P (models/examples/missed-wakeup.ts:39)');
  t.true(view.why.includes(`    WF(W): disabled in state 5: W: schedule() disabled: task = "UNINTERRUPTIBLE" (guard: s.task === 'RUNNING')`));
  // Stepping off the lasso forks a branch that is no lasso.
  const at = handleApi(session, 'POST', 'goto', { position: 1 }).body as SessionView;
  const other = at.enabled.find((a) => !a.onBranch)!;
  const fork = handleApi(session, 'POST', 'take', { index: other.index }).body as SessionView;
  t.is(fork.branches.length, 2);
  t.is(fork.loop, null);
  t.deepEqual(fork.why, []);
});

const ghostly = defineSpec({
  name: 'ghostly',
  constants: {},
  build: () =>
    model({ x: types.int(0, 2), seen: types.int(0, 2) })
      .initial({ x: 0, seen: 0 })
      .action('Inc', { when: (s) => s.x < 2 }, (n, _p, s) => {
        n.x = s.x + 1;
        n.seen = s.seen + 1;
      })
      .deadlock(false)
      .ghost('seen'),
});

test('ghost variables are marked (the page hides them) and left out of step changes; the page has a favicon and a watch example of its own', async (t) => {
  const session = new ExplorerSession(prepare(ghostly, {}).runtime);
  const view = handleApi(session, 'POST', 'take', { index: 0 }).body as SessionView;
  t.deepEqual(view.state.map((v) => `${v.name}:${v.ghost}`), ['x:false', 'seen:true']);
  t.deepEqual(view.steps[1]!.changes, ['x = 1']);
  const server = await startExplorerServer(() => new ExplorerSession(prepare(ghostly, {}).runtime));
  try {
    const url = new URL(server.url);
    const icon = await fetch(`${url.origin}/favicon.ico`);
    t.is(icon.status, 200);
    t.is(icon.headers.get('content-type'), 'image/svg+xml');
    const page = await (await fetch(server.url)).text();
    t.true(page.includes('<input id="watch-input" placeholder="s.x" size="28">'));
    t.false(page.includes('openRef'));
  } finally {
    await server.close();
  }
});

test('the page script parses (a syntax error would leave the page empty)', async (t) => {
  const { explorerScript } = await import('../checker/explorer/ui-script.js');
  t.notThrows(() => new Function(explorerScript));
});
