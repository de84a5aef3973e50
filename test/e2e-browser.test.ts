import test, { type ExecutionContext } from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { decodePath, prepare, walkPath } from '../checker/index.js';
import { registry } from '../models/registry.js';
import type { Spec } from '../spec/index.js';
import { repoRoot, vigil } from './helpers/cli.js';

/**
 * End to end in a real browser (Debian's Chromium driven by playwright-core): the
 * HTML report opened from disk, and `vigil explore` run as a real CLI. The subject
 * is vfio-pm's M1 counterexample once that model checks; until then diehard (and
 * lock-order for actor lanes), which the log says. Screenshots go to
 * test/artifacts/. Without /usr/bin/chromium this FAILS: it never skips.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const artifacts = join(repoRoot, 'test', 'artifacts');
const work = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));

interface Subject {
  readonly model: string;
  readonly args: readonly string[];
  readonly constants: Record<string, string>;
  readonly traceFile: string;
  readonly report: Record<string, any>;
}

let context: BrowserContext;
const explorers: ChildProcess[] = [];

test.before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (.ci/run does this); the browser tests cannot run without it`);
  }
  mkdirSync(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'vigil-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
});

test.after.always(async () => {
  for (const explorer of explorers) {
    if (explorer.exitCode !== null) continue;
    const exited = new Promise((resolve) => explorer.once('exit', resolve));
    explorer.kill('SIGINT');
    await exited;
  }
  await context?.close();
});

/** Checks a model with --trace-out and --json; the subject if it produced a counterexample. */
function counterexample(model: string, constants: Record<string, string>): Subject | string {
  if (!(model in registry)) return `model ${model} is not registered yet`;
  const traceFile = join(work, `${model}.itf.json`);
  const args = Object.entries(constants).flatMap(([k, v]) => ['--const', `${k}=${v}`]);
  const run = vigil(['check', model, ...args, '--trace-out', traceFile, '--json']);
  if (![11, 12, 13, 14].includes(run.status)) return `vigil check ${model} ${args.join(' ')} exited ${run.status}: ${run.stderr.trim().split('\n')[0]}`;
  return { model, args, constants, traceFile, report: JSON.parse(run.stdout) };
}

/** vfio-pm's M1 once the model is registered (then it must work); diehard before that. */
function subject(log: (message: string) => void): Subject {
  const vfio = counterexample('vfio-pm', { mutant: 'M1' });
  if (typeof vfio !== 'string') return vfio;
  if ('vfio-pm' in registry) throw new Error(`vfio-pm is registered but gives no M1 counterexample: ${vfio}`);
  log(`vfio-pm M1 is not usable (${vfio}); using diehard instead`);
  return counterexample('diehard', {}) as Subject;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

async function openReport(t: ExecutionContext, model: string, args: readonly string[], expectedLanes: string[], png: string): Promise<void> {
  const file = join(work, `${model}.html`);
  const run = vigil(['check', model, ...args, '--report', file]);
  t.true([11, 12, 13, 14].includes(run.status), run.stderr);
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  const lanes = await page.$$eval('svg.sequence g.lane', (groups) => groups.map((g) => g.getAttribute('data-lane')));
  t.deepEqual([...lanes].sort(), [...expectedLanes].sort(), 'one lane per actor');
  const steps = await page.$$eval('svg.sequence g.step', (groups) => groups.length);
  const violating = await page.$$eval('svg.sequence g.step.violation', (groups) => groups.map((g) => Number(g.getAttribute('data-step'))));
  t.deepEqual(violating, [steps - 1], 'exactly the last step is the violating one');
  const stroke = await page.$eval('svg.sequence g.step.violation rect', (rect) => getComputedStyle(rect).stroke);
  t.is(stroke, 'rgb(192, 0, 0)', 'the violating step is drawn red');
  // The table starts in "changed only" mode: an unchanged cell shows nothing; "all variables" shows it.
  // (Columns the model marks as ghosts, and those that never change, stay hidden until "all columns".)
  const hiddenBefore = await page.$$eval('#state-table tr[data-state="1"] td.var:not(.changed):not(.quiet) .full', (spans) => spans.map((s) => (s as HTMLElement).offsetParent === null));
  await page.click('input[name="table-mode"][value="all"]');
  const hiddenAfter = await page.$$eval('#state-table tr[data-state="1"] td.var:not(.changed):not(.quiet) .full', (spans) => spans.map((s) => (s as HTMLElement).offsetParent === null));
  t.true(hiddenBefore.every(Boolean) && hiddenAfter.every((hidden) => !hidden), 'the toggle switches between changed-only and all variables');
  await page.click('input[name="table-mode"][value="changed-only"]');
  await shot(page, png);
  await page.close();
}

test.serial('the HTML report opened from disk: one lane per actor, the violating step highlighted', async (t) => {
  await openReport(t, 'lock-order', [], ['T1', 'T2'], 'report-lock-order.png');
  const chosen = subject((message) => t.log(message));
  const trace = chosen.report.trace as { actor: string | null }[];
  const lanes = new Set(trace.slice(1).map((step) => step.actor ?? chosen.model));
  await openReport(t, chosen.model, chosen.args, [...lanes], `report-${chosen.model}${chosen.constants.mutant ? `-${chosen.constants.mutant}` : ''}.png`);
});

/** Starts `vigil explore` on port 0 and returns the URL it prints (with its access token). */
function startExplorer(args: readonly string[]): Promise<string> {
  const explorer = spawn(process.execPath, [join(repoRoot, 'dist/checker/cli/main.js'), 'explore', ...args, '--port', '0'], { cwd: repoRoot });
  explorers.push(explorer);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`vigil explore printed no URL within 60 s: ${out}${err}`)), 60_000);
    explorer.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
      if (url) (clearTimeout(timer), resolve(url[0]));
    });
    explorer.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    explorer.once('exit', (code) => (clearTimeout(timer), reject(new Error(`vigil explore exited ${code}: ${err}`))));
  });
}

