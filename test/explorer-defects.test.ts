import test from 'ava';
import { check, decodePath, ExplorerSession, handleApi, htmlReportInput, prepare, replayTrace, startExplorerServer, walkPath, type SessionView } from '../checker/index.js';
import vfio from '../models/vfio-pm/index.js';
import { itfOf, loaded } from './helpers/traces.js';

/**
 * Issue 13's explorer defects, each on the vfio-pm counterexample that showed it.
 * The traces are pinned here once (M1: S1 after 12 states, H1: assertion S7 after
 * 21), so a change to the model updates one place.
 */
const M1 = { mutant: 'M1' };
/** scenarios/h1-unmask-eventfd.yaml: H1 with every other actor and the failure paths off. */
const H1 = { script: 'INTX_ON,ENTRY', unmaskfd: 1, vcpu: 0, host: 0, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false, intxAtOpen: false };
const M1_PATH = '0/1/1/1/1/1/1/0/0/0/1/1';
const H1_PATH = '0/0/0/0/0/0/0/0/0/0/0/0/0/0/2/2/1/2/2/2/-1';

function session(constants: Record<string, unknown>): ExplorerSession {
  return new ExplorerSession(prepare(vfio, constants).runtime);
}

const at = (view: SessionView, name: string, kind: string) => view.properties.find((p) => p.name === name && p.kind === kind)?.holds;

test('defect 1: a stale page cannot take another action than the one it shows (409), and tabs have their own sessions', async (t) => {
  const tab = session(M1);
  tab.goToPath(decodePath('0/1/1'));
  const shown = tab.view();
  const clicked = shown.enabled[0]!;
  tab.goTo(1); // another tab (or a click) moved this session meanwhile
  const refused = handleApi(tab, 'POST', 'take', { index: clicked.index, path: shown.path, label: clicked.label });
  t.deepEqual(refused, { status: 409, body: { error: 'this page is out of date: it shows path 0/1/1, the session is at 0/1; nothing was taken (reload the page)' } });
  t.is(tab.view().path, '0/1', 'nothing was taken');
  const wrongLabel = handleApi(tab, 'POST', 'take', { index: 0, path: '0/1', label: 'X: something else' });
  t.is(wrongLabel.status, 409);
  t.regex((wrongLabel.body as { error: string }).error, /^successor 0 is ".*", not "X: something else"; nothing was taken \(reload the page\)$/);

  const runtime = prepare(vfio, M1).runtime;
  const server = await startExplorerServer(() => new ExplorerSession(runtime));
  try {
    const url = new URL(server.url);
    const headers = (tabId: string) => ({ 'x-vigil-token': url.searchParams.get('token')!, 'x-vigil-tab': tabId, 'content-type': 'application/json' });
    const post = async (tabId: string, route: string, body: unknown) => (await (await fetch(`${url.origin}/api/${route}`, { method: 'POST', headers: headers(tabId), body: JSON.stringify(body) })).json()) as SessionView;
    await post('tabA', 'path', { path: '0/1/1' });
    await post('tabB', 'path', { path: '0/1/1/1' });
    const a = (await (await fetch(`${url.origin}/api/view`, { headers: headers('tabA') })).json()) as SessionView;
    t.is(a.path, '0/1/1', "tab B's clicks do not move tab A");
    const taken = await post('tabA', 'take', { index: a.enabled[0]!.index, path: a.path, label: a.enabled[0]!.label });
    t.is(taken.path, '0/1/1/0');
    t.is(taken.steps.at(-1)!.label, a.enabled[0]!.label, 'tab A took the action it showed');
  } finally {
    await server.close();
  }
});

test('defect 2: a permalink carries model, constants and source hash; another configuration refuses it', (t) => {
  const m1 = session(M1);
  m1.goToPath(decodePath(M1_PATH));
  const link = m1.view().permalink;
  t.regex(link, /^model=vfio-pm&c\.variant=MERGED&c\.mutant=M1&.*&hash=[0-9a-f]{12}&path=0\/1\/1\/1\/1\/1\/1\/0\/0\/0\/1\/1$/);
  const plain = session({});
  const refused = handleApi(plain, 'POST', 'path', { path: link });
  t.deepEqual(refused, {
    status: 400,
    body: { error: 'this permalink is for other constants: mutant=M1 (here NONE); nothing was opened (restart vigil explore vfio-pm with --const mutant=M1)' },
  });
  t.is(plain.view().path, '0', 'the unmutated model did not move');
  const edited = link.replace(/hash=[0-9a-f]{12}/, 'hash=000000000000');
  t.regex((handleApi(m1, 'POST', 'path', { path: edited }).body as { error: string }).error, /^this permalink was made from another version of the model source \(hash 000000000000, here [0-9a-f]{12}\); nothing was opened$/);
  const fresh = session(M1);
  t.is((handleApi(fresh, 'POST', 'path', { path: link }).body as SessionView).path, M1_PATH);
  // The report's permalink is the same link, with the explore command for the same constants.
  const report = htmlReportInput(vfio, check(vfio, { constants: M1 }));
  t.is(report.permalink, link);
  t.is(report.exploreCommand, 'vigil explore vfio-pm --const mutant=M1');
});

