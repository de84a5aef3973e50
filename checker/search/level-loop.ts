import type { CutReason } from './search-record.js';
import type { StopRequest } from './stop-request.js';
import type { Checkpointer } from '../checkpoint/checkpointer.js';

/**
 * A level-synchronous breadth-first search, seen from its level loop: the current
 * level (the frontier), and one operation that expands all of it. Where the
 * successors of a level go is the engine's business: into one shared fingerprint
 * table (the parallel engine, checker/parallel/) or to the shard that owns each
 * fingerprint on another machine (the cluster engine, checker/cluster/).
 */
export interface LevelSearch {
  /** States of the current level, still to be expanded. */
  readonly frontierCount: number;
  /** BFS levels stored so far (initial states are level 1). */
  readonly depth: number;
  /** The search ended (a violation, a budget, a stop). */
  readonly stopped: boolean;
  /** Expands the whole current level; its new states become the next frontier. */
  expandLevel(): Promise<void>;
  stop(reason: CutReason): void;
  /** Saves a snapshot of the search between two levels (only called with a checkpointer). */
  saveCheckpoint(): void | Promise<void>;
  reportProgress(): void;
}

export interface LevelLoopSettings {
  readonly maxDepth: number;
  readonly maxTimeMs: number;
  readonly stop?: StopRequest;
  readonly checkpoint?: Checkpointer;
}

/**
 * The one level loop every level-synchronous engine runs: between levels it
 * checks the stop request, the depth and time budgets, and saves a snapshot
 * when one is due (a level boundary is where a snapshot is consistent). Because
 * each level is finished before the next starts, the first violation is at the
 * smallest depth and counts at a violation cover the whole level.
 */
export async function runLevels(search: LevelSearch, settings: LevelLoopSettings, startedAt: number): Promise<void> {
  let lastYieldAt = Date.now();
  while (search.frontierCount > 0 && !search.stopped) {
    if (settings.stop?.requested) {
      await stopResumably(search, settings, 'interrupt');
      return;
    }
    if (search.depth >= settings.maxDepth) {
      search.stop('depth');
      return;
    }
    if (Date.now() - startedAt > settings.maxTimeMs) {
      await stopResumably(search, settings, 'time');
      return;
    }
    await search.expandLevel();
    if (!search.stopped && search.frontierCount > 0 && settings.checkpoint?.due(Date.now())) await search.saveCheckpoint();
    search.reportProgress();
    // Small levels may run in this thread: yield to the event loop now and then so signal handlers run.
    if (Date.now() - lastYieldAt >= 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYieldAt = Date.now();
    }
  }
}

/** Stops between levels, where a snapshot is consistent: save one so the run can go on later. */
async function stopResumably(search: LevelSearch, settings: LevelLoopSettings, reason: CutReason): Promise<void> {
  if (settings.checkpoint) await search.saveCheckpoint();
  search.stop(reason);
}
