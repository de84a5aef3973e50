import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { check, checkParallel, ConfigError, prepare, StopRequest, type CheckOptions, type CheckResult, type SpecSource } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import { byteViews, readSnapshotFile, writeSnapshotFile } from '../checker/checkpoint/snapshot-file.js';
import farCorner from './fixtures/far-corner.js';

const registryUrl = new URL('../models/registry.js', import.meta.url).href;
const counterGrid = (await registry['counter-grid']!()).default;
const gridSource: SpecSource = { moduleUrl: registryUrl, registryName: 'counter-grid' };
const grid = { N: 6, K: 8 };
// 8^6 states, 1 + 6·8^6 generated, depth 6·7 + 1.
const gridFigures = { verdict: 'ok', complete: true, distinctStates: 262_144, generatedStates: 1_572_865, depth: 43, queueLeft: 0 };
const file = (dir: string) => join(dir, 'vigil-checkpoint.bin');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-checkpoint-'));
}

/** Options that stop the search once it has `after` distinct states, saving a snapshot into `dir` as it stops. */
function stoppingAt(after: number, dir: string, constants: Record<string, unknown>): CheckOptions {
  const stop = new StopRequest();
  return {
    constants,
    stop,
    checkpoint: { dir, intervalMs: 1e9 },
    progressIntervalMs: 0,
    onProgress: (info) => {
      if (info.distinctStates >= after) stop.request('test');
    },
  };
}

function figures(result: CheckResult) {
  const { verdict, complete, distinctStates, generatedStates, depth, queueLeft } = result;
  return { verdict, complete, distinctStates, generatedStates, depth, queueLeft };
}

