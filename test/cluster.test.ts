import test from 'ava';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { check, checkParallel, readSuite, type CheckResult } from '../checker/index.js';
import { checkCluster, type ClusterModel, type ClusterOptions, type ClusterStats } from '../checker/cluster/cluster-search.js';
import { startLocalCluster, type LocalCluster } from '../checker/cluster/local-cluster.js';
import { simulateCluster } from '../checker/cluster/swarm.js';
import { simulate } from '../checker/simulate/simulate.js';
import { FingerprintSet } from '../checker/search/visited-set.js';
import { registry } from '../models/registry.js';
import { repoRoot, vigil } from './helpers/cli.js';

// One private nats-server (free loopback port, temporary store) and three worker
// processes for the whole file, stopped after it even when a test fails.
let cluster: LocalCluster;
test.before(async () => {
  cluster = await startLocalCluster(3);
});
test.after.always(async () => {
  await cluster?.stop();
});

const counts = (r: CheckResult) => ({ verdict: r.verdict, property: r.property, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth, traceLength: r.trace?.length ?? null });
const onCluster = (model: ClusterModel, options: Partial<ClusterOptions> = {}) => checkCluster(model, { ...options, url: cluster.server.url, workers: 3, temporal: false });
const registryUrl = new URL('../models/registry.js', import.meta.url).href;

test.serial('local:3 gives the single engine figures on every safety row of the TLC conformance suite', async (t) => {
  const suite = readSuite(join(repoRoot, 'models/tlaplus/conformance.yaml'));
  // Liveness verdicts are refused on a cluster; symmetric runs too (both tested below).
  const rows = suite.entries.filter((entry) => entry.expect.verdict !== 'liveness' && !(entry.symmetry !== false && entry.model.endsWith('Sym')));
  t.true(rows.length >= 20, `${rows.length} rows`);
  for (const row of rows) {
    const options = { constants: row.constants, invariants: row.invariants, checkDeadlock: row.deadlock, symmetry: false };
    const distributed = await onCluster({ registered: row.model }, options);
    if (row.expect.verdict === 'ok') {
      // The suite pins TLC's figures, which the single engine matches (conformance-suite.test.ts).
      t.like(counts(distributed), { verdict: 'ok', distinct: row.expect.distinctStates, generated: row.expect.generatedStates, depth: row.expect.depth }, row.name);
    } else {
      // At a violation two or more workers finish the level (the parallel engine's rule); the trace is as short as one machine's.
      const parallel = await checkParallel({ moduleUrl: registryUrl, registryName: row.model }, 2, { ...options, temporal: false });
      t.deepEqual(counts(distributed), counts(parallel), row.name);
      t.is(distributed.trace?.length, row.expect.traceLength, row.name);
    }
  }
});

test.serial('counter-grid 6x8, twophase and the vfio-pm smoke configuration: the single engine figures', async (t) => {
  const runs: [string, Record<string, unknown>, Partial<ReturnType<typeof counts>>][] = [
    ['counter-grid', { N: 6, K: 8 }, { verdict: 'ok', distinct: 262_144, generated: 1_572_865, depth: 43 }],
    ['twophase', {}, { verdict: 'ok', distinct: 288, generated: 1146, depth: 11 }],
    ['vfio-pm', { ops: 3, menu: 'ENTRY,ENTRY_WAKEUP,EXIT,OTHER', vcpu: 2, host: 1, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false }, { verdict: 'ok' }],
  ];
  for (const [name, constants, pinned] of runs) {
    const single = check((await registry[name]!()).default, { constants, temporal: false });
    const distributed = await onCluster({ registered: name }, { constants });
    t.deepEqual(counts(distributed), counts(single), name);
    t.like(counts(distributed), pinned, name);
  }
});

test.serial('snapshot segments write each state once: all snapshots together stay within one fingerprint, link and frontier copy a state', async (t) => {
  let stats: ClusterStats | undefined;
  // Snapshots at every level boundary the pacing allows (interval 0).
  const result = await onCluster({ registered: 'counter-grid' }, { constants: { N: 6, K: 8 }, snapshotIntervalMs: 0, onFinished: (s) => (stats = s) });
  t.is(result.distinctStates, 262_144);
  const { count, bytes } = stats!.snapshots;
  t.true(count >= 3, `${count} snapshots`);
  // A state's fingerprint (8 bytes) and link (12) go in the segment after it was admitted, its words (4 a word) in the frontier of at most one snapshot; each segment has a header.
  const wordsPerState = stats!.recordBytes / 4 - 2;
  const bound = result.distinctStates * (8 + 12 + 4 * wordsPerState) + count * 3 * 2048;
  t.true(bytes <= bound, `${bytes} bytes in ${count} snapshots, at most ${bound}`);
});