async function pathAfter(page: Page, action: () => Promise<void>): Promise<string> {
  const before = await page.getAttribute('body', 'data-path');
  await action();
  await page.waitForFunction((old) => document.body.getAttribute('data-path') !== old, before);
  return (await page.getAttribute('body', 'data-path'))!;
}

test.serial('vigil explore: load the counterexample, step back two states, take another action, check the properties', async (t) => {
  const chosen = subject((message) => t.log(message));
  const spec = (await registry[chosen.model]!()).default as Spec;
  const runtime = prepare(spec, chosen.constants).runtime;
  const url = await startExplorer([chosen.model, ...chosen.args, '--trace', chosen.traceFile]);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('#steps li.current');
  const length = (chosen.report.trace as unknown[]).length;
  t.is(await page.$$eval('#steps li', (items) => items.length), length);
  t.is(await page.getAttribute('#steps li.current', 'data-position'), String(length - 1));
  if (chosen.report.verdict === 'invariant') {
    t.is(await page.getAttribute(`.property[data-name="${chosen.report.property}"]`, 'data-holds'), 'false', 'the violated invariant is flagged');
  }
  await shot(page, `explore-${chosen.model}-trace.png`);
  // Issue 22: long step titles wrap inside the Behaviour panel instead of overflowing it.
  await page.setViewportSize({ width: 900, height: 900 });
  const [panelScroll, panelWidth] = await page.$eval('#behaviour-panel', (p) => [p.scrollWidth, p.clientWidth]);
  t.true(panelScroll <= panelWidth, `the Behaviour panel overflows: ${panelScroll} > ${panelWidth}`);
  await page.setViewportSize({ width: 1400, height: 900 });

  await pathAfter(page, () => page.click('#back'));
  await pathAfter(page, () => page.click('#back'));
  t.is(await page.getAttribute('#steps li.current', 'data-position'), String(length - 3));

  const offBranch = await page.$$('li.action:not(.on-branch) button.take');
  t.true(offBranch.length > 0, 'another action than the trace\'s is enabled');
  const path = await pathAfter(page, () => offBranch[0]!.click());
  t.regex((await page.$eval('#branch', (select) => (select as HTMLSelectElement).selectedOptions[0]!.textContent))!, /^fork 1 /);
  t.is(await page.$$eval('#steps li', (items) => items.length), length - 1);

  const shown = Object.fromEntries(await page.$$eval('.property[data-kind="invariant"], .property[data-kind="possible"]', (items) => items.map((li) => [li.getAttribute('data-name'), li.getAttribute('data-holds') === 'true'])));
  const state = walkPath(runtime, decodePath(path)).at(-1)!.state;
  const expected = Object.fromEntries([...runtime.def.invariants, ...runtime.def.possibles].map((p) => [p.name, p.holds(state)]));
  t.deepEqual(shown, expected, 'the property panel matches the library on the new state');
  await shot(page, `explore-${chosen.model}-fork.png`);

  if (chosen.report.verdict === 'invariant') {
    await page.selectOption('#search-property', `invariant:${chosen.report.property}`);
    await page.selectOption('#search-want', 'violated');
    await pathAfter(page, () => page.click('#search button[type="submit"]'));
    t.regex((await page.textContent('#message'))!, /^Shortest path to a state where .* is violated: \d+ steps? \(\d+ states explored\)\.$/);
    t.is(await page.getAttribute(`.property[data-name="${chosen.report.property}"]`, 'data-holds'), 'false');
    await shot(page, `explore-${chosen.model}-search.png`);
  }
  await page.close();
});

