
/**
 * What a search engine hands back: counts and the violations it found, each with
 * enough to rebuild its trace (an ordinal on the parent chain, plus the successor
 * that broke the property when that successor was not stored).
 */
import type { CoverageRow } from './coverage.js';

export type Verdict = 'ok' | 'invariant' | 'deadlock' | 'action' | 'possible' | 'liveness' | 'assertion' | 'incomplete' | 'error';

export interface TraceRequest {
  /** Ordinal of the last stored state on the trace (-1: the trace starts with the failing step). */
  readonly ordinal: number;
  /** The successor of `ordinal` (by position) that ends the trace, when it was not stored. */
  readonly successorIndex?: number;
  /**
   * For a step of state `ordinal` that threw (an assertion or an error): its label.
   * The trace builder runs it again to show the partial state it left. Plain data,
   * so findings cross worker threads unchanged.
   */
  readonly failedStepLabel?: string;
  /** For a violation found among the initial states before any was stored. */
  readonly initialIndex?: number;
}

export interface Finding {
  readonly verdict: Exclude<Verdict, 'ok' | 'incomplete'>;
  readonly property: string | null;
  readonly message: string;
  /** Exit code for an evaluation error (75 or 76); otherwise derived from the verdict. */
  readonly exitCode?: number;
  readonly trace: TraceRequest | null;
}

export interface SearchOutcome {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly findings: readonly Finding[];
  /** Why the search did not cover the whole (constrained) state space, if it did not. */
  readonly cutBy: readonly ('depth' | 'memory' | 'time' | 'constraint' | 'violation' | 'interrupt')[];
  /** Successors dropped by a state constraint. */
  readonly constrainedOut: number;
  readonly bytesPerState: number;
  readonly peakTableBytes: number;
  /** Smallest gap between two stored fingerprints, when it was computed. */
  readonly smallestFingerprintGap: number | null;
  /** Set when the run stored 96-bit fingerprints (the gap is then between 96-bit values). */
  readonly fingerprintBits?: 96;
  readonly unsatisfiedPossibles: readonly string[];
  /** Never-enabled actions and --coverage rows; absent from engines that do not track them (workers). */
  readonly actionReport?: ActionReport;
  /** Per BFS level: distinct states so far and the queue as the level starts (sequential engine). */
  readonly levels?: readonly LevelPoint[];
  /** Set when the queue had a memory budget (--queue-memory): what went to disk. */
  readonly queueSpill?: QueueSpillReport;
}

export interface QueueSpillReport {
  readonly memoryBytes: number;
  readonly chunksWritten: number;
  readonly peakBytesOnDisk: number;
}

export interface LevelPoint {
  readonly level: number;
  readonly distinctStates: number;
  readonly queueSize: number;
}

export interface ActionReport {
  readonly neverEnabled: readonly string[];
  readonly coverage: readonly CoverageRow[] | null;
}

export interface ProgressInfo {
  readonly elapsedMs: number;
  readonly depth: number;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly queueLeft: number;
  /** Set while the liveness pass builds its graph (the counts are then that graph's). */
  readonly phase?: 'liveness';
}
