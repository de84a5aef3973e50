import test from 'ava';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, prepare, resolveSearchSettings, toCheckResult } from '../checker/check.js';
import { VigilError } from '../checker/errors.js';
import type { Spec } from '../spec/spec.js';
import { BreadthFirstSearch } from '../checker/search/bfs.js';
import { QueueSpill } from '../checker/search/queue-spill.js';
import { StateQueue } from '../checker/search/state-queue.js';
import diehard from '../models/examples/diehard.js';
import twophase from '../models/examples/twophase.js';
import { vigil, vigilJson } from './helpers/cli.js';

test('a spilling queue returns every state in order, writing and reading whole chunks only', (t) => {
  const directory = scratchDirectory(t);
  const store = new QueueSpill(directory);
  // 4 states of 2 words a chunk (32 bytes), at most 2 chunks in memory.
  const queue = new StateQueue(2, 4, { store, memoryBytes: 64 });
  const state = new Int32Array(2);
  const seen: number[] = [];
  let pushed = 0;
  const push = (n: number) => {
    for (let i = 0; i < n; i++, pushed++) {
      state[0] = pushed;
      state[1] = -pushed;
      queue.push(state, 0);
      t.true(queue.bytes <= 64 + 32, 'memory stays near the budget');
    }
  };
  const take = (n: number) => {
    for (let i = 0; i < n; i++) {
      const chunk = queue.take();
      t.is(chunk[queue.takenBase]! + chunk[queue.takenBase + 1]!, 0);
      seen.push(chunk[queue.takenBase]!);
    }
  };
  push(30);
  take(7);
  push(25);
  take(40);
  push(3);
  take(queue.length);
  t.deepEqual(seen, Array.from({ length: 58 }, (_, i) => i));
  // Each chunk that filled with the queue at its budget went to disk, unless the head was
  // in it: chunks 1-6 of the first 30 states, 7-12 during the next 25, then 13. At most
  // 11 were on disk at once (2-6 and 7-12, after chunk 1 came back).
  t.is(store.chunksWritten, 13);
  t.is(store.peakBytesOnDisk, 11 * 32);
  t.is(store.bytesOnDisk, 0);
  t.deepEqual(readdirSync(directory).flatMap((d) => readdirSync(join(directory, d))), []);
  store.close();
  t.deepEqual(readdirSync(directory), []);
});

/** A search whose queue keeps at most `chunksInMemory` chunks of `chunkStates` states in memory. */
/** A fresh directory under the OS temporary directory, removed after the test. */
function scratchDirectory(t: import('ava').ExecutionContext): string {
  const directory = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  t.teardown(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

function searchWithSpill(spec: Spec<any>, constants: Record<string, unknown>, spillDirectory: string, chunkStates = 64, chunksInMemory = 4) {
  const { runtime } = prepare(spec, constants);
  const queueMemoryBytes = chunksInMemory * chunkStates * runtime.codec.words * 4;
  const settings = { ...resolveSearchSettings(spec.name, runtime, {}), queueMemoryBytes, queueChunkStates: chunkStates, spillDirectory };
  const search = new BreadthFirstSearch(runtime, settings);
  return { search, outcome: search.run() };
}

test('twophase RM=5 with a spilling queue: the exact counts of an in-memory run (8,832 / 58,146 / 17)', (t) => {
  const directory = scratchDirectory(t);
  const { search, outcome } = searchWithSpill(twophase, { RM: 5 }, directory);
  t.deepEqual([outcome.distinctStates, outcome.generatedStates, outcome.depth, outcome.queueLeft], [8832, 58146, 17, 0]);
  t.true(search.spill!.chunksWritten > 20, `${search.spill!.chunksWritten} chunks spilled`);
  t.is(search.spill!.bytesOnDisk, 0);
  t.deepEqual(readdirSync(directory), [], 'the spill directory is removed');
});

test('96-bit fingerprints with a spilling queue: the exact counts of the in-memory 64-bit run (issue 19)', (t) => {
  const { runtime } = prepare(twophase, { RM: 5 });
  const settings = { ...resolveSearchSettings(twophase.name, runtime, { fingerprintBits: 96 }), queueMemoryBytes: 4 * 64 * runtime.codec.words * 4, queueChunkStates: 64, spillDirectory: scratchDirectory(t) };
  const search = new BreadthFirstSearch(runtime, settings);
  const outcome = search.run();
  t.deepEqual([outcome.distinctStates, outcome.generatedStates, outcome.depth, outcome.queueLeft, outcome.fingerprintBits], [8832, 58146, 17, 0, 96]);
  t.true(search.spill!.chunksWritten > 20, `${search.spill!.chunksWritten} chunks spilled`);
});

test('the counterexample with a spilling queue is the in-memory one', (t) => {
  const inMemory = check(diehard);
  const { search, outcome } = searchWithSpill(diehard, {}, scratchDirectory(t), 1, 1);
  t.true(search.spill!.chunksWritten > 0);
  const spilled = toCheckResult(diehard.name, {}, outcome, (request, finding) => search.traceFor(request, finding), 0);
  t.is(spilled.verdict, 'invariant');
  t.deepEqual(spilled.trace, inMemory.trace);
  t.deepEqual([spilled.distinctStates, spilled.generatedStates, spilled.depth], [inMemory.distinctStates, inMemory.generatedStates, inMemory.depth]);
});

test('a spill directory that cannot be written is one error naming it (exit 153)', (t) => {
  const missing = join(tmpdir(), 'vigil-no-such-dir', 'deeper');
  const error = t.throws(() => searchWithSpill(twophase, { RM: 5 }, missing), { instanceOf: VigilError });
  t.is(error!.message, `BFS queue spill: creating a directory in ${missing} failed (ENOENT)`);
  t.is((error as VigilError).exitCode, 153);
});

test('CLI: --queue-memory is passed to the search (counts unchanged); bad sizes and parallel runs are refused', (t) => {
  const run = vigilJson(['check', 'twophase', '--const', 'RM=5', '--queue-memory', '0']);
  t.is(run.status, 0);
  t.deepEqual([run.report.distinctStates, run.report.generatedStates, run.report.depth], [8832, 58146, 17]);
  const bad = vigil(['check', 'twophase', '--queue-memory', 'lots']);
  t.is(bad.status, 151);
  t.is(bad.stderr, 'vigil: --queue-memory: expected a size such as 512M or 2G, got "lots"\n');
  const parallel = vigil(['check', 'twophase', '--queue-memory', '1M', '--workers', '2']);
  t.is(parallel.status, 151);
  t.is(parallel.stderr, 'vigil: --queue-memory: the queue spills with one worker only (--workers 1)\n');
});
