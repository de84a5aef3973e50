import { ExitCode } from './errors.js';
import type { CollisionEstimates } from './search/collision.js';
import type { Verdict } from './search/outcome.js';
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
}

export interface ViolationSummary {
  readonly verdict: Verdict;
  readonly property: string | null;
  readonly message: string;
  readonly traceLength: number | null;
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