test.serial('96-bit fingerprints with --cluster: the figures of the single engine with 96 bits, and the run says so', async (t) => {
  const constants = { N: 5, K: 8 };
  const single = check((await registry['counter-grid']!()).default, { constants, fingerprintBits: 96, temporal: false });
  const distributed = await onCluster({ registered: 'counter-grid' }, { constants, fingerprintBits: 96 });
  t.deepEqual(counts(distributed), counts(single));
  t.like(distributed.collisionProbability, { fingerprintBits: 96 });
  t.is(distributed.collisionProbability.optimistic, single.collisionProbability.optimistic);
  // --expected-states makes each shard's tables for its share at once: same figures.
  const presized = await onCluster({ registered: 'counter-grid' }, { constants, fingerprintBits: 96, expectedStates: 32_768 });
  t.deepEqual(counts(presized), counts(single));
});

test.serial('the queue spill with --cluster: each shard spills whole chunks past its budget, same figures', async (t) => {
  const constants = { N: 6, K: 8 };
  const distributed = await onCluster({ registered: 'counter-grid' }, { constants, queueMemoryBytes: 4096, queueChunkStates: 256 });
  t.like(counts(distributed), { verdict: 'ok', distinct: 262_144, generated: 1_572_865, depth: 43 });
  t.true(distributed.queueSpill!.chunksWritten > 100, `${distributed.queueSpill!.chunksWritten} chunks written`);
  t.is(distributed.queueSpill!.memoryBytes, 4096);
});

test.serial('a violation with the queue spill: the trace is rebuilt from parent links kept on disk, as long as on one machine', async (t) => {
  const file = join(repoRoot, 'dist/test/fixtures/far-corner.js');
  // Spilling shards keep their links on disk past a chunk (16 here): about 200 states a shard.
  const distributed = await onCluster({ file }, { constants: { N: 4, K: 5 }, queueMemoryBytes: 256, queueChunkStates: 16 });
  t.deepEqual(counts(distributed), { verdict: 'invariant', property: 'NotAllAtTop', distinct: 625, generated: 2497, depth: 17, traceLength: 17 });
  t.is(distributed.queueSpill?.memoryBytes, 256, 'the shards spilled');
});

