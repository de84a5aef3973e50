import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isModelFile } from '../checker/cli/load-spec.js';
import { vigil, vigilJson } from './helpers/cli.js';

// Issue 22, "Smaller defects found by the same user".
const temp = (name: string) => join(mkdtempSync(join(tmpdir(), 'vigil-test-')), name);
const lasso = 'test/fixtures/ts-model/lasso.ts';

test('1. a .ts model is reproduced and explored by its path, and counts as a model file for the checkpoint hash', (t) => {
  const story = vigil(['check', lasso, '--const', 'n=2', '--format', 'story']);
  t.is(story.status, 13);
  t.true(story.stdout.endsWith(`Reproduce: vigil check ${lasso} --const n=2\n`));
  const report = temp('lasso.html');
  t.is(vigil(['check', lasso, '--const', 'n=2', '--report', report]).status, 13);
  t.true(readFileSync(report, 'utf8').includes(`<code id="explore-command">vigil explore ${lasso} --const n=2</code>`));
  t.true(isModelFile('models/x.ts'));
  t.true(isModelFile('x.mts'));
  t.true(isModelFile('x.mjs'));
  t.false(isModelFile('fair-workers'));
  t.false(isModelFile('run.yaml'));
});

test('3. a run that stopped at a violation with states on the queue is not called exhaustive', (t) => {
  const json = vigilJson(['check', 'race']);
  t.is(json.report.verdict, 'invariant');
  t.true(json.report.queueLeft > 0);
  t.is(json.report.complete, false);
  const report = temp('race.html');
  vigil(['check', 'race', '--report', report]);
  const html = readFileSync(report, 'utf8');
  t.true(html.includes(`<dt>search</dt><dd>stopped at the violation (${json.report.queueLeft} states left on the queue)</dd>`));
  // A violation found once everything was explored (a lasso) is still exhaustive.
  const live = vigilJson(['check', 'fair-workers', '--const', 'fairness=action']);
  t.is(live.report.queueLeft, 0);
  t.is(live.report.complete, true);
});

test('4. simulate speaks of walks, not of a model check, prints a violation once and refuses flags it would ignore', (t) => {
  const ok = vigil(['simulate', 'diehard', '--seed', '1', '--traces', '3']);
  t.is(ok.status, 0);
  t.deepEqual(ok.stdout.split('\n'), [
    'Vigil: simulating diehard (seed 1)',
    'Simulation completed. No error has been found on the walks taken.',
    'Not exhaustive: simulation of 3 random walks (seed 1, at most 100 states each).',
    '300 states generated, 6 distinct states seen, longest walk 100 states.',
    ok.stdout.split('\n')[4]!,
    '',
  ]);
  t.regex(ok.stdout.split('\n')[4]!, /^Simulation: 3 walks, 297 steps \(\d+ steps\/s\); repeat with --seed 1\.$/);
  const bad = vigil(['simulate', 'race', '--seed', '1']);
  t.is(bad.status, 12);
  t.is(bad.stdout.split('Invariant AllIncrementsCount is violated.').length - 1, 1);
  t.false(/collision|fingerprint|bytes per state|left on queue/.test(bad.stdout));
  const refused: [string[], string][] = [
    [['simulate', 'race', '--format', 'story'], 'vigil: simulate does not take --format (it belongs to vigil check)\n'],
    [['simulate', 'race', '--coverage'], 'vigil: simulate does not take --coverage (it belongs to vigil check)\n'],
    [['simulate', 'race', '--workers', '2'], 'vigil: simulate does not take --workers (it belongs to vigil check)\n'],
    [['check', 'race', '--junit', 'x.xml'], 'vigil: check does not take --junit (it belongs to vigil suite)\n'],
    [['check', 'race', '--seed', '3'], 'vigil: check does not take --seed (it belongs to vigil simulate)\n'],
  ];
  for (const [args, stderr] of refused) {
    const run = vigil(args);
    t.is(run.status, 151, args.join(' '));
    t.is(run.stderr, stderr);
  }
});

test('5. model values print bare in the TLC-style trace, as TLC prints them; other strings stay quoted', (t) => {
  const run = vigil(['check', 'test/fixtures/ts-model/values.ts']);
  t.is(run.status, 12);
  t.true(run.stdout.includes('State 1: <Initial predicate>\n/\\ owner = "none"\n/\\ label = "idle"\n\nState 2: <Take(p = "p1")>\n/\\ owner = p1    <- changed\n/\\ label = "busy"    <- changed\n'));
});
