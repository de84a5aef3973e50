import test from 'ava';
import { readFileSync } from 'node:fs';
import { simulate } from '../checker/simulate/simulate.js';
import { registry } from '../models/registry.js';
import deadAction from './fixtures/dead-action.js';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

const vfio = async () => (await registry['vfio-pm']!()).default;

test('the same seed gives the same walks; another seed gives others', (t) => {
  const a = simulate(deadAction, { seed: 42, traces: 20, depth: 10 });
  const b = simulate(deadAction, { seed: 42, traces: 20, depth: 10 });
  const c = simulate(deadAction, { seed: 43, traces: 20, depth: 10 });
  t.deepEqual([a.simulation.traces, a.simulation.steps, a.generatedStates, a.distinctStates], [20, 180, 200, 8]);
  t.deepEqual([b.simulation.steps, b.generatedStates, b.distinctStates], [a.simulation.steps, a.generatedStates, a.distinctStates]);
  t.is(a.verdict, 'ok');
  t.false(a.complete);
  t.is(a.message, 'Not exhaustive: simulation of 20 random walks (seed 42, at most 10 states each).');
  t.is(c.simulation.seed, 43);
});

test('a seeded simulation of vfio-pm M1 finds S1, with the same counterexample every time', async (t) => {
  const spec = await vfio();
  const constants = { mutant: 'M1' };
  const first = simulate(spec, { constants, seed: 1, traces: 2000 });
  t.is(first.verdict, 'invariant');
  t.is(first.property, 'S1');
  t.is(first.exitCode, 12);
  const again = simulate(spec, { constants, seed: 1, traces: 2000 });
  t.deepEqual(again.trace, first.trace);
  t.deepEqual([again.simulation.traces, again.simulation.steps], [first.simulation.traces, first.simulation.steps]);
  t.true(first.trace!.length >= 12); // BFS's shortest is 12 states; a walk can be longer
});

test('the merged design survives 200 walks of vfio-pm', async (t) => {
  const result = simulate(await vfio(), { seed: 7, traces: 200 });
  t.is(result.verdict, 'ok');
  t.is(result.simulation.traces, 200);
  t.true(result.distinctStates > 100);
});

test('vigil simulate: exit 12 with a text counterexample, ITF and the seed to repeat it', (t) => {
  const itf = writeTemp('m1-sim.itf.json', '');
  const html = writeTemp('m1-sim.html', '');
  const run = vigil(['simulate', 'vfio-pm', '--const', 'mutant=M1', '--seed', '1', '--traces', '2000', '--trace-out', itf, '--report', html]);
  t.is(run.status, 12, run.stderr);
  t.true(run.stdout.startsWith('Vigil: simulating vfio-pm with '));
  t.true(run.stdout.includes('(seed 1)\nError: Invariant S1 is violated.\nError: The behavior up to this point is:\nState 1: <Initial predicate>'));
  t.regex(run.stdout, /Simulation: \d+ walks, \d+ steps \(\d+ steps\/s\); repeat with --seed 1\.\n$/);
  const trace = JSON.parse(readFileSync(itf, 'utf8'));
  t.is(trace.states.length, (run.stdout.match(/^State \d+:/gm) ?? []).length);
  const page = readFileSync(html, 'utf8');
  t.true(page.includes('<span class="verdict" data-verdict="invariant">invariant</span>'));
  t.is((page.match(/<g class="step violation"/g) ?? []).length, 1);
  // The ITF trace replays as a legal behaviour showing the violation.
  const replay = vigil(['replay', itf, '--model', 'vfio-pm', '--const', 'mutant=M1']);
  t.is(replay.status, 0, replay.stderr);
  t.regex(replay.stdout, /It shows that invariant S1 \(.*\) is violated at states\[\d+\], as the trace claims\./);
});

test('vigil simulate --json adds the simulation figures', (t) => {
  const run = vigil(['simulate', 'dist/test/fixtures/dead-action.js', '--seed', '5', '--traces', '3', '--depth', '4', '--json']);
  t.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.deepEqual([report.verdict, report.complete, report.generatedStates, report.simulation.seed, report.simulation.traces, report.simulation.steps], ['ok', false, 12, 5, 3, 9]);
});

test('vigil simulate rejects a bad --depth with one line', (t) => {
  const run = vigil(['simulate', 'diehard', '--depth', '0']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --depth: expected an integer of at least 1, got "0"\n');
});
