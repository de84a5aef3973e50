import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectCluster } from '../checker/cluster/nats-link.js';
import { describeRun, type ClusterModel } from '../checker/cluster/cluster-search.js';
import { startClusterWorker } from '../checker/cluster/cluster-worker.js';
import { ANNOUNCE_SUBJECT } from '../checker/cluster/protocol.js';
import { RunStore, runObjects } from '../checker/cluster/run-store.js';
import { startNatsServer, type NatsServer } from '../checker/cluster/nats-server.js';
import { prepare, resolveSearchSettings } from '../checker/check.js';
import { repoRoot } from './helpers/cli.js';

async function withServer(run: (server: NatsServer) => Promise<void>): Promise<void> {
  const server = await startNatsServer();
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

const fixture = join(repoRoot, 'dist/test/fixtures/far-corner.js');

async function describeFixture(store: RunStore, runId: string) {
  const spec = (await import('./fixtures/far-corner.js')).default;
  const { runtime, constants } = prepare(spec, { N: 3, K: 3 });
  const model: ClusterModel = { file: fixture };
  return describeRun(store, runId, model, runtime, resolveSearchSettings(spec.name, runtime, {}), constants);
}

test.serial("a model's files travel through the run's JetStream object store, read back whole", async (t) => {
  await withServer(async (server) => {
    const link = await connectCluster(server.url);
    try {
      const runId = 'a1b2c3d4e5f60718';
      const store = await RunStore.open(link, runId, true);
      const description = await describeFixture(store, runId);
      // The model and its local import, named relative to the package's compiled root.
      t.deepEqual(description.model, { kind: 'files', entry: 'test/fixtures/far-corner.js', files: ['test/fixtures/far-corner.js', 'models/examples/counter-grid.js'] });
      // The bucket is a JetStream stream of its own, so it survives a server restart like the batches.
      t.true((await link.jsm.streams.names().next()).includes(`OBJ_vigil-${runId}`));
      const again = await RunStore.open(link, runId, false);
      t.is(await again.getText(runObjects.modelFile('test/fixtures/far-corner.js')), readFileSync(fixture, 'utf8'));
      t.is(await again.getText(runObjects.modelFile('models/examples/counter-grid.js')), readFileSync(join(repoRoot, 'dist/models/examples/counter-grid.js'), 'utf8'));
      const missing = await t.throwsAsync(again.getBytes(runObjects.snapshot(0, 3)));
      t.is(missing?.message, `the run's object store vigil-${runId} has no object snapshot/0/3`);
      await store.destroy();
      t.false((await link.jsm.streams.names().next()).includes(`OBJ_vigil-${runId}`));
    } finally {
      await link.nc.close();
    }
  });
});

test.serial('a worker refuses a run whose description names an unsafe or missing model file, with one line', async (t) => {
  await withServer(async (server) => {
    const lines: string[] = [];
    const worker = await startClusterWorker({ url: server.url, log: (line) => lines.push(line) });
    const link = await connectCluster(server.url);
    try {
      const announce = async (runId: string, files: unknown) => {
        const store = await RunStore.open(link, runId, true);
        const description = await describeFixture(store, runId);
        await store.putJson(runObjects.description, { ...description, shards: 1, model: { kind: 'files', entry: 'm.js', files } });
        link.nc.publish(ANNOUNCE_SUBJECT, JSON.stringify({ runId, version: description.version }));
        const deadline = Date.now() + 10_000;
        while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        return lines.splice(0);
      };
      t.deepEqual(await announce('0000000000000001', ['../../etc/passwd']), [`vigil worker ${worker.id}: refusing run 0000000000000001: its model does not load here: run: refusing the model file name "../../etc/passwd"`]);
      t.deepEqual(await announce('0000000000000002', ['m.js']), [`vigil worker ${worker.id}: refusing run 0000000000000002: its model does not load here: the run's object store vigil-0000000000000002 has no object model/m.js`]);
      // The owners' key (partition.ts) is input from the network too: an index past the state's words is refused.
      const store = await RunStore.open(link, '0000000000000003', true);
      const description = await describeFixture(store, '0000000000000003');
      await store.putJson(runObjects.description, { ...description, shards: 2, partitionKey: [0, description.wordsPerState] });
      link.nc.publish(ANNOUNCE_SUBJECT, JSON.stringify({ runId: '0000000000000003', version: description.version }));
      const deadline = Date.now() + 10_000;
      while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      t.deepEqual(lines.splice(0), [`vigil worker ${worker.id}: refusing run 0000000000000003: its model does not load here: the run description is malformed (partitionKey)`]);
    } finally {
      await link.nc.close();
      await worker.stop();
    }
  });
});

test.serial('kill -9 of the process that started a private nats-server and a worker: both are stopped and the store removed', async (t) => {
  const script = `
    import { startLocalCluster } from ${JSON.stringify(new URL('../checker/cluster/local-cluster.js', import.meta.url).href)};
    const cluster = await startLocalCluster(1);
    console.log(JSON.stringify({ server: cluster.server.pid(), worker: cluster.workers[0].pid, dir: cluster.server.storeDir }));
    setInterval(() => {}, 1000);`;
  const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await new Promise<{ server: number; worker: number; dir: string }>((resolve, reject) => {
    owner.stdout!.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line)));
    owner.once('exit', (code) => reject(new Error(`the owner exited with ${code}`)));
  });
  const running = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  t.true(running(started.server) && running(started.worker) && existsSync(started.dir));
  owner.kill('SIGKILL');
  const deadline = Date.now() + 20_000;
  while ((running(started.server) || running(started.worker) || existsSync(started.dir)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  t.false(running(started.server), 'nats-server left running');
  t.false(running(started.worker), 'worker left running');
  t.false(existsSync(started.dir), 'store left behind');
});
