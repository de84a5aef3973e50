import { makeRecord, type Value } from '../values.js';

/**
 * What TLCGet("level") and TLCGet("config") read: the run in progress, set by
 * the search, the parallel search and the simulation (one run per process or
 * worker at a time, as TLC has one).
 *
 * level is TLC's: 0 while ASSUMEs and Init are evaluated, otherwise the level
 * of the state being looked at (initial states are at 1): in Next and an
 * ACTION_CONSTRAINT the current state's, in an invariant or a CONSTRAINT the
 * checked state's. undefined where Vigil does not know it (the parallel
 * search's workers receive states without their level): TLCGet("level") then
 * fails naming that.
 */
export interface TlcRunConfig {
  readonly mode: 'bfs' | 'simulate';
  readonly deadlock: boolean;
  readonly workers: number;
  /** Simulation only: the longest walk (TLC: -1 for none) and the number of walks. */
  readonly depth?: number;
  readonly traces?: number;
}

export const tlcRun: { level: number | undefined; config: TlcRunConfig | null } = { level: 0, config: null };

/** Starts a run: its configuration, level 0 (ASSUMEs and Init). */
export function startTlcRun(config: TlcRunConfig): void {
  tlcRun.config = config;
  tlcRun.level = 0;
}

/**
 * TLCGet("config") as TLC builds it: for a search [mode |-> "bfs", deadlock,
 * worker], for a simulation also depth and traces. TLC's seed, fingerprint,
 * aril, sched and install fields name TLC's own random seed, polynomial and jar:
 * Vigil has none of them, and leaves them out (reading one is TLC's error for a
 * missing record field).
 */
export function tlcConfigRecord(config: TlcRunConfig): Value {
  const fields: [string, Value][] = [
    ['mode', config.mode],
    ['deadlock', config.deadlock],
    ['worker', config.workers],
  ];
  if (config.mode === 'simulate') fields.push(['depth', config.depth ?? -1], ['traces', config.traces ?? 0]);
  return makeRecord(fields);
}
