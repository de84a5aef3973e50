import { Worker } from 'node:worker_threads';
import type { WorkerLoad, WorkerMessage, WorkerSetup } from './protocol.js';

/**
 * Worker threads of a parallel run. A thread takes tens of milliseconds to start
 * and load the engine's modules, and on runs of a few hundred thousand states that
 * is a large part of the run; so the CLI may start them (`prestartWorkers`) before
 * it loads the checker itself, and the pool then takes those. A worker loads the
 * model when the pool gives it one (the `load` message) and says `ready`.
 */
const prestarted: Worker[] = [];
/** Errors of prestarted workers that failed before a pool took them. */
const prestartFailures = new Map<Worker, Error>();

/**
 * Starts `count` worker threads that wait for a model. They do not keep the process
 * alive (a run that fails before it starts exits as usual); a pool created later in
 * this process takes them.
 */
export function prestartWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    worker.unref();
    worker.once('error', (error) => prestartFailures.set(worker, error));
    prestarted.push(worker);
  }
}

/**
 * The worker threads of one run, each loading the model given. Ready workers are
 * listed in a fixed order (the order they became ready), so a worker's place in
 * the list never changes.
 */
export class WorkerPool {
  private readonly pool: Worker[];
  private readonly ready: Worker[] = [];
  /** A worker that failed to start: raised at the next use of the pool. */
  private failure: unknown = null;
  private failed = false;
  private readonly started: Promise<unknown>;

  constructor(load: WorkerLoad, count: number) {
    const url = new URL('./worker.js', import.meta.url);
    const taken = prestarted.splice(0, count);
    this.pool = [...taken, ...Array.from({ length: count - taken.length }, () => new Worker(url))];
    this.started = Promise.all(this.pool.map((worker) => this.loadOn(worker, load)));
  }

  private async loadOn(worker: Worker, load: WorkerLoad): Promise<void> {
    try {
      worker.ref();
      const early = prestartFailures.get(worker);
      if (early) throw early;
      worker.postMessage({ kind: 'load', ...load });
      const reply = await nextMessage(worker);
      if (reply.kind === 'failed') throw new Error(`a worker failed: ${reply.message}`);
      this.ready.push(worker);
    } catch (error) {
      this.failed = true;
      this.failure = error;
    }
  }

  /** Resolves when every worker has loaded the model or one failed (see ParallelTuning). */
  async allReady(): Promise<void> {
    await this.started;
  }

  /** Tells every worker what to check: the first message after the model, before any level. */
  configure(setup: WorkerSetup): void {
    for (const worker of this.pool) worker.postMessage(setup);
  }

  get size(): number {
    return this.pool.length;
  }

  /** The workers that have loaded the model so far (throws if one failed to start). */
  readyWorkers(): Worker[] {
    if (this.failed) throw this.failure;
    return this.ready.slice();
  }

  async terminate(): Promise<void> {
    await Promise.all(this.pool.map((worker) => worker.terminate()));
  }
}

/** The worker's next message; rejects on the worker's error. */
export function nextMessage(worker: Worker): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      worker.off('error', onError);
      resolve(message);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}