test.serial('the run report of a cluster run plots each worker\'s states/s and each shard\'s queue per level', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cluster-report-'));
  try {
    const file = join(dir, 'run.html');
    const run = vigil(['check', 'twophase', '--no-liveness', '--cluster', cluster.server.url, '--shards', '3', '--report', file]);
    t.is(run.status, 0, run.stderr);
    const html = readFileSync(file, 'utf8');
    t.regex(html, /<svg class="chart" id="worker-chart"/);
    t.is(html.match(/data-series="worker [0-9a-f]{12}"/g)?.length, 3);
    t.is(html.match(/data-series="shard \d"/g)?.length, 3);
    // twophase has 11 levels: each shard's new states for levels 1..12 (the 12th is empty: the search ends).
    t.regex(html, /data-series="shard 0" data-points="12"/);
    t.regex(html, /<polyline class="series distinct" data-points="11"/);
    t.regex(html, /the cluster engine \(<code>--cluster<\/code>\) does not count coverage/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('a deadlock: the level is finished, as with two or more workers, and the trace is as short', async (t) => {
  const distributed = await onCluster({ registered: 'lock-order' });
  t.deepEqual(counts(distributed), { verdict: 'deadlock', property: null, distinct: 8, generated: 9, depth: 4, traceLength: 3 });
});

test.serial('a violation in a model file shipped to the workers: shortest trace, same length as one machine, and vigil replay accepts it', async (t) => {
  const file = join(repoRoot, 'dist/test/fixtures/far-corner.js');
  const constants = { N: 4, K: 5 };
  const distributed = await onCluster({ file }, { constants });
  const single = check((await import('./fixtures/far-corner.js')).default, { constants });
  const parallel = await checkParallel({ moduleUrl: new URL('./fixtures/far-corner.js', import.meta.url).href }, 2, { constants });
  // One engine stops right after the violating state (2,485 generated); the cluster, like two or more workers, finishes its level.
  t.deepEqual(counts(distributed), counts(parallel));
  t.deepEqual(counts(distributed), { verdict: 'invariant', property: 'NotAllAtTop', distinct: 625, generated: 2497, depth: 17, traceLength: 17 });
  t.is(single.trace?.length, 17);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cluster-'));
  try {
    const traceFile = join(dir, 'corner.itf.json');
    const run = vigil(['check', file, '--const', 'N=4', '--const', 'K=5', '--cluster', cluster.server.url, '--shards', '3', '--trace-out', traceFile]);
    t.is(run.status, 12, run.stderr);
    t.regex(run.stdout, /2497 states generated, 625 distinct states found/);
    const replay = vigil(['replay', traceFile, '--model', file, '--const', 'N=4', '--const', 'K=5']);
    t.is(replay.status, 0, replay.stderr);
    t.regex(replay.stdout, /^Legal: all 17 states/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('swarm simulation: coverage merged over the workers equals the same seeds walked on one machine', async (t) => {
  const swarm = await simulateCluster({ registered: 'twophase' }, { url: cluster.server.url, workers: 3, seeds: 9, traces: 20, depth: 30 });
  const seen = new FingerprintSet();
  const spec = (await registry.twophase!()).default;
  let walks = 0;
  for (let seed = 1; seed <= 9; seed++) walks += simulate(spec, { seed, traces: 20, depth: 30, seen }).simulation.traces;
  t.like(swarm, { seedsRun: 9, walks, workers: 3, distinctStates: seen.size, violations: [], result: null });
  t.true(seen.size > 100);
});

test.serial('swarm simulation stops at the first violation, and each violation is reproduced from its seed on one machine', async (t) => {
  const swarm = await simulateCluster({ registered: 'diehard' }, { url: cluster.server.url, workers: 3, seeds: 30, traces: 50, depth: 20 });
  t.true(swarm.violations.length >= 1);
  t.true(swarm.seedsRun < 30, `${swarm.seedsRun} seeds ran: the workers stopped early`);
  const spec = (await registry.diehard!()).default;
  for (const violation of swarm.violations) {
    const alone = simulate(spec, { seed: violation.seed, traces: 50, depth: 20 });
    t.deepEqual([alone.verdict, alone.property, alone.trace?.length], [violation.verdict, violation.property, violation.traceLength], `seed ${violation.seed}`);
  }
  t.like(swarm.result, { verdict: 'invariant', property: 'NotSolved' });
});

test.serial('symmetry on local:3: canonicalised where successors are expanded, the owner chosen by the orbit; the single engine figures', async (t) => {
  const suite = readSuite(join(repoRoot, 'models/tlaplus/conformance.yaml'));
  const rows = suite.entries.filter((entry) => entry.model.endsWith('Sym') && entry.symmetry !== false && entry.expect.verdict !== 'liveness');
  t.true(rows.length >= 5, `${rows.length} rows`);
  for (const row of rows) {
    const distributed = await onCluster({ registered: row.model }, { constants: row.constants, invariants: row.invariants, checkDeadlock: row.deadlock });
    t.like(counts(distributed), { verdict: 'ok', distinct: row.expect.distinctStates, generated: row.expect.generatedStates, depth: row.expect.depth }, row.name);
    t.truthy(distributed.symmetry, row.name);
  }
  // vfio-pm's two ioctl threads are interchangeable.
  const constants = { threads: 2, ops: 2, menu: 'ENTRY,EXIT,OTHER', vcpu: 1, host: 1, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false };
  const single = check((await registry['vfio-pm']!()).default, { constants, temporal: false });
  const unreduced = check((await registry['vfio-pm']!()).default, { constants, temporal: false, symmetry: false });
  t.true(single.distinctStates < unreduced.distinctStates, `${single.distinctStates} orbits of ${unreduced.distinctStates} states`);
  const distributed = await onCluster({ registered: 'vfio-pm' }, { constants });
  t.deepEqual(counts(distributed), counts(single));
  t.deepEqual(distributed.symmetry, single.symmetry);
});
