import { Worker } from 'node:worker_threads';
import type { SpecSource } from '../parallel/protocol.js';
import { DEFAULT_SEARCH_STATES } from './search.js';
import type { SearchJobInput, SearchJobMessage } from './search-worker.js';
import type { SearchRequest } from './routes.js';
import type { BehaviourSession as ExplorerSession } from './behaviour-session.js';

/**
 * Explorer searches run in worker threads, one at most per session: the request
 * returns at once, the page polls the view for progress, and a search can be
 * cancelled (the worker is terminated). The found path is applied to the
 * session by re-walking it there, so the worker only sends indices.
 */
export interface SearchStatus {
  readonly running: boolean;
  readonly property: string;
  readonly explored: number;
  readonly limit: number;
}

interface Job {
  readonly worker: Worker;
  readonly request: SearchRequest;
  explored: number;
}

export class SearchJobs {
  private readonly jobs = new Map<ExplorerSession, Job>();

  constructor(private readonly source: SpecSource) {}

  status(session: ExplorerSession): SearchStatus | null {
    const job = this.jobs.get(session);
    return job ? { running: true, property: job.request.property, explored: job.explored, limit: job.request.maxStates ?? DEFAULT_SEARCH_STATES } : null;
  }

  start(session: ExplorerSession, request: SearchRequest): void {
    session.validateSearch(request.property, request.want);
    this.cancel(session, null);
    const from = session.path;
    const input: SearchJobInput = { source: this.source, constants: session.model.constants, from, ...request };
    const worker = new Worker(new URL('./search-worker.js', import.meta.url), { workerData: input });
    const job: Job = { worker, request, explored: 0 };
    this.jobs.set(session, job);
    session.say(`Searching for ${request.property}...`, 'info');
    worker.on('message', (message: SearchJobMessage) => {
      if (this.jobs.get(session) !== job) return;
      if (message.type === 'progress') job.explored = message.explored;
      else this.finish(session, job, () => (message.type === 'done' ? session.applySearch(request.property, request.want, from, message.result) : session.say(`The search failed: ${message.message}`, 'warning')));
    });
    worker.on('error', (error) => this.finish(session, job, () => session.say(`The search failed: ${error.message}`, 'warning')));
  }

  /** Stops the session's search, if any; `message` says so on the page. */
  cancel(session: ExplorerSession, message: string | null = 'Search cancelled'): void {
    const job = this.jobs.get(session);
    if (!job) return;
    this.jobs.delete(session);
    void job.worker.terminate();
    if (message) session.say(`${message} after ${job.explored} states.`, 'warning');
  }

  async closeAll(): Promise<void> {
    const workers = [...this.jobs.values()].map((job) => job.worker);
    this.jobs.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private finish(session: ExplorerSession, job: Job, apply: () => void): void {
    if (this.jobs.get(session) !== job) return;
    this.jobs.delete(session);
    void job.worker.terminate();
    try {
      apply();
    } catch (error) {
      session.say(`The search result could not be followed: ${(error as Error).message}`, 'warning');
    }
  }
}
