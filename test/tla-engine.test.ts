import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSnapshotFile } from '../checker/checkpoint/snapshot-file.js';
import { SNAPSHOT_FILE, SNAPSHOT_FORMAT } from '../checker/checkpoint/checkpointer.js';
import { checkTlaModelWith } from '../checker/tla/liveness.js';
import { loadTlaModel, type TlaModel } from '../checker/tla/model.js';
import { searchTlaParallel } from '../checker/tla/parallel-search.js';
import { searchTla, searchTlaAsync, type TlaSearchOptions, type TlaSearchResult } from '../checker/tla/search.js';
import { loadTlaSnapshot, tlaCheckpointer, tlaIdentity } from '../checker/tla/search-snapshot.js';
import { decodeState, encodeState, StateDecodeError } from '../checker/tla/state-codec.js';
import { keyOf } from '../checker/tla/values.js';
import { StopRequest } from '../checker/search/stop-request.js';
import { repoRoot, vigil, vigilJson } from './helpers/cli.js';

/**
 * Issue 20: --max-depth, --checkpoint/--resume and --workers on TLA+ specs.
 * Tokens.tla's counts are TLC's (tla2tools, -workers 1): 10616 generated, 5201
 * distinct, depth 9; with TokensFew.cfg the invariant Few fails after 1017
 * generated, 882 distinct, 521 states left on the queue, at depth 6 (a 6-state
 * trace); InvariantFault.tla is TLC's exit 76 with 3 generated, 3 distinct, 0 left.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const load = (cfg = 'Tokens.cfg') => loadTlaModel(fixture('Tokens.tla'), fixture(cfg));
const counts = (r: TlaSearchResult) => [r.verdict, r.distinct, r.generated, r.depth, r.trace.length];

function temporaryDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-engine-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function check(model: TlaModel, workers: number, options: TlaSearchOptions = {}): Promise<TlaSearchResult> {
  return checkTlaModelWith(model, (recordGraph) => (workers > 1 ? searchTlaParallel(model, workers, { ...options, recordGraph }) : searchTlaAsync(model, { ...options, recordGraph })));
}

// --- the state codec ---

test('state codec: every kind of value (Values.tla) round-trips to an equal state', async (t) => {
  const model = await loadTlaModel(fixture('Values.tla'));
  const result = searchTla(model);
  t.is(result.trace.length, 4);
  for (const state of result.trace) {
    const back = decodeState(encodeState(state), model.variables.length, model.modelValues);
    t.deepEqual(back.map(keyOf), state.map(keyOf));
  }
});

test('state codec: hostile bytes are one StateDecodeError naming the fault, never a crash', async (t) => {
  const model = await loadTlaModel(fixture('Tokens.tla'));
  const decode = (bytes: number[] | Uint8Array, variables = 1) => () => decodeState(Uint8Array.from(bytes), variables, model.modelValues);
  const cases: [string, () => unknown, string][] = [
    ['empty', decode([]), 'the data ends inside a state (at byte 0)'],
    ['unknown tag', decode([9]), 'unknown value tag 9 (at byte 1)'],
    ['cut integer', decode([2, 1, 0]), 'the data ends inside a value (at byte 1)'],
    ['model value out of range', decode([4, 7, 0, 0, 0]), 'model value number 7 does not exist (the configuration has 3) (at byte 5)'],
    ['set out of order', decode([5, 2, 0, 0, 0, 2, 2, 0, 0, 0, 2, 1, 0, 0, 0]), 'set members are not in normal order or repeat (at byte 15)'],
    ['set with a repeat', decode([5, 2, 0, 0, 0, 1, 1]), 'set members are not in normal order or repeat (at byte 7)'],
    ['huge count', decode([5, 255, 255, 255, 255]), 'a count of 4294967295 runs past the end (at byte 5)'],
    ['string past the end', decode([3, 9, 0, 0, 0, 65]), 'a string of 9 bytes runs past the end (at byte 5)'],
    ['bad UTF-8', decode([3, 1, 0, 0, 0, 0xff]), 'a string is not valid UTF-8 (at byte 5)'],
    ['function over 1..n', decode([6, 1, 0, 0, 0, 2, 1, 0, 0, 0, 1]), 'a function over 1..n is not written as a tuple (at byte 11)'],
    ['nesting', decode(Array.from({ length: 300 }, () => [7, 1, 0, 0, 0]).flat()), 'values nested deeper than 200 (at byte 1005)'],
    ['trailing bytes', decode([1, 0]), '1 bytes follow the state'],
  ];
  for (const [name, run, message] of cases) {
    const error = t.throws(run, { instanceOf: StateDecodeError }, name);
    t.is(error?.message, message, name);
  }
});

// --- --max-depth ---

test('--max-depth on a .tla: the levels up to the bound, said to be not exhaustive, exit 0, complete false', (t) => {
  const run = vigilJson(['check', fixture('Tokens.tla'), '--max-depth', '3']);
  t.is(run.status, 0, run.stderr);
  t.like(run.report, { verdict: 'ok', complete: false, distinctStates: 89, generatedStates: 104, depth: 3, queueLeft: 57 });
  t.is(run.report.message, 'Not exhaustive: the depth bound stopped the search with 57 states left on the queue; the temporal properties were not checked.');
  const text = vigil(['check', fixture('Tokens.tla'), '--max-depth', '3', '--workers', '2']);
  t.is(text.status, 0);
  t.true(text.stdout.endsWith('104 states generated, 89 distinct states found, 57 states left on queue.\nThe depth of the state graph search is 3.\n'), text.stdout);
});

test('--max-depth past the last level changes nothing: the run is complete', async (t) => {
  const model = await load();
  const result = await check(model, 1, { maxDepth: 10 });
  t.deepEqual(counts(result), ['ok', 5201, 10616, 9, 0]);
  t.is(result.cut, undefined);
});

test('--max-states stops with exit 153 and says so', (t) => {
  const run = vigil(['check', fixture('Tokens.tla'), '--max-states', '100']);
  t.is(run.status, 153);
  t.regex(run.stdout, /^Not exhaustive: the search stopped after 1\d\d distinct states \(--max-states\) with \d+ states left on the queue; the temporal properties were not checked\.\n/);
});

test('--max-time stops with exit 153 and says so: after the first block of 1,024 states, or the first level with workers', (t) => {
  // [distinct, generated, depth, queue left]: after the first block of 1,024 states, or after the first level.
  for (const [workers, counts] of [['1', [2314, 3309, 7, 1290]], ['2', [32, 32, 2, 24]]] as const) {
    // A budget of 1 µs has run out by the first look at the clock.
    const run = vigil(['check', fixture('Tokens.tla'), '--max-time', '0.000001', '--workers', workers, '--json']);
    t.is(run.status, 153, run.stderr);
    const report = JSON.parse(run.stdout) as { verdict: string; distinctStates: number; generatedStates: number; depth: number; queueLeft: number; message: string };
    t.is(report.verdict, 'incomplete');
    t.deepEqual([report.distinctStates, report.generatedStates, report.depth, report.queueLeft], [...counts], `--workers ${workers}`);
    t.is(report.message, `Not exhaustive: the time budget ran out with ${report.queueLeft} states left on the queue; the temporal properties were not checked.`);
  }
  // A budget the run fits in: the whole search, as without one.
  const whole = vigil(['check', fixture('Tokens.tla'), '--max-time', '600']);
  t.is(whole.status, 0, whole.stderr);
  t.regex(whole.stdout, /10616 states generated, 5201 distinct states found, 0 states left on queue\./);
});

test('--max-time: a bad value is one line naming the flag, exit 151', (t) => {
  const run = vigil(['check', fixture('Tokens.tla'), '--max-time', 'soon']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --max-time: expected a positive number, got "soon"\n');
});

// --- checkpoints ---

for (const workers of [1, 2]) {
  for (const [cfg, expected] of [
    ['Tokens.cfg', ['ok', 5201, 10616, 9, 0]],
    ['TokensFew.cfg', workers === 1 ? ['invariant', 882, 1017, 6, 6] : ['invariant', 1457, 2012, 6, 6]],
    ['TokensAllSent.cfg', ['property', 5201, 10616, 9, 1]],
  ] as const) {
    test(`checkpoint (${workers} worker${workers > 1 ? 's' : ''}, ${cfg}): stopped at --max-states and resumed, the counts, depth and trace length are the uninterrupted run's`, async (t) => {
      const model = await load(cfg);
      const whole = await check(model, workers);
      t.deepEqual(counts(whole), [...expected]);
      for (const maxStates of [8, 2000]) {
        const dir = temporaryDir(t);
        const engine = workers > 1 ? 'parallel' : 'sequential';
        const writer = tlaCheckpointer({ dir }, model, engine);
        const first = await check(model, workers, { maxStates, checkpoint: writer });
        writer.close();
        if (first.cut === undefined) {
          // The violation came before the bound: nothing to resume.
          t.deepEqual(counts(first), counts(whole));
          continue;
        }
        t.is(first.verdict, 'incomplete');
        t.is(first.exitCode, 153);
        const resumed = await check(model, workers, { resume: loadTlaSnapshot(dir, model, engine) });
        t.deepEqual(counts(resumed), counts(whole), `resumed after ${maxStates}`);
        t.is(resumed.queueLeft, whole.queueLeft);
      }
    });
  }
}

test('checkpoint: a stop request (SIGINT) saves the queue, and the resumed run is the whole one', async (t) => {
  const model = await load();
  const dir = temporaryDir(t);
  const stop = new StopRequest();
  stop.request('SIGINT');
  const writer = tlaCheckpointer({ dir }, model, 'sequential');
  const stopped = await check(model, 1, { stop, checkpoint: writer });
  writer.close();
  t.is(stopped.cut, 'interrupt');
  t.is(stopped.message, 'Not exhaustive: the run was interrupted with 8 states left on the queue; the temporal properties were not checked.');
  const resumed = await check(model, 1, { resume: loadTlaSnapshot(dir, model, 'sequential') });
  t.deepEqual(counts(resumed), ['ok', 5201, 10616, 9, 0]);
});

test('checkpoint on the command line: --max-states saves, --resume goes on, a changed .cfg is refused with one line (151)', (t) => {
  const dir = temporaryDir(t);
  for (const file of ['Tokens.tla', 'Tokens.cfg']) copyFileSync(fixture(file), join(dir, file));
  const spec = join(dir, 'Tokens.tla');
  const cp = join(dir, 'cp');
  const first = vigil(['check', spec, '--max-states', '1000', '--checkpoint', cp]);
  t.is(first.status, 153, first.stderr);
  t.regex(first.stderr, /^vigil: checkpoint: \d+ bytes in [\d.]+ s \(10\d\d distinct states\) to .*vigil-checkpoint\.bin\n/);
  const resumed = vigil(['check', spec, '--resume', cp]);
  t.is(resumed.status, 0, resumed.stderr);
  t.true(resumed.stdout.endsWith('10616 states generated, 5201 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 9.\n'), resumed.stdout);
  writeFileSync(join(dir, 'Tokens.cfg'), readFileSync(join(dir, 'Tokens.cfg'), 'utf8').replace('MaxSent = 4', 'MaxSent = 3'));
  const changed = vigil(['check', spec, '--resume', cp]);
  t.is(changed.status, 151);
  t.regex(changed.stderr, /^vigil: --resume .*cp: the snapshot belongs to another check \(sourceHash differs: the snapshot has "[0-9a-f]{64}", this run has "[0-9a-f]{64}"\)\n$/);
  const parallel = vigil(['check', spec, '--resume', cp, '--workers', '2']);
  t.is(parallel.status, 151);
});

test('checkpoint: a snapshot whose checksums hold but whose states do not decode is refused with one line naming the file', async (t) => {
  const model = await load();
  const dir = temporaryDir(t);
  const identity = tlaIdentity(model, 'sequential');
  const file = join(dir, SNAPSHOT_FILE);
  const sections = (bytes: number[]) => [
    { name: 'stateBytes', parts: [Uint8Array.from(bytes)] },
    { name: 'stateEnds', parts: [Uint32Array.from([bytes.length])] },
    { name: 'parents', parts: [Int32Array.from([-1])] },
    { name: 'levels', parts: [Int32Array.from([1])] },
    { name: 'edgeFrom', parts: [new Int32Array(0)] },
    { name: 'edgeTo', parts: [new Int32Array(0)] },
  ];
  const counters = { distinct: 1, generated: 1, depth: 1, head: 0, initialStates: 1, edges: 0 };
  const header = { format: SNAPSHOT_FORMAT, identity, counters, record: { findings: [], reported: [], satisfiedPossibles: [] } };
  writeSnapshotFile(file, header, sections([7, 1, 0, 0, 0, 9]));
  const error = await t.throwsAsync(check(model, 1, { resume: loadTlaSnapshot(dir, model, 'sequential') }));
  t.is(error?.message, `${file}: not a usable Vigil checkpoint (stateBytes: unknown value tag 9 (at byte 6))`);
  writeSnapshotFile(file, { ...header, counters: { ...counters, head: 2 } }, sections([0]));
  t.is(t.throws(() => loadTlaSnapshot(dir, model, 'sequential').counter('head', 0, 1))?.message, `${file}: counter head is missing or out of range`);
});

// --- --workers ---

for (const [spec, cfg, expected] of [
  ['Counter.tla', 'Counter.cfg', ['ok', 6, 18, 3, 0]],
  ['Symmetric.tla', 'Symmetric.cfg', ['ok', 4, 7, 3, 0]],
  ['Actions.tla', 'Actions.cfg', ['ok', 2, 14, 2, 0]],
  ['Live.tla', 'LiveUnfair.cfg', ['property', 4, 4, 4, 1]],
  ['SymLive.tla', 'SymLive.cfg', ['ok', 2, 6, 2, 0]],
  ['Values.tla', 'ValuesConstrained.cfg', ['ok', 3, 7, 2, 0]],
  // TLC's counts under VIEW: 812 distinct, 2195 generated, depth 9.
  ['Tokens.tla', 'TokensView.cfg', ['ok', 812, 2195, 9, 0]],
  ['Tokens.tla', 'Tokens.cfg', ['ok', 5201, 10616, 9, 0]],
  ['Tokens.tla', 'TokensAllSent.cfg', ['property', 5201, 10616, 9, 1]],
] as const) {
  test(`--workers 2 and 3 give the sequential counts: ${spec} with ${cfg}`, async (t) => {
    const model = await loadTlaModel(fixture(spec), fixture(cfg));
    t.deepEqual(counts(await check(model, 1)), [...expected]);
    t.deepEqual(counts(await check(model, 2)), [...expected]);
    t.deepEqual(counts(await check(model, 3)), [...expected]);
  });
}

test('--workers at a violation: the level is finished first, the same counts for 2 and 3 workers, the same trace length', async (t) => {
  const model = await load('TokensFew.cfg');
  const one = await check(model, 1);
  const two = await check(model, 2);
  const three = await check(model, 3);
  t.deepEqual(counts(one), ['invariant', 882, 1017, 6, 6]);
  // TLC's queue at a violation leaves out the violating state.
  t.is(one.queueLeft, 521);
  t.deepEqual(counts(two), ['invariant', 1457, 2012, 6, 6]);
  t.deepEqual(counts(three), counts(two));
  // States are numbered as in the sequential search: the counterexample is the same one.
  t.deepEqual(two.trace.map((s) => s.map(keyOf)), one.trace.map((s) => s.map(keyOf)));
  t.is(two.message, 'Invariant Few is violated.');
});

test('--workers: an evaluation error is exit 75 with TLC\'s message, as without workers', (t) => {
  const one = vigil(['check', fixture('Faulty.tla')]);
  const two = vigil(['check', fixture('Faulty.tla'), '--workers', '2']);
  t.is(one.status, 75);
  t.is(two.status, 75);
  t.is(two.stdout, one.stdout);
});

test('--workers: a deadlock is found in the same state as without workers', (t) => {
  const one = vigil(['check', fixture('Values.tla'), '--config', fixture('ValuesDeadlock.cfg')]);
  const two = vigil(['check', fixture('Values.tla'), '--config', fixture('ValuesDeadlock.cfg'), '--workers', '2']);
  t.is(one.status, 11);
  t.is(two.status, 11);
  const traceOf = (out: string) => out.slice(0, out.indexOf(' states generated'));
  t.is(traceOf(two.stdout).replace(/\d+$/, ''), traceOf(one.stdout).replace(/\d+$/, ''));
  t.true(two.stdout.endsWith('15 states generated, 15 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 4.\n'), two.stdout);
});

test('an invariant whose evaluation fails is TLC\'s exit 76 with the trace to the state, with and without workers', (t) => {
  const one = vigil(['check', fixture('InvariantFault.tla')]);
  const two = vigil(['check', fixture('InvariantFault.tla'), '--workers', '2']);
  t.is(one.status, 76, one.stderr);
  t.is(two.status, 76, two.stderr);
  t.true(one.stdout.startsWith('Error: Evaluating invariant Safe failed.\nAttempted to apply function:\n<<5, 6>>\nto argument 3, which is not in the domain of the function.\n'), one.stdout);
  t.regex(one.stdout, /State 3: <Next>\nx = 3\n\n3 states generated, 3 distinct states found, 0 states left on queue\.\nThe depth of the complete state graph search is 3\.\n$/);
  t.is(two.stdout, one.stdout);
});
