import { ExitCode } from './errors.js';
import type { CoverageRow } from './search/coverage.js';
import type { CollisionEstimates } from './search/collision.js';
import type { LevelPoint, QueueSpillReport, Verdict } from './search/outcome.js';
import type { TraceStep } from './trace/trace.js';

/**
 * The result of one check: exactly the fields of the JSON report
 * (conventions.md §6), plus `bytesPerState`, `message` and `violations`.
 */
export interface CheckResult {
  readonly model: string;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly verdict: Verdict;
  readonly complete: boolean;
  readonly property: string | null;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly durationMs: number;
  readonly collisionProbability: CollisionEstimates;
  readonly trace: readonly TraceStep[] | null;
  readonly exitCode: number;
  /** Visited set plus trace links, per distinct state. */
  readonly bytesPerState: number;
  /** One line saying what happened (the violation, the error, or why the run is incomplete). */
  readonly message: string | null;
  /** Every violation found (more than one only with --continue), first one first. */
  readonly violations: readonly ViolationSummary[];
  /** Actions that produced no successor in any explored state (null: not tracked, as with --workers). */
  readonly neverEnabled: readonly string[] | null;
  /** Per-action coverage with --coverage, else null. */
  readonly coverage: readonly CoverageRow[] | null;
  /** Distinct states and queue size per BFS level, for the run report (not in the JSON). */
  readonly levels?: readonly LevelPoint[];
  /** A cluster run (`--cluster`): each worker's rate and each shard's queue per level, and the wire. */
  readonly cluster?: ClusterRunReport;
  /** Present when symmetry reduction was used: distinct then counts orbit representatives. */
  readonly symmetry?: SymmetryReport;
  /** A liveness counterexample's loop (see temporal/lasso.ts); absent otherwise. */
  readonly loop?: LassoLoop | null;
  /** Loud warnings, e.g. a constraint or depth bound with temporal properties. */
  readonly warnings?: readonly string[];
  /** Size of the liveness graph, when temporal properties were checked. */
  readonly liveness?: LivenessStats | null;
  /** With --queue-memory: the queue chunks that went to disk and the most disk they used at once. */
  readonly queueSpill?: QueueSpillReport;
}

export interface SymmetryReport {
  readonly sets: readonly { readonly name: string; readonly size: number }[];
  /** `exact`: one representative per orbit; `heuristic`: sound, an orbit may keep several. */
  readonly method: 'exact' | 'heuristic';
  /** Heuristic only: states whose tied orders were too many to try. */
  readonly untriedTies: number;
  /** One line for people. */
  readonly note: string;
  /** With --check-symmetry: the states the declaration was tested on, and whether that was all of them. */
  readonly checked?: { readonly states: number; readonly permutations: number; readonly exhaustive: boolean };
}

/** Trace index the cycle returns to, and the step that closes it (or stuttering there). */
export interface LassoLoop {
  readonly start: number;
  readonly stuttering: boolean;
  readonly action: string | null;
}

export interface LivenessStats {
  readonly properties: number;
  readonly states: number;
  readonly edges: number;
  readonly bytesPerState: number;
  readonly bytesPerEdge: number;
  readonly durationMs: number;
}

export interface ViolationSummary {
  readonly verdict: Verdict;
  readonly property: string | null;
  readonly message: string;
  readonly traceLength: number | null;
}

/**
 * Whether every reachable state was explored: no bound cut the search, and it did
 * not stop at a violation with states still on the queue (what the JSON's
 * `complete` and the report's "search" row say).
 */
export function searchedEverything(result: Pick<CheckResult, 'complete' | 'verdict' | 'queueLeft'>): boolean {
  const violation = result.verdict !== 'ok' && result.verdict !== 'incomplete';
  return result.complete && !(violation && result.queueLeft > 0);
}

export function exitCodeFor(verdict: Verdict): number {
  switch (verdict) {
    case 'ok':
      return ExitCode.ok;
    case 'deadlock':
      return ExitCode.deadlock;
    case 'invariant':
    case 'possible':
      return ExitCode.safety;
    case 'action':
    case 'liveness':
      return ExitCode.liveness;
    case 'assertion':
      return ExitCode.assertion;
    case 'incomplete':
      return ExitCode.system;
    case 'error':
      return ExitCode.evaluation;
  }
}

/** Per-worker and per-shard figures of a cluster run, level by level (the run report plots them). */
export interface ClusterRunReport {
  readonly workers: readonly { readonly workerId: string; readonly statesPerSecond: readonly (readonly [level: number, rate: number])[] }[];
  readonly shards: readonly { readonly shard: number; readonly queue: readonly (readonly [level: number, states: number])[] }[];
  readonly wireBytes: number;
  readonly batches: number;
  readonly successors: number;
  readonly crossShard: number;
  /** Successors put into batches (the others were dropped as sent before in their level). */
  readonly records: number;
  readonly recordBytes: number;
  /** How owners were chosen: the packed words hashed (empty: the fingerprint), and the sample's estimate of successors crossing shards. */
  readonly partition: { readonly keyWords: readonly number[]; readonly sampledCrossing: number; readonly fingerprintCrossing: number };
}