test('sequential: a stop saves a snapshot mid-level, and resuming it gives the figures of one run', (t) => {
  const dir = scratch();
  try {
    const stopped = check(counterGrid, stoppingAt(100_000, dir, grid));
    t.like(stopped, { verdict: 'incomplete', complete: false, exitCode: 153 });
    t.true(stopped.distinctStates >= 100_000 && stopped.distinctStates < 262_144);
    t.regex(stopped.message!, /^Not exhaustive: the run was interrupted with \d+ states left on the queue\.$/);
    const resumed = check(counterGrid, { constants: grid, resume: dir });
    t.deepEqual(figures(resumed), gridFigures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parallel: a stop between levels saves a snapshot, and resuming it with another worker count gives the figures of one run', async (t) => {
  const dir = scratch();
  try {
    const stopped = await checkParallel(gridSource, 2, stoppingAt(50_000, dir, grid));
    t.like(stopped, { verdict: 'incomplete', complete: false, exitCode: 153 });
    t.true(stopped.distinctStates >= 50_000 && stopped.distinctStates < 262_144);
    const resumed = await checkParallel(gridSource, 3, { constants: grid, resume: dir });
    t.deepEqual(figures(resumed), gridFigures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a violation found after a resume has the same trace as in one run', (t) => {
  const dir = scratch();
  try {
    const constants = { N: 5, K: 6 };
    const whole = check(farCorner, { constants });
    t.like(whole, { verdict: 'invariant', property: 'NotAllAtTop', distinctStates: 7_776, depth: 26 });
    t.is(check(farCorner, stoppingAt(3_000, dir, constants)).verdict, 'incomplete');
    const resumed = check(farCorner, { constants, resume: dir });
    t.deepEqual(figures(resumed), figures(whole));
    t.deepEqual(resumed.trace, whole.trace);
    t.is(resumed.trace!.length, 26);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot of a symmetric search is refused by a run without symmetry, and resumes with it', async (t) => {
  const dir = scratch();
  try {
    const dijkstra = (await registry['tlaplus/MCDijkstraMutexSym']!()).default;
    const whole = check(dijkstra, {});
    check(dijkstra, stoppingAt(5_000, dir, {}));
    t.throws(() => check(dijkstra, { resume: dir, symmetry: false }), { instanceOf: ConfigError, message: /symmetry differs: the snapshot has "Proc:3 exact", this run has null\)$/ });
    t.deepEqual(figures(check(dijkstra, { resume: dir })), figures(whole));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot of another check is refused with one line naming what differs (exit 151)', async (t) => {
  const dir = scratch();
  try {
    check(counterGrid, stoppingAt(20_000, dir, grid));
    const refused = (options: CheckOptions) => t.throws(() => check(counterGrid, { resume: dir, ...options }), { instanceOf: ConfigError });
    t.is(refused({ constants: { N: 6, K: 7 } })!.exitCode, 151);
    t.regex(refused({ constants: { N: 6, K: 7 } })!.message, /^--resume .*: the snapshot belongs to another check \(constants differs: the snapshot has \{"K":8,"N":6\}, this run has \{"K":7,"N":6\}\)$/);
    t.regex(refused({ constants: grid, invariants: [] })!.message, /invariants differs: the snapshot has \["InRange"\], this run has \[\]/);
    t.regex(refused({ constants: grid, checkDeadlock: false })!.message, /checkDeadlock differs/);
    t.regex(refused({ constants: grid, modelSourceHash: 'f'.repeat(64) })!.message, /sourceHash differs: the snapshot has null/);
    await t.throwsAsync(checkParallel(gridSource, 2, { constants: grid, resume: dir }), {
      message: /engine differs: the snapshot has "sequential", this run has "parallel"; resume a sequential snapshot without --workers, a parallel one with --workers N\)$/,
    });
    t.throws(() => check(farCorner, { constants: grid, resume: dir }), { message: /model differs: the snapshot has "counter-grid", this run has "far-corner"/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged snapshot is refused with one line (exit 151), never used', (t) => {
  const dir = scratch();
  try {
    check(counterGrid, stoppingAt(20_000, dir, grid));
    const good = readFileSync(file(dir));
    const refusal = (bytes: Buffer) => {
      writeFileSync(file(dir), bytes);
      const error = t.throws(() => check(counterGrid, { constants: grid, resume: dir }), { instanceOf: ConfigError })!;
      t.is(error.exitCode, 151);
      return error.message;
    };
    const flipped = Buffer.from(good);
    flipped[1000] ^= 0x40;
    t.regex(refusal(flipped), /vigil-checkpoint\.bin: not a usable Vigil checkpoint \(section visited fails its checksum\)$/);
    t.regex(refusal(good.subarray(0, good.length - 3)), /not a usable Vigil checkpoint \(wrong magic number\)$/);
    t.regex(refusal(good.subarray(0, 4)), /not a usable Vigil checkpoint \(too short\)$/);
    const json = Buffer.from('{"sections": 5}');
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32LE(crc32(json), 0);
    lengths.writeUInt32LE(json.length, 4);
    t.regex(refusal(Buffer.concat([json, lengths, Buffer.from('VIGILCP2')])), /not a usable Vigil checkpoint \(the header has no section list\)$/);
    const firstFormat = Buffer.concat([json, Buffer.from([15, 0, 0, 0]), Buffer.from('VIGILCP1')]);
    t.regex(refusal(firstFormat), /not a usable Vigil checkpoint \(written by an earlier Vigil in a format without a header checksum; start the check again\)$/);
    rmSync(file(dir));
    t.throws(() => check(counterGrid, { constants: grid, resume: dir }), { message: /vigil-checkpoint\.bin: no checkpoint there/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot that cannot be written is reported, the search goes on, and the previous snapshot stays usable', (t) => {
  const dir = scratch();
  try {
    check(counterGrid, stoppingAt(20_000, dir, grid));
    const before = statSync(file(dir)).size;
    // The temporary file's name is taken by a directory: the write fails before the rename.
    mkdirSync(`${file(dir)}.tmp-${process.pid}`);
    const failures: string[] = [];
    const stop = new StopRequest();
    const result = check(counterGrid, {
      constants: grid,
      resume: dir,
      stop,
      checkpoint: { dir, intervalMs: 0, onFailed: (message) => failures.push(message) },
      progressIntervalMs: 0,
      onProgress: (info) => info.distinctStates >= 60_000 && stop.request('test'),
    });
    t.is(result.verdict, 'incomplete');
    t.true(failures.length > 0);
    t.regex(failures[0]!, /^checkpoint .*vigil-checkpoint\.bin: the snapshot could not be written \(EISDIR\); the previous one is kept$/);
    t.is(statSync(file(dir)).size, before);
    rmSync(`${file(dir)}.tmp-${process.pid}`, { recursive: true });
    // What a crash in the middle of a write leaves behind: a partial temporary file, never read.
    writeFileSync(`${file(dir)}.tmp-99999`, Buffer.alloc(1000, 7));
    t.deepEqual(figures(check(counterGrid, { constants: grid, resume: dir })), gridFigures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with --continue, violations found before the snapshot are kept and their traces rebuilt after the resume', async (t) => {
  const dir = scratch();
  try {
    const vfio = (await registry['vfio-pm']!()).default;
    // The small smoke configuration, unreduced (159,116 states), so the stop at 80,000 falls between the two violations.
    const constants = { ...SMOKE, mutant: 'M4', threads: 2, ops: 2 };
    const whole = check(vfio, { constants, continueAfterViolation: true, symmetry: false });
    t.deepEqual(
      whole.violations.map((v) => [v.property, v.traceLength]),
      [
        ['S9', 24],
        ['S8', 32],
      ],
    );
    const stopped = check(vfio, { ...stoppingAt(80_000, dir, constants), continueAfterViolation: true, symmetry: false });
    t.deepEqual(
      stopped.violations.map((v) => v.property),
      ['S9'],
    );
    const resumed = check(vfio, { constants, continueAfterViolation: true, symmetry: false, resume: dir });
    t.deepEqual(figures(resumed), figures(whole));
    t.deepEqual(resumed.violations, whole.violations);
    t.deepEqual(resumed.trace, whole.trace);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot whose checksums hold but whose queue holds a value outside its type is refused', (t) => {
  const dir = scratch();
  try {
    check(counterGrid, stoppingAt(20_000, dir, grid));
    const { header, sections } = readSnapshotFile(file(dir));
    const queue = sections.get('queue') as Int32Array;
    const words = prepare(counterGrid, grid).runtime.codec.words;
    t.true(queue.length > 2 * words);
    queue.fill(-1, words, 2 * words); // every bit set: fields past their range, and bits past the last field
    const { sections: _described, ...rest } = header;
    writeSnapshotFile(file(dir), rest, [...sections].map(([name, column]) => ({ name, parts: [column] })));
    const error = t.throws(() => check(counterGrid, { constants: grid, resume: dir }), { instanceOf: ConfigError })!;
    t.regex(error.message, /vigil-checkpoint\.bin: not a usable Vigil checkpoint \(queued state 1 is not a state of this model\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('snapshots refuse what they cannot save: 96-bit fingerprints and a spilled queue (exit 151)', (t) => {
  const dir = scratch();
  try {
    const checkpoint = { dir, intervalMs: 1e9 };
    t.throws(() => check(counterGrid, { constants: grid, checkpoint, fingerprintBits: 96 }), {
      instanceOf: ConfigError,
      message: '--checkpoint/--resume work with 64-bit fingerprints only: omit --fingerprint-bits 96',
    });
    t.throws(() => check(counterGrid, { constants: grid, resume: dir, queueMemoryBytes: 1 << 20 }), {
      instanceOf: ConfigError,
      message: '--checkpoint/--resume keep the whole queue in the snapshot: omit --queue-memory',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('byteViews cuts a column into views of at most the given size that cover its bytes in order', (t) => {
  const column = Int32Array.from({ length: 10 }, (_, i) => i * 1000 + 1);
  const views = [...byteViews(column.subarray(1), 12)];
  t.deepEqual(views.map((view) => view.length), [12, 12, 12]);
  t.deepEqual(Buffer.concat(views), Buffer.from(column.buffer, 4, 36));
});
