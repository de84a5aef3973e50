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
let explorer: ChildProcess | undefined;

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
  if (explorer && explorer.exitCode === null) {
    const exited = new Promise((resolve) => explorer!.once('exit', resolve));
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
  const hiddenBefore = await page.$$eval('#state-table tr[data-state="1"] td.var:not(.changed) .full', (spans) => spans.map((s) => (s as HTMLElement).offsetParent === null));
  await page.click('input[name="table-mode"][value="all"]');
  const hiddenAfter = await page.$$eval('#state-table tr[data-state="1"] td.var:not(.changed) .full', (spans) => spans.map((s) => (s as HTMLElement).offsetParent === null));
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

/** Starts `vigil explore` on port 0 and returns the URL it prints. */
function startExplorer(args: readonly string[]): Promise<string> {
  explorer = spawn(process.execPath, [join(repoRoot, 'dist/checker/cli/main.js'), 'explore', ...args, '--port', '0'], { cwd: repoRoot });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`vigil explore printed no URL within 30 s: ${out}${err}`)), 30_000);
    explorer!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (url) (clearTimeout(timer), resolve(url[0]));
    });
    explorer!.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    explorer!.once('exit', (code) => (clearTimeout(timer), reject(new Error(`vigil explore exited ${code}: ${err}`))));
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

  await pathAfter(page, () => page.click('#back'));
  await pathAfter(page, () => page.click('#back'));
  t.is(await page.getAttribute('#steps li.current', 'data-position'), String(length - 3));

  const offBranch = await page.$$('li.action:not(.on-branch) button.take');
  t.true(offBranch.length > 0, 'another action than the trace\'s is enabled');
  const path = await pathAfter(page, () => offBranch[0]!.click());
  t.regex((await page.$eval('#branch', (select) => (select as HTMLSelectElement).selectedOptions[0]!.textContent))!, /^fork 1 /);
  t.is(await page.$$eval('#steps li', (items) => items.length), length - 1);

  const shown = Object.fromEntries(await page.$$eval('.property', (items) => items.map((li) => [li.getAttribute('data-name'), li.getAttribute('data-holds') === 'true'])));
  const state = walkPath(runtime, decodePath(path)).at(-1)!.state;
  const expected = Object.fromEntries([...runtime.def.invariants, ...runtime.def.possibles].map((p) => [p.name, p.holds(state)]));
  t.deepEqual(shown, expected, 'the property panel matches the library on the new state');
  await shot(page, `explore-${chosen.model}-fork.png`);

  if (chosen.report.verdict === 'invariant') {
    await page.selectOption('#search-property', chosen.report.property);
    await page.selectOption('#search-want', 'violated');
    await pathAfter(page, () => page.click('#search button[type="submit"]'));
    t.regex((await page.textContent('#message'))!, /^Shortest path to a state where .* is violated: \d+ steps? \(\d+ states explored\)\.$/);
    t.is(await page.getAttribute(`.property[data-name="${chosen.report.property}"]`, 'data-holds'), 'false');
    await shot(page, `explore-${chosen.model}-search.png`);
  }
  await page.close();
});