// ---- Issue 13: counterexamples that explain themselves. The vfio traces are pinned
// here once (H1: assertion S7 at state 21; M1: S1 at state 12). H1 is the scenario
// file a user runs (every other actor off); M1 and M7a run the default model.
const H1_SCENARIO = 'models/vfio-pm/scenarios/h1-unmask-eventfd.yaml';
const M1_PATH = '0/1/1/1/1/1/1/0/0/0/1/1';

async function report(name: string, args: readonly string[]): Promise<Page> {
  const file = join(work, `${name}.html`);
  const run = vigil(['check', ...args, '--report', file]);
  if (![11, 12, 13, 14].includes(run.status)) throw new Error(`vigil check ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  return page;
}

test.serial('reports for M1, H1 and M7a: S7\'s message on step 21 with the variables read, tracks drawn, screenshots', async (t) => {
  const h1 = await report('h1', [H1_SCENARIO, '--watch', 'drift=s.usage - (s.openRef ? 1 : 0)']);
  const failing = h1.locator('#state-table tr.violation');
  t.is(await failing.getAttribute('data-state'), '20');
  t.is(await failing.locator('td.num').textContent(), '21', 'numbered as state 21');
  t.is(await failing.locator('.failure').textContent(), 'assertion S7 failed: INTx unmask eventfd: pci_check_and_unmask_intx: config access while the device is in D3cold');
  t.true(await failing.locator('.failure').isVisible(), 'the message is on the step, not only at the top');
  t.deepEqual(await h1.$$eval('#state-table th.read:not(.quiet)', (cells) => cells.map((c) => c.getAttribute('data-var'))), ['power', 'irq', 'intxMasked']);
  const outline = await h1.$eval('#state-table tr.violation td.read[data-var="power"]', (cell) => getComputedStyle(cell).outlineColor);
  t.is(outline, 'rgb(192, 0, 0)', 'the values read are outlined in red');
  t.regex((await h1.textContent('#why'))!, /The step's assert models\/vfio-pm\/access\.ts:15 failed: INTx unmask eventfd/);
  const drift = await h1.$$eval('#state-table td.watch-value[data-watch="drift"]', (cells) => cells.map((c) => c.textContent));
  t.is(drift.length, 21, 'the --watch column has a value per state');
  // Tracks: memory_lock held-bars in the lanes, the usage line and the power bands.
  t.true((await h1.$$('svg.sequence g.track.holders rect.held')).length > 0);
  t.deepEqual(await h1.$$eval('svg.sequence g.track.count text.count-value', (texts) => texts.map((x) => x.textContent)), ['0', '1', '1', '1', '1', '1', '1', '2', '2', '1', '2', '2', '1', '0', '0', '0', '0', '0', '0', '0', '0']);
  t.true(await h1.locator('svg.sequence g.track.band rect.band').first().isVisible());
  await shot(h1, 'report-vfio-pm-H1.png');
  await h1.close();

  const m1 = await report('m1', ['vfio-pm', '--const', 'mutant=M1']);
  t.regex((await m1.textContent('#why'))!, /Invariant S1 models\/vfio-pm\/properties\.ts:61 is !\(s\.engaged && s\.mapped\)\s*It read: engaged = TRUE, mapped = TRUE/);
  const engaged = m1.locator('#state-table tr.violation td[data-var="engaged"] .full');
  t.true(await engaged.isVisible(), 'a value the property read is shown on the violating step even when unchanged');
  t.is(await engaged.textContent(), 'TRUE');
  // Ghost columns are hidden; one click shows everything.
  t.false(await m1.locator('#state-table th[data-var="openRef"]').isVisible());
  await m1.check('#show-quiet');
  t.true(await m1.locator('#state-table th[data-var="openRef"]').isVisible());
  await m1.uncheck('#show-quiet');
  // The open() prologue is one row until unfolded.
  t.false(await m1.locator('#state-table tr[data-state="3"]').isVisible());
  await m1.click('button.unfold');
  t.true(await m1.locator('#state-table tr[data-state="3"]').isVisible());
  await m1.click('button.unfold');
  await shot(m1, 'report-vfio-pm-M1.png');
  await m1.close();

  const m7a = await report('m7a', ['vfio-pm', '--const', 'mutant=M7a']);
  t.regex((await m7a.textContent('#why ul.waiting'))!, /W waits at "suspend callback: take memory_lock \(write\) \(W1\)" for memory_lock held by V \(r\)/);
  await shot(m7a, 'report-vfio-pm-M7a.png');
  await m7a.close();
});

test.serial('a 20-step, 8-actor trace fits 1400 px: no horizontal scroll in the diagram, lane legends and actor names shown', async (t) => {
  const page = await report('eight', ['dist/test/fixtures/eight-actors.js']);
  t.is(await page.$$eval('svg.sequence g.lane', (lanes) => lanes.length), 8);
  t.is(await page.$$eval('svg.sequence g.step:not(.initial)', (steps) => steps.length), 20);
  const [scrollWidth, clientWidth] = await page.$eval('.diagram', (d) => [d.scrollWidth, d.clientWidth]);
  t.true(scrollWidth <= clientWidth, `the diagram scrolls sideways: ${scrollWidth} > ${clientWidth}`);
  t.true(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page does not scroll sideways');
  t.deepEqual(await page.$$eval('svg.sequence-head text.lane-legend', (texts) => texts.map((x) => x.querySelector('title')!.textContent)), [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `W${i} = worker thread number ${i} of the pool`));
  t.regex((await page.textContent('svg.sequence g.step[data-step="5"] text:not(.state-number)'))!, /^W2: /, 'each box names its actor');
  // The lane heads stay in view when the diagram scrolls.
  await page.$eval('.diagram', (d) => d.scrollTo(0, 600));
  const head = await page.$eval('svg.sequence-head', (svg) => svg.getBoundingClientRect().top - svg.parentElement!.getBoundingClientRect().top);
  t.true(Math.abs(head) <= 1, `lane heads moved by ${head}px`);
  await shot(page, 'report-eight-actors.png');
  await page.close();
});

test.serial('explorer: two tabs cannot cross-take; a permalink for other constants is refused; watch and keyboard', async (t) => {
  const url = await startExplorer(['vfio-pm', '--const', 'mutant=M1']);
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  for (const tab of [tabA, tabB]) {
    await tab.goto(`${url}#${M1_PATH.split('/').slice(0, 4).join('/')}`);
    await tab.waitForFunction(() => document.body.getAttribute('data-path') === '0/1/1/1');
  }
  // Tab B goes back to state 3; tab A (still showing state 4) takes its first action.
  await pathAfter(tabB, () => tabB.click('#steps li[data-position="2"]'));
  const action = tabA.locator('li.action').first();
  const label = await action.getAttribute('data-label');
  const index = await action.getAttribute('data-index');
  const taken = await pathAfter(tabA, () => action.locator('button.take').click());
  t.is(taken, `0/1/1/1/${index}`, 'tab A extended the state it showed');
  t.is(await tabA.getAttribute('#steps li.current', 'data-position'), '4');
  t.is(await tabA.textContent('#steps li.current .label'), label!.replace(/^\w+: /, ''), 'the action taken is the one clicked');
  await tabB.reload();
  await tabB.waitForSelector('#steps li.current');
  t.is(await tabB.getAttribute('body', 'data-path'), '0/1/1', "tab A's click did not move tab B");
  await shot(tabA, 'explore-two-tabs.png');

  // Watch: an expression evaluated per step of the behaviour.
  await tabA.fill('#watch-input', 's.usage');
  await tabA.click('#watch-form button');
  const values = await tabA.$$eval('#watches tbody td.watch-value', (cells) => cells.map((c) => c.textContent));
  // usage at states 1..5: the open() reference, then the ENTRY ioctl's wrapper reference.
  t.deepEqual(values, ['0', '1', '1', '1', '2']);

  // Keyboard: arrows move through the steps, Backspace goes back, Enter takes the focused action.
  await tabA.click('h1');
  await pathAfter(tabA, () => tabA.keyboard.press('ArrowUp'));
  t.is(await tabA.getAttribute('#steps li.current', 'data-position'), '3');
  await pathAfter(tabA, () => tabA.keyboard.press('Backspace'));
  t.is(await tabA.getAttribute('#steps li.current', 'data-position'), '2');
  await pathAfter(tabA, () => tabA.keyboard.press('ArrowDown'));
  t.is(await tabA.getAttribute('#steps li.current', 'data-position'), '3');
  await tabA.keyboard.press('ArrowRight');
  const focused = await tabA.evaluate(() => document.activeElement?.getAttribute('data-label'));
  t.truthy(focused, 'ArrowRight focuses an action');
  await pathAfter(tabA, () => tabA.keyboard.press('Enter'));
  t.is(await tabA.textContent('#steps li.current .label'), focused!.replace(/^\w+: /, ''));
  await tabA.close();
  await tabB.close();

  // The same M1 permalink opened in an explorer of the unmutated model: refused, nothing moves.
  const m1 = await context.newPage();
  await m1.goto(`${url}#${M1_PATH}`);
  await m1.waitForFunction((path) => document.body.getAttribute('data-path') === path, M1_PATH);
  const permalink = (await m1.getAttribute('#permalink', 'href'))!;
  t.regex(permalink, /^#model=vfio-pm&c\.variant=MERGED&c\.mutant=M1&.*&hash=[0-9a-f]{12}&path=0\/1\/1\/1\/1\/1\/1\/0\/0\/0\/1\/1$/);
  await m1.close();
  const plainUrl = await startExplorer(['vfio-pm']);
  const plain = await context.newPage();
  await plain.goto(`${plainUrl}${permalink}`);
  await plain.waitForFunction(() => (document.querySelector('#error')?.textContent ?? '') !== '');
  t.is(await plain.textContent('#error'), 'this permalink is for other constants: mutant=M1 (here NONE); nothing was opened (restart vigil explore vfio-pm with --const mutant=M1)');
  t.is(await plain.getAttribute('body', 'data-path'), '0');
  await shot(plain, 'explore-permalink-refused.png');
  await plain.close();
});

