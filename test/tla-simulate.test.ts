import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { simulateTla } from '../checker/tla/simulate.js';
import { formatValue } from '../checker/tla/values.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-simulate-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('simulate: a seed gives the same walks; every walk of Values reaches n = 3 and violates Bounded at its 4th state', async (t) => {
  const model = await loadTlaModel(fixture('Values.tla'));
  const logs = new Set<string>();
  for (let seed = 1; seed <= 8; seed++) {
    const a = simulateTla(model, { seed, traces: 5, depth: 10 });
    const b = simulateTla(model, { seed, traces: 5, depth: 10 });
    t.is(a.verdict, 'invariant');
    t.is(a.violated, 'Bounded');
    t.is(a.exitCode, 12);
    t.is(a.trace.length, 4);
    t.deepEqual(a.trace.map((s) => s[0]), [0, 1, 2, 3]);
    t.deepEqual(a.trace.map((s) => s.map(formatValue)), b.trace.map((s) => s.map(formatValue)), `seed ${seed}`);
    t.like(a.simulation, { seed, traces: 1, steps: 3, depth: 10 });
    logs.add(formatValue(a.trace[3]![2]!));
  }
  // Random walks: the 8 seeds do not all take the same path.
  t.true(logs.size > 1, [...logs].join(' '));
});

test('simulate: without invariants a state with no successor is a deadlock (exit 11); --no-deadlock walks on', async (t) => {
  const model = await loadTlaModel(fixture('Values.tla'), fixture('ValuesDeadlock.cfg'));
  const deadlock = simulateTla(model, { seed: 3, traces: 2, depth: 10 });
  t.like(deadlock, { verdict: 'deadlock', exitCode: 11, message: 'Deadlock reached.' });
  t.is(deadlock.trace.length, 4);
  const ok = simulateTla({ ...model, checkDeadlock: false }, { seed: 3, traces: 6, depth: 10 });
  t.like(ok, { verdict: 'ok', exitCode: 0, depth: 4, message: 'No error was found in 6 random walks (not exhaustive).' });
  t.like(ok.simulation, { traces: 6, steps: 18 });
});

test('simulate: walks stop at --depth states; Counter never deadlocks, so 20 walks of 5 states take 80 steps', async (t) => {
  const model = await loadTlaModel(fixture('Counter.tla'));
  const result = simulateTla(model, { seed: 1, traces: 20, depth: 5 });
  t.like(result, { verdict: 'ok', exitCode: 0, depth: 5, queueLeft: 0 });
  t.like(result.simulation, { seed: 1, traces: 20, steps: 80 });
  t.true(result.distinct <= 6);
});

test('vigil simulate Spec.tla prints the violation TLC-style, exits 12, and its --trace-out replays', (t) => {
  const file = join(dir, 'sim.itf.json');
  const run = vigil(['simulate', fixture('Values.tla'), '--seed', '7', '--traces', '5', '--depth', '10', '--trace-out', file]);
  t.is(run.status, 12, run.stderr);
  const lines = run.stdout.split('\n');
  t.is(lines[0], 'Vigil: simulating Values (seed 7)');
  t.is(lines[1], 'Error: Invariant Bounded is violated.');
  t.is(lines[2], 'Error: The behavior up to this point is:');
  t.is(lines[3], 'State 1: <Initial predicate>');
  t.is(lines.filter((l) => /^State \d+: /.test(l)).length, 4);
  t.regex(run.stdout, /\nSimulation: 1 walk, 3 steps \(\d+ steps\/s\); repeat with --seed 7\.\n$/);
  const again = vigil(['simulate', fixture('Values.tla'), '--seed', '7', '--traces', '5', '--depth', '10']);
  t.is(again.stdout.replace(/\d+ steps\/s/, ''), run.stdout.replace(/\d+ steps\/s/, ''));
  const replay = vigil(['replay', file, fixture('Values.tla')]);
  t.is(replay.status, 0, replay.stderr);
  t.regex(replay.stdout, /It shows that invariant Bounded is violated at states\[3\], as the trace claims\./);
});

test('vigil simulate Spec.tla --json: the check fields (never complete) plus the simulation', (t) => {
  const run = vigil(['simulate', fixture('Counter.tla'), '--seed', '1', '--traces', '20', '--depth', '5', '--json']);
  t.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.like(report, { model: 'Counter', verdict: 'ok', complete: false, trace: null, exitCode: 0, depth: 5, simulation: { seed: 1, traces: 20, steps: 80, depth: 5 } });
});

test('vigil simulate Spec.tla: bad numbers and foreign flags are one line, exit 151', (t) => {
  const seed = vigil(['simulate', fixture('Counter.tla'), '--seed', 'x']);
  t.is(seed.status, 151);
  t.is(seed.stderr, 'vigil: --seed: expected an integer from 0 to 4294967295, got "x"\n');
  const workers = vigil(['simulate', fixture('Counter.tla'), '--workers', '2']);
  t.is(workers.status, 151);
  t.is(workers.stderr, 'vigil: simulate of a .tla specification does not take --workers (docs/tla.md lists the flags the TLA+ front end takes)\n');
});

test('simulate: an evaluation error is exit 75 with TLC\'s message and the walk up to it; replaying that walk reaches the same error', (t) => {
  const file = join(dir, 'faulty.itf.json');
  const run = vigil(['simulate', fixture('Faulty.tla'), '--seed', '1', '--traces', '3', '--trace-out', file]);
  t.is(run.status, 75, run.stderr);
  const message = `Attempted to apply function:\n<<2, 3>>\nto argument 3, which is not in the domain of the function.\nline 6, col 14 of module Faulty (${fixture('Faulty.tla')})`;
  t.true(run.stdout.startsWith(`Vigil: simulating Faulty (seed 1)\nError: ${message}\nError: The behavior up to this point is:\nState 1: <Initial predicate>\nx = 1\n`), run.stdout);
  t.is(run.stdout.split('\n').filter((l) => /^State \d+: /.test(l)).length, 3);
  const replay = vigil(['replay', file, fixture('Faulty.tla')]);
  t.is(replay.status, 75);
  t.is(replay.stderr, `vigil: ${message}\n`);
});
