import test from 'ava';
import { check, checkParallel, type SpecSource } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { vigil, vigilJson } from './helpers/cli.js';
import { workersFirst } from './helpers/workers-first.js';

const registryUrl = new URL('../models/registry.js', import.meta.url).href;
const source = (name: string): SpecSource => ({ moduleUrl: registryUrl, registryName: name });
const faultyUrl = new URL('./fixtures/faulty-models.js', import.meta.url).href;

/** lock-order deadlocks; with deadlock checking off it is a full exploration too. */
const deadlockFor = (name: string) => (name === 'lock-order' ? false : undefined);

async function sequential(name: string, constants: Record<string, unknown> = {}) {
  return check((await registry[name]!()).default, { constants, checkDeadlock: deadlockFor(name) });
}

for (const [name, constants] of [
  ['twophase', { RM: 5 }],
  ['counter-grid', { N: 4, K: 5 }],
  ['tlaplus/Chameneos', {}],
  ['tlaplus/AsyncTerminationDetection', {}],
  ['lock-order', {}],
] as const) {
  test(`${name}: 1, 2 and 3 workers give the sequential engine's counts and verdict`, async (t) => {
    const expected = await sequential(name, constants);
    for (const workers of [1, 2, 3]) {
      const result = await checkParallel(source(name), workers, { constants, checkDeadlock: deadlockFor(name) }, workersFirst);
      t.deepEqual(
        [result.verdict, result.distinctStates, result.generatedStates, result.depth],
        [expected.verdict, expected.distinctStates, expected.generatedStates, expected.depth],
        `${workers} workers`,
      );
    }
  });
}

test('the shared table stays as dense as the sequential one: at most 16 bytes per state (counter-grid 8^6, 2 workers)', async (t) => {
  const result = await checkParallel(source('counter-grid'), 2, { constants: { N: 6, K: 8 } }, workersFirst);
  t.deepEqual([result.verdict, result.distinctStates, result.generatedStates, result.depth], ['ok', 262_144, 1_572_865, 43]);
  // The capacity depends on when a level filled the table (which worker got there first), so a bound, not a value.
  t.true(result.bytesPerState <= 16, `${result.bytesPerState} bytes per state`);
});

test('parallel counterexamples are still shortest', async (t) => {
  for (const workers of [1, 2, 3]) {
    const diehard = await checkParallel(source('diehard'), workers, {}, workersFirst);
    t.deepEqual([diehard.verdict, diehard.property, diehard.trace!.length], ['invariant', 'NotSolved', 7]);
    const deadlock = await checkParallel(source('lock-order'), workers, {}, workersFirst);
    t.deepEqual(deadlock.trace!.map((s) => s.action), ['Init', 'T1: take first lock', 'T2: take first lock']);
    const hanoi = await checkParallel(source('tlaplus/Hanoi'), workers, {}, workersFirst);
    t.is(hanoi.trace!.length, 32);
  }
});

test('a step that throws in a worker is reported with its action, state and trace', async (t) => {
  const result = await checkParallel({ moduleUrl: faultyUrl }, 2, { constants: { mode: 'throw' } }, workersFirst);
  t.is(result.verdict, 'error');
  t.is(result.exitCode, 75);
  t.is(result.message, 'action Inc: boom at two (in state [x |-> 2])');
  t.deepEqual(result.trace!.map((s) => (s.state as { x: number }).x), [0, 1, 2, 2]);
});

test('a worker still loading the model does not hold the run up: the coordinator goes on alone until workers join', async (t) => {
  // Its workers never finish loading; the engine once waited for them before any level of 4,096 states or more (this one has a level of 4,332).
  t.timeout(60_000);
  const stuck = { moduleUrl: new URL('./fixtures/stuck-in-workers.js', import.meta.url).href };
  const result = await checkParallel(stuck, 3, { constants: { N: 6, K: 6 } });
  t.deepEqual([result.verdict, result.distinctStates, result.generatedStates, result.depth], ['ok', 46_656, 279_937, 31]);
});

test('--workers 2 on the CLI gives identical counts', (t) => {
  const { status, report } = vigilJson(['check', 'twophase', '--const', 'RM=5', '--workers', '2']);
  t.is(status, 0);
  t.deepEqual([report.distinctStates, report.generatedStates, report.depth], [8832, 58146, 17]);
});

test('CLI: with --workers the threads start before the model loads; a model that fails to build still ends in one line and exit 151', (t) => {
  const run = vigil(['check', 'twophase', '--const', 'RM=99', '--workers', '3']);
  t.is(run.status, 151);
  t.is(run.stderr.trim(), 'vigil: model twophase: constant RM: 99 is outside 1..12');
});