// ---- Issue 22: liveness counterexamples that explain themselves.

test.serial('a liveness report explains its lasso; at 900 px the changes column is still in view', async (t) => {
  const page = await report('missed-wakeup', ['missed-wakeup']);
  t.is(await page.textContent('#diagram h2'), 'Counterexample: 5 states, then stuttering in state 5 for ever');
  const why = await page.$$eval('#why.lasso li', (items) => items.map((li) => li.textContent));
  t.true(why.includes(`WF(W): disabled in state 5: W: schedule() disabled: task = "UNINTERRUPTIBLE" (guard: s.task === 'RUNNING')`));
  t.is(await page.$$eval('svg.sequence g.lasso', (loops) => loops.length), 1, 'the loop is drawn');
  await shot(page, 'report-missed-wakeup-liveness.png');
  await page.setViewportSize({ width: 900, height: 900 });
  const [scrollWidth, clientWidth] = await page.$eval('.diagram', (d) => [d.scrollWidth, d.clientWidth]);
  t.true(scrollWidth <= clientWidth, `at 900 px the diagram is clipped: ${scrollWidth} > ${clientWidth}`);
  await shot(page, 'report-missed-wakeup-900px.png');
  await page.close();
});

test.serial('vigil explore shows a loaded lasso as a loop with its explanation, and finds a fair cycle on request', async (t) => {
  const traceFile = join(work, 'missed-wakeup.itf.json');
  t.is(vigil(['check', 'missed-wakeup', '--trace-out', traceFile]).status, 13);
  const page = await context.newPage();
  await page.goto(await startExplorer(['missed-wakeup', '--trace', traceFile]));
  await page.waitForSelector('#steps li.current');
  t.is(await page.textContent('#loop'), '\u21ba stays in state 5 for ever (stuttering)');
  t.regex((await page.textContent('#why-text'))!, /^Why it broke: Wakes is <>P \(models\/examples\/missed-wakeup\.ts:39\)\n/);
  t.is(await page.getAttribute('#temporal li', 'data-name'), 'Wakes');
  await shot(page, 'explore-missed-wakeup-lasso.png');
  await page.close();

  const fair = await context.newPage();
  await fair.goto(await startExplorer(['fair-workers', '--const', 'fairness=action']));
  await fair.waitForSelector('#temporal li button.find-lasso');
  await pathAfter(fair, () => fair.click('#temporal li[data-name="Finishes"] button.find-lasso'));
  t.is(await fair.textContent('#message'), 'A fair behaviour violating Finishes (<>P): 2 states, then loops back to state 1 (4 states searched).');
  t.is(await fair.textContent('#loop'), '\u21ba back to state 1: Work(w = 1)');
  t.is(await fair.getAttribute('#steps li.loop-start', 'data-position'), '0');
  t.true((await fair.textContent('#why-text'))!.includes('Work(w = 2): WF(Work) covers it and is met by Work(w = 1)'));
  await shot(fair, 'explore-fair-workers-lasso.png');
  await fair.close();
});