test('defect 3 and 8: a path ending in a failed step (-1) reopens, with the same number of states as the report', (t) => {
  const result = check(vfio, { constants: H1 });
  t.is(result.trace!.length, 21);
  const report = htmlReportInput(vfio, result);
  t.is(report.path, H1_PATH);
  const explorer = session(H1);
  const view = handleApi(explorer, 'POST', 'path', { path: H1_PATH }).body as SessionView;
  t.is(view.steps.length, 21);
  t.is(view.position, 20, 'the page says "state 21 of 21"');
  t.is(walkPath(prepare(vfio, H1).runtime, decodePath(H1_PATH)).length, 21);
  // Loaded from an ITF trace: the same path.
  const runtime = prepare(vfio, H1).runtime;
  const replay = replayTrace(runtime, loaded(vfio, itfOf(result), H1));
  const fromTrace = new ExplorerSession(runtime, { trace: { name: 'h1.itf.json', steps: replay.steps } });
  t.is(fromTrace.view().path, H1_PATH);
});

test('defect 4: assertions, action properties and deadlock are listed; at H1\'s failing step S7 is shown failed', (t) => {
  const explorer = session(H1);
  explorer.goToPath(decodePath(H1_PATH));
  const view = explorer.view();
  t.deepEqual(
    view.properties.map((p) => `${p.kind}:${p.name}`),
    ['invariant:S1', 'invariant:S2', 'invariant:S3', 'invariant:S4', 'invariant:S5', 'invariant:S6', 'invariant:S8', 'invariant:S10', 'invariant:S4b', 'invariant:L1', 'invariant:L2', 'invariant:L4',
      'invariant:L5', 'invariant:S16', 'invariant:S18', 'invariant:S19',
      'action:S9', 'action:S13', 'assertion:S7', 'assertion:S8', 'assertion:S10', 'assertion:S12', 'assertion:S15', 'assertion:S16', 'assertion:S17', 'assertion:S18', 'assertion:S22', 'deadlock:deadlock'],
  );
  t.false(at(view, 'S7', 'assertion'));
  t.deepEqual(view.properties.filter((p) => !p.holds).map((p) => `${p.kind}:${p.name}`), ['assertion:S7']);
  t.regex(view.steps.at(-1)!.failure!, /^assertion S7 failed: INTx unmask eventfd: pci_check_and_unmask_intx: config access while the device is in D3cold$/);
  // The search finds the same step from the initial state.
  const fresh = session(H1);
  fresh.findPath('assertion:S7', 'violated');
  t.is(fresh.view().message, 'Shortest path to a step where assertion S7 fails: 20 steps (105 states explored).');
  t.is(fresh.view().path, H1_PATH);
});

test('defect 5: the preview flags a step whose successor violates an invariant (M1\'s fault step)', (t) => {
  const explorer = session(M1);
  explorer.goToPath(decodePath(M1_PATH));
  explorer.back();
  const flagged = explorer.view().enabled.filter((a) => a.violates.length > 0);
  t.deepEqual(flagged.map((a) => [a.index, a.violates]), [[1, ['S1']]]);
  t.regex(flagged[0]!.label, /^V: fault: \(M1 bug: engaged not tested\)/);
});

test('defect 9: "no path" is a warning, a found path a success, and a new message replaces the old one', (t) => {
  const explorer = session(M1);
  explorer.findPath('S1', 'violated', { maxDepth: 2 });
  t.deepEqual([explorer.view().message, explorer.view().messageKind], ['No path to a state where S1 is violated: no such state within 2 steps.', 'warning']);
  explorer.findPath('S1', 'violated');
  t.deepEqual([explorer.view().message, explorer.view().messageKind], ['Shortest path to a state where S1 is violated: 11 steps (9408 states explored).', 'success']);
  explorer.goTo(0);
  t.is(explorer.view().message, null);
});
