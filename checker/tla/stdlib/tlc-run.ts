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

/** The search's states by index, for TLCExt!Trace. */
export interface TraceHost {
  traceTo(index: number): Value[][];
}

/**
 * The run in progress. For TLCExt!Trace, the state looked at (null in ASSUME
 * and Init, where TLC's Trace fails too) and the index of its predecessor in
 * `host` (-1 for an initial state), or, in a simulation, the walk so far;
 * `variables` null where the trace is not known (the parallel workers).
 */
export const tlcRun: {
  level: number | undefined;
  config: TlcRunConfig | null;
  variables: readonly string[] | null;
  host: TraceHost | null;
  parent: number;
  state: Value[] | null;
  walk: Value[][] | null;
} = { level: 0, config: null, variables: null, host: null, parent: -1, state: null, walk: null };

/** Starts a run: its configuration, level 0 (ASSUMEs and Init). */
export function startTlcRun(config: TlcRunConfig, variables: readonly string[], host: TraceHost | null): void {
  tlcRun.config = config;
  tlcRun.variables = variables;
  tlcRun.host = host;
  tlcRun.walk = null;
  lookAt(0, -1, null);
}

/** The state the search looks at now: its level, its predecessor's index, the state. */
export function lookAt(level: number, parent: number, state: Value[] | null): void {
  tlcRun.level = level;
  tlcRun.parent = parent;
  tlcRun.state = state;
}

/** TLCExt!Trace: the behaviour from an initial state to the state looked at, each state a record of the variables; null when not known. */
export function currentTrace(): Value[] | null {
  const names = tlcRun.variables;
  if (names === null) return null;
  let states: Value[][];
  if (tlcRun.walk !== null) states = tlcRun.walk;
  else if (tlcRun.state !== null && tlcRun.host !== null) states = [...(tlcRun.parent >= 0 ? tlcRun.host.traceTo(tlcRun.parent) : []), tlcRun.state];
  else return null;
  return states.map((st) => makeRecord(names.map((n, i) => [n, st[i]!])));
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
