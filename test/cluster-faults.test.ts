import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkCluster } from '../checker/cluster/cluster-search.js';
import { startClusterWorker } from '../checker/cluster/cluster-worker.js';
import { startNatsServer } from '../checker/cluster/nats-server.js';
import { startLocalCluster, type LocalCluster } from '../checker/cluster/local-cluster.js';
import { checkParallel, type CheckResult } from '../checker/index.js';
import { seededRandom } from './helpers/kill-loop.js';
import { repoRoot, vigil } from './helpers/cli.js';

const cliPath = resolve(repoRoot, 'dist/checker/cli/main.js');

// Faults in the middle of a run must leave the figures of an undisturbed one:
// counter-grid 5x8 has 8^5 = 32,768 distinct states, 1 + 5·8^5 = 163,841
// generated, depth 5·7 + 1 = 36 (the model's own formulas, as the single engine). Each test starts its own
// nats-server and workers, and stops them even when it fails. Serial: CPU-bound.
const undisturbed = { verdict: 'ok', distinct: 32_768, generated: 163_841, depth: 36 };
const counts = (r: CheckResult) => ({ verdict: r.verdict, distinct: r.distinctStates, generated: r.generatedStates, depth: r.depth });

async function withCluster(workers: number, run: (cluster: LocalCluster) => Promise<void>): Promise<void> {
  const cluster = await startLocalCluster(workers);
  try {
    await run(cluster);
  } finally {
    for (const child of cluster.workers) if (child.signalCode === 'SIGSTOP' || child.exitCode === null) child.kill('SIGCONT');
    await cluster.stop();
  }
}

/** counter-grid 5x8 on `cluster`, calling `fault` once after level `atLevel`. */
function disturbedRun(cluster: LocalCluster, atLevel: number, fault: () => void, snapshotIntervalMs: number, takeovers: string[]) {
  let done = false;
  return checkCluster(
    { registered: 'counter-grid' },
    {
      url: cluster.server.url,
      workers: cluster.workers.length,
      temporal: false,
      constants: { N: 5, K: 8 },
      heartbeatTimeoutMs: 2000,
      snapshotIntervalMs,
      onLevel: (depth) => {
        if (depth !== atLevel || done) return;
        done = true;
        fault();
      },
      onTakeover: (line) => takeovers.push(line),
    },
  );
}

for (const seed of [1, 2, 3]) {
  test.serial(`kill -9 of one worker at a seeded moment (seed ${seed}): its shards are taken over, same figures`, async (t) => {
    const random = seededRandom(seed);
    const atLevel = 3 + Math.floor(random() * 30);
    const victim = Math.floor(random() * 3);
    const delayMs = Math.floor(random() * 40);
    // Seed 3 snapshots every level; the others at most every 300 ms, so the takeover replays several levels.
    const snapshotIntervalMs = seed === 3 ? 0 : 300;
    await withCluster(3, async (cluster) => {
      const takeovers: string[] = [];
      const result = await disturbedRun(cluster, atLevel, () => setTimeout(() => cluster.workers[victim]!.kill('SIGKILL'), delayMs), snapshotIntervalMs, takeovers);
      t.deepEqual(counts(result), undisturbed);
      t.is(cluster.workers[victim]!.signalCode, 'SIGKILL');
      t.true(takeovers.length >= 1, 'the kill landed before the run ended');
      t.regex(takeovers[0]!, /^worker [0-9a-f]{12} lost at level \d+: worker [0-9a-f]{12} took over shard \d from its snapshot at level \d+$/);
    });
  });
}

// A shard taken over is rebuilt level by level (its own successors again, then the
// stream's batches): its states must get the numbers they had, or the parent links
// other shards hold would point at other states. A violation found after the
// takeover, at the deepest level, must have the shortest trace, which replays.
test.serial('kill -9 of one worker, then a violation at the deepest level: the trace through the rebuilt shards is shortest and replays', async (t) => {
  const file = join(repoRoot, 'dist/test/fixtures/far-corner.js');
  const constants = { N: 5, K: 8 };
  const parallel = await checkParallel({ moduleUrl: new URL('./fixtures/far-corner.js', import.meta.url).href }, 2, { constants, temporal: false });
  await withCluster(3, async (cluster) => {
    const takeovers: string[] = [];
    let killed = false;
    const result = await checkCluster(
      { file },
      {
        url: cluster.server.url,
        workers: 3,
        temporal: false,
        constants,
        heartbeatTimeoutMs: 2000,
        // One snapshot, at level 1: the takeover rebuilds levels 1 to 17.
        snapshotIntervalMs: 1e9,
        onLevel: (depth) => {
          if (depth !== 18 || killed) return;
          killed = true;
          cluster.workers[2]!.kill('SIGKILL');
        },
        onTakeover: (line) => takeovers.push(line),
      },
    );
    t.regex(takeovers[0]!, /lost at level 1[89]: .* from its snapshot at level 1$/);
    t.true(takeovers.length >= 1, 'the kill landed before the run ended');
    t.deepEqual({ ...counts(result), property: result.property, traceLength: result.trace?.length }, { ...counts(parallel), property: 'NotAllAtTop', traceLength: 36 });
    t.is(result.verdict, 'invariant');
    t.deepEqual(result.trace!.at(-1)!.state, { x: { 0: 7, 1: 7, 2: 7, 3: 7, 4: 7 } });
  });
});

