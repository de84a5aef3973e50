import { randomBytes } from 'node:crypto';
import type { Subscription } from '@nats-io/transport-node';
import { prepare } from '../check.js';
import { loadSpecSource } from '../parallel/load-source.js';
import type { SpecSource } from '../parallel/protocol.js';
import { connectCluster, readMessages, type ClusterLink, type LinkOptions } from './nats-link.js';
import { materializeModel, vigilVersion } from './model-files.js';
import { ANNOUNCE_SUBJECT, fileSubject, runSubject, type Announcement, type ControlRequest, type JoinReply, type JoinRequest, type RunDescription } from './protocol.js';
import { batchStreamOf, fileStreamOf, parseJson, registryUrl, RUN_ID } from './run-names.js';
import { WorkerRun } from './worker-run.js';
import { SwarmRun } from './swarm-run.js';

export interface ClusterWorkerOptions extends LinkOptions {
  readonly url: string;
  /** One line per event (joined, refused, left). */
  readonly log: (line: string) => void;
  /** The version this worker claims (tests pretend to be another release). */
  readonly version?: string;
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
    const run = loaded.description.simulation ? new SwarmRun(link, loaded.description, loaded.spec, id) : new WorkerRun(link, loaded.description, loaded.runtime, batchStreamOf(runId), id);
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

/** Reads the run's description and model files from its file stream and prepares the model. */
async function loadRun(link: ClusterLink, runId: string) {
  const stream = fileStreamOf(runId);
  const [descriptionData] = await readMessages(link, stream, fileSubject(runId, 'run'), 1);
  const description = parseJson<RunDescription>(descriptionData!);
  const positive = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 1;
  if (!description || description.runId !== runId || !positive(description.shards) || (description.simulation && !(positive(description.simulation.traces) && positive(description.simulation.depth)))) {
    throw new Error('the run description is malformed');
  }
  let source: SpecSource;
  let dispose = () => {};
  if (description.model.kind === 'registered') {
    source = { moduleUrl: registryUrl, registryName: description.model.name };
  } else {
    const messages = await readMessages(link, stream, fileSubject(runId, 'file'), description.model.files.length);
    const files = new Map<string, string>();
    for (const data of messages) {
      const file = parseJson<{ name: string; text: string }>(data);
      if (!file || typeof file.name !== 'string' || typeof file.text !== 'string') throw new Error('a model file message is malformed');
      files.set(file.name, file.text);
    }
    const materialized = materializeModel(description.model.entry, files);
    source = { moduleUrl: materialized.moduleUrl };
    dispose = materialized.dispose;
  }
  try {
    const spec = await loadSpecSource(source);
    const { runtime } = prepare(spec, description.constants);
    if (runtime.codec.words !== description.wordsPerState) throw new Error(`the model packs ${runtime.codec.words} words a state here, ${description.wordsPerState} at the coordinator`);
    return { description, spec, runtime, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
