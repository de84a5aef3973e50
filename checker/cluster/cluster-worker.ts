import { randomBytes } from 'node:crypto';
import type { Subscription } from '@nats-io/transport-node';
import { prepare } from '../check.js';
import { loadSpecSource } from '../parallel/load-source.js';
import type { SpecSource } from '../parallel/protocol.js';
import { connectCluster, type ClusterLink, type LinkOptions } from './nats-link.js';
import { checkModelFileName, materializeModel, vigilVersion } from './model-files.js';
import { ANNOUNCE_SUBJECT, runSubject, type Announcement, type ControlRequest, type JoinReply, type JoinRequest, type RunDescription } from './protocol.js';
import { batchStreamOf, parseJson, registryUrl, RUN_ID } from './run-names.js';
import { RunStore, runObjects } from './run-store.js';
import { WorkerRun } from './worker-run.js';
import { isValidKey } from './partition.js';
import { SwarmRun } from './swarm-run.js';

/** More files than any model has: a description listing more is refused before any is read. */
const MAX_MODEL_FILES = 1000;

export interface ClusterWorkerOptions extends LinkOptions {
  readonly url: string;
  /** One line per event (joined, refused, left). */
  readonly log: (line: string) => void;
  /** The version this worker claims (tests pretend to be another release). */
  readonly version?: string;
  /** Fault injection for tests: a batch delivery for which this returns true is dropped unread, as a lossy connection would. */
  readonly loseDelivery?: () => boolean;
}

export interface ClusterWorker {
  readonly id: string;
  /** Leaves every run and closes the connection. */
  stop(): Promise<void>;
  /** Settles when the connection is closed. */
  readonly closed: Promise<void>;
}

/**
 * `vigil worker`: joins the runs announced on the cluster, owns the shards the
 * coordinator assigns, and answers its control requests. A run on another
 * vigil-mc version is refused with one line; so is a run whose model does not load.
 */
export async function startClusterWorker(options: ClusterWorkerOptions): Promise<ClusterWorker> {
  const link = await connectCluster(options.url, options);
  const id = randomBytes(6).toString('hex');
  const version = options.version ?? vigilVersion();
  const runs = new Map<string, { run: WorkerRun | SwarmRun; control: Subscription; dispose: () => void }>();
  const announcements = link.nc.subscribe(ANNOUNCE_SUBJECT, {
    callback: (error, message) => {
      if (error) return;
      const announcement = parseJson<Announcement>(message.data);
      if (!announcement || typeof announcement.runId !== 'string' || !RUN_ID.test(announcement.runId) || runs.has(announcement.runId)) return;
      joinRun(announcement).catch((failure: Error) => options.log(`vigil worker ${id}: run ${announcement.runId}: ${failure.message}`));
    },
  });

  async function joinRun(announcement: Announcement): Promise<void> {
    const runId = announcement.runId;
    const refuse = async (reason: string) => {
      options.log(`vigil worker ${id}: refusing run ${runId}: ${reason}`);
      await link.nc.request(runSubject(runId, 'join'), JSON.stringify({ workerId: id, version, refused: reason } satisfies JoinRequest), { timeout: 5000 }).catch(() => {});
    };
    if (announcement.version !== version) return refuse(`it needs vigil-mc ${announcement.version}, this worker runs ${version}`);
    let loaded;
    try {
      loaded = await loadRun(link, runId);
    } catch (error) {
      return refuse(`its model does not load here: ${(error as Error).message.split('\n')[0]}`);
    }
    // Listen before joining: the coordinator's first request follows its reply at once.
    const run = loaded.description.simulation ? new SwarmRun(link, loaded.store, loaded.description, loaded.spec, id) : new WorkerRun(link, loaded.store, loaded.description, loaded.runtime, batchStreamOf(runId), id, { loseDelivery: options.loseDelivery, log: (line) => options.log(`vigil worker ${id}: run ${runId}: ${line}`) });
    const control = link.nc.subscribe(runSubject(runId, `w.${id}`), {
      callback: (error, message) => {
        if (error) return;
        const request = parseJson<ControlRequest>(message.data);
        if (!request) return void message.respond(JSON.stringify({ kind: 'failed', message: 'a control request that is not JSON' }));
        void run.handle(request).then((answer) => {
          message.respond(JSON.stringify(answer));
          if (request.kind === 'end') leave(runId);
        });
      },
    });
    runs.set(runId, { run, control, dispose: loaded.dispose });
    const reply = await link.nc
      .request(runSubject(runId, 'join'), JSON.stringify({ workerId: id, version } satisfies JoinRequest), { timeout: 10_000 })
      .then((message) => parseJson<JoinReply>(message.data))
      .catch(() => null);
    if (!reply?.accepted) {
      leave(runId);
      return;
    }
    options.log(`vigil worker ${id}: joined run ${runId} (${loaded.description.model.kind === 'registered' ? loaded.description.model.name : loaded.description.model.entry})`);
  }

  function leave(runId: string): void {
    const entry = runs.get(runId);
    if (!entry) return;
    runs.delete(runId);
    entry.run.close();
    entry.control.unsubscribe();
    entry.dispose();
  }

  const stop = async () => {
    announcements.unsubscribe();
    for (const runId of [...runs.keys()]) leave(runId);
    if (!link.nc.isClosed()) await link.nc.drain().catch(() => link.nc.close());
  };
  return { id, stop, closed: link.nc.closed().then(() => undefined) };
}

/** Reads the run's description and model files from its object store and prepares the model. */
async function loadRun(link: ClusterLink, runId: string) {
  const store = await RunStore.open(link, runId, false);
  const description = parseJson<RunDescription>(await store.getBytes(runObjects.description));
  const positive = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1;
  if (!description || description.runId !== runId || !positive(description.shards) || (description.simulation && !(positive(description.simulation.traces) && positive(description.simulation.depth)))) {
    throw new Error('the run description is malformed');
  }
  let source: SpecSource;
  let dispose = () => {};
  if (description.model.kind === 'registered') {
    source = { moduleUrl: registryUrl, registryName: description.model.name };
  } else {
    const names: unknown = description.model.files;
    if (!Array.isArray(names) || names.length > MAX_MODEL_FILES) throw new Error('the list of model files is malformed');
    const files = new Map<string, string>();
    // Names are checked before they are used, even as object names: the description is input from the network.
    for (const name of names) files.set(checkModelFileName(name), await store.getText(runObjects.modelFile(name)));
    const materialized = materializeModel(description.model.entry, files);
    source = { moduleUrl: materialized.moduleUrl };
    dispose = materialized.dispose;
  }
  try {
    const spec = await loadSpecSource(source);
    const { runtime } = prepare(spec, description.constants);
    if (runtime.codec.words !== description.wordsPerState) throw new Error(`the model packs ${runtime.codec.words} words a state here, ${description.wordsPerState} at the coordinator`);
    if (description.partitionKey !== undefined && !isValidKey(description.partitionKey, description.wordsPerState)) throw new Error('the run description is malformed (partitionKey)');
    return { description, spec, runtime, dispose, store };
  } catch (error) {
    dispose();
    throw error;
  }
}