test.serial('a worker that stops answering (SIGSTOP): its shards are taken over, same figures', async (t) => {
  await withCluster(3, async (cluster) => {
    const takeovers: string[] = [];
    const result = await disturbedRun(cluster, 20, () => cluster.workers[1]!.kill('SIGSTOP'), 0, takeovers);
    t.deepEqual(counts(result), undisturbed);
    t.true(takeovers.length >= 1);
  });
});

test.serial('nats-server restarted mid-run (JetStream file storage): same figures', async (t) => {
  await withCluster(2, async (cluster) => {
    const takeovers: string[] = [];
    let restarted: Promise<void> | undefined;
    const result = await disturbedRun(
      cluster,
      15,
      () => {
        restarted = (async () => {
          await cluster.server.halt();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await cluster.server.start();
        })();
      },
      0,
      takeovers,
    );
    await restarted;
    t.deepEqual(counts(result), undisturbed);
    t.deepEqual(takeovers, [], 'no worker was lost');
  });
});

test.serial('the coordinator killed with kill -9, then --resume: the workers kept the run, same figures', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cluster-resume-'));
  try {
    await withCluster(2, async (cluster) => {
      const args = ['check', 'counter-grid', '--const', 'N=5', '--const', 'K=8', '--cluster', cluster.server.url, '--shards', '2', '--checkpoint', dir, '--json'];
      const first = spawn(process.execPath, [cliPath, ...args], { stdio: 'ignore' });
      const exited = new Promise((resolve) => first.once('exit', resolve));
      // Killed at a seeded moment after its first saved level boundary.
      while (!existsSync(join(dir, 'vigil-cluster-run.json'))) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(seededRandom(7)() * 500)));
      first.kill('SIGKILL');
      await exited;
      t.is(first.signalCode, 'SIGKILL');
      const second = vigil(['check', '--resume', dir, '--cluster', cluster.server.url, '--json']);
      t.is(second.status, 0, second.stderr);
      const resumedAt = /^vigil: resuming cluster run [0-9a-f]{16} at level (\d+): (\d+) distinct states already found$/m.exec(second.stderr);
      t.truthy(resumedAt, second.stderr);
      t.true(Number(resumedAt![1]) < 36, 'the first coordinator was killed before the end');
      const report = JSON.parse(second.stdout);
      t.deepEqual({ verdict: report.verdict, distinct: report.distinctStates, generated: report.generatedStates, depth: report.depth }, undisturbed);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Seen on full.yaml row 2 (2026-12-06): nats-server had delivered a shard's last
// 1,187 batches of a level, its worker never read them, and the ordered consumer
// did not notice (no later message showed the gap), so the barrier waited for ever.
test.serial('batches delivered but never read by their worker: the barrier reads its level again from the stream, same figures', async (t) => {
  const server = await startNatsServer();
  let deliveries = 0;
  const lost: number[] = [];
  // The 30th delivery to this worker vanishes, as on a connection that dropped it.
  const loseDelivery = () => {
    deliveries++;
    if (deliveries !== 30) return false;
    lost.push(deliveries);
    return true;
  };
  const lines: string[] = [];
  const lossy = await startClusterWorker({ url: server.url, log: (line) => lines.push(line), loseDelivery });
  const steady = await startClusterWorker({ url: server.url, log: () => {} });
  try {
    const result = await checkCluster({ registered: 'counter-grid' }, { url: server.url, workers: 2, temporal: false, constants: { N: 5, K: 8 } });
    t.deepEqual(counts(result), undisturbed);
    t.deepEqual(lost, [30]);
    t.true(deliveries > 30);
    const rereads = lines.filter((line) => line.includes('reading the level again'));
    t.is(rereads.length, 1, lines.join('\n'));
    t.regex(rereads[0]!, /^vigil worker [0-9a-f]{12}: run [0-9a-f]{16}: shard [01], level \d+: no batch for 3 s with (\d+) of (\d+) read: reading the level again from the stream$/);
    const [, read, sent] = /with (\d+) of (\d+) read/.exec(rereads[0]!)!;
    t.is(Number(read), Number(sent) - 1, 'one batch of the level was lost');
  } finally {
    await lossy.stop();
    await steady.stop();
    await server.stop();
  }
});

test.serial('kill -9 of `vigil check --cluster local:2`: the watchdog stops the workers so that they remove their files, and the server store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-orphans-'));
  try {
    // --queue-memory puts each shard's parent links in a folder of TMPDIR.
    const args = ['check', 'counter-grid', '--const', 'N=6', '--const', 'K=8', '--cluster', 'local:2', '--queue-memory', '1MB'];
    const coordinator = spawn(process.execPath, [cliPath, ...args], { stdio: 'ignore', env: { ...process.env, TMPDIR: dir } });
    const exited = new Promise((resolve) => coordinator.once('exit', resolve));
    const left = () => readdirSync(dir).filter((name) => name.startsWith('vigil-links-') || name.startsWith('vigil-nats-'));
    while (!left().some((name) => name.startsWith('vigil-links-'))) await new Promise((resolve) => setTimeout(resolve, 20));
    coordinator.kill('SIGKILL');
    await exited;
    const deadline = Date.now() + 15_000;
    while (left().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    t.deepEqual(left(), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
