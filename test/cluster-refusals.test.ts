import test from 'ava';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { checkCluster } from '../checker/cluster/cluster-search.js';
import { startClusterWorker } from '../checker/cluster/cluster-worker.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startNatsServer, type NatsServer } from '../checker/cluster/nats-server.js';
import { ANNOUNCE_SUBJECT, batchSubject, runSubject } from '../checker/cluster/protocol.js';
import { vigil } from './helpers/cli.js';
import { makeTestOperator } from './helpers/nats-credentials.js';

// Each test starts its own nats-server (free loopback port, temporary store) and
// in-process workers, and stops them even when it fails.
async function withServer(run: (server: NatsServer) => Promise<void>, accounts?: string, config?: string): Promise<void> {
  const server = await startNatsServer(accounts, config);
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

test.serial('a worker on another vigil-mc version refuses the run with one line, and the run fails with it', async (t) => {
  await withServer(async (server) => {
    const lines: string[] = [];
    const worker = await startClusterWorker({ url: server.url, version: '0.0.0-other', log: (line) => lines.push(line) });
    try {
      const error = await t.throwsAsync(checkCluster({ registered: 'twophase' }, { url: server.url, workers: 1, temporal: false }));
      t.is(error?.message, `--cluster: worker ${worker.id} refused the run: it needs vigil-mc 0.1.0, this worker runs 0.0.0-other`);
      t.is((error as { exitCode?: number }).exitCode, 151);
      t.is(lines.length, 1);
      t.regex(lines[0]!, /^vigil worker [0-9a-f]{12}: refusing run [0-9a-f]{16}: it needs vigil-mc 0\.1\.0, this worker runs 0\.0\.0-other$/);
    } finally {
      await worker.stop();
    }
  });
});

test.serial('a malformed batch fails that run with one line; the worker survives and serves the next run', async (t) => {
  await withServer(async (server) => {
    const worker = await startClusterWorker({ url: server.url, log: () => {} });
    const intruder = await connect({ servers: server.url.replace('nats://', '') });
    try {
      // On hearing of the run, publish a batch of garbage to shard 0's batch subject.
      intruder.subscribe(ANNOUNCE_SUBJECT, {
        callback: (_error, message) => {
          const { runId } = JSON.parse(new TextDecoder().decode(message.data)) as { runId: string };
          setTimeout(() => void jetstream(intruder).publish(batchSubject(runId, 0, 0), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])).catch(() => {}), 200);
        },
      });
      const error = await t.throwsAsync(checkCluster({ registered: 'counter-grid' }, { url: server.url, workers: 1, temporal: false, constants: { N: 8, K: 8 } }));
      t.is(error?.message, `--cluster: worker ${worker.id}: malformed batch: a batch of 8 bytes (not a whole header and records)`);
      await intruder.drain();
      const next = await checkCluster({ registered: 'twophase' }, { url: server.url, workers: 1, temporal: false });
      t.is(next.distinctStates, 288);
    } finally {
      if (!intruder.isClosed()) await intruder.close();
      await worker.stop();
    }
  });
});

test('a worker refuses a server on another machine without credentials, with one line naming --creds and --insecure', (t) => {
  const run = vigil(['worker', '--cluster', 'nats://192.0.2.7:4222']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --cluster nats://192.0.2.7:4222: a server on another machine needs --creds FILE (workers run the code of every run published there); --insecure accepts it without\n');
});

test('what does not run distributed is refused with exit 151 and one line: liveness, coverage', (t) => {
  const liveness = vigil(['check', 'fair-workers', '--cluster', 'nats://127.0.0.1:1', '--shards', '2']);
  t.is(liveness.status, 151);
  t.regex(liveness.stderr, /^vigil: --cluster checks safety only: the model has temporal properties \([^)]+\); add --no-liveness, or check them on one machine\n$/);
  const coverage = vigil(['check', 'twophase', '--cluster', 'nats://127.0.0.1:1', '--shards', '2', '--coverage']);
  t.is(coverage.status, 151);
  t.is(coverage.stderr, 'vigil: --cluster: --coverage runs on one machine only\n');
});

test.serial('an adoption request with a malformed list of snapshot segments fails that run with one line', async (t) => {
  await withServer(async (server) => {
    const worker = await startClusterWorker({ url: server.url, log: () => {} });
    const intruder = await connect({ servers: server.url.replace('nats://', '') });
    try {
      // On hearing of the run, ask the worker to adopt shard 0 from segments that end past the snapshot level.
      const adopt = { kind: 'adopt', shard: 0, snapshotLevel: 3, segments: [{ level: 1, bytes: 100 }, { level: 5, bytes: 100 }], current: 1_000_000, history: {} };
      intruder.subscribe(ANNOUNCE_SUBJECT, {
        callback: (_error, message) => {
          const { runId } = JSON.parse(new TextDecoder().decode(message.data)) as { runId: string };
          setTimeout(() => void intruder.request(runSubject(runId, `w.${worker.id}`), JSON.stringify(adopt), { timeout: 5000 }).catch(() => {}), 200);
        },
      });
      const error = await t.throwsAsync(checkCluster({ registered: 'counter-grid' }, { url: server.url, workers: 1, temporal: false, constants: { N: 8, K: 8 } }));
      t.is(error?.message, `--cluster: worker ${worker.id}: an adoption of shard 0 with a malformed list of snapshot segments`);
    } finally {
      if (!intruder.isClosed()) await intruder.close();
      await worker.stop();
    }
  });
});

// Only users the server lets publish on vigil.runs can start a run: workers (and
// anyone else) may not. The worker below never hears of the intruder's run.
const ACCOUNTS = `VIGIL {
  jetstream: enabled
  users: [
    { user: coordinator, password: c0ordinator }
    { user: worker, password: w0rker, permissions: { publish: { deny: ["vigil.runs"] } } }
    { user: intruder, password: intrud3r, permissions: { publish: { deny: ["vigil.runs"] } } }
  ]
}`;

test.serial('a run is accepted only from credentials allowed to publish runs (NATS permissions)', async (t) => {
  await withServer(async (server) => {
    const at = (user: string, password: string) => server.url.replace('nats://', `nats://${user}:${password}@`);
    const lines: string[] = [];
    const worker = await startClusterWorker({ url: at('worker', 'w0rker'), log: (line) => lines.push(line) });
    try {
      const intruder = await t.throwsAsync(checkCluster({ registered: 'twophase' }, { url: at('intruder', 'intrud3r'), workers: 1, joinWindowMs: 1500, temporal: false }));
      t.is(intruder?.message, `--cluster ${server.url}: 0 of 1 workers joined the run within 1.5 s`);
      t.deepEqual(lines, [], 'the worker never heard of the run');
      const allowed = await checkCluster({ registered: 'twophase' }, { url: at('coordinator', 'c0ordinator'), workers: 1, temporal: false });
      t.is(allowed.distinctStates, 288);
      t.is(lines.length, 1);
      t.regex(lines[0]!, /^vigil worker [0-9a-f]{12}: joined run [0-9a-f]{16} \(twophase\)$/);
    } finally {
      await worker.stop();
    }
  }, ACCOUNTS);
});

test.serial('--creds: user JWTs signed by the operator\'s account; only a user allowed to publish on vigil.runs starts a run', async (t) => {
  const operator = makeTestOperator();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-creds-'));
  const credsFile = (name: string, publish?: { deny?: string[] }) => {
    const file = join(dir, `${name}.creds`);
    writeFileSync(file, operator.user(name, publish));
    return file;
  };
  const runsDenied = { deny: [ANNOUNCE_SUBJECT] };
  try {
    await withServer(
      async (server) => {
        const lines: string[] = [];
        const worker = await startClusterWorker({ url: server.url, creds: credsFile('worker', runsDenied), log: (line) => lines.push(line) });
        try {
          const withoutCreds = await t.throwsAsync(checkCluster({ registered: 'twophase' }, { url: server.url, workers: 1, temporal: false }));
          t.regex(withoutCreds?.message ?? '', new RegExp(`^--cluster ${server.url}: cannot connect: `));
          const intruder = await t.throwsAsync(checkCluster({ registered: 'twophase' }, { url: server.url, creds: credsFile('intruder', runsDenied), workers: 1, joinWindowMs: 1500, temporal: false }));
          t.is(intruder?.message, `--cluster ${server.url}: 0 of 1 workers joined the run within 1.5 s`);
          t.deepEqual(lines, [], 'the worker never heard of the run');
          const allowed = await checkCluster({ registered: 'twophase' }, { url: server.url, creds: credsFile('coordinator'), workers: 1, temporal: false });
          t.is(allowed.distinctStates, 288);
          t.is(lines.length, 1);
          t.regex(lines[0]!, /^vigil worker [0-9a-f]{12}: joined run [0-9a-f]{16} \(twophase\)$/);
        } finally {
          await worker.stop();
        }
      },
      undefined,
      operator.serverConfig,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--insecure lets a worker try a server on another machine without credentials (here a closed port: it cannot connect)', async (t) => {
  const address = Object.values(networkInterfaces()).flat().find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
  if (address === undefined) return t.pass('this machine has no non-loopback IPv4 address');
  const url = `nats://${address}:${await freePort()}`;
  const insecure = vigil(['worker', '--cluster', url, '--insecure']);
  t.is(insecure.status, 153);
  t.regex(insecure.stderr, new RegExp(`^vigil: --cluster ${url.replace(/\./g, '\\.')}: cannot connect: [^\n]+\n$`));
});
