import type { RuntimeModel } from './runtime-model.js';
import { checkLasso } from './temporal/lasso-check.js';
import { replayTrace } from './trace/replay.js';
import type { TraceStep } from './trace/trace.js';

/**
 * A witness from one configuration replayed on the other: where the two
 * behaviours part. Either the other configuration takes every step too (then
 * it says whether the property still breaks there), or the first state it
 * cannot reach is named, with replay's one-line reason. Steps are matched by
 * the states they reach, not by their labels (a mutant renames its step). States are numbered
 * from 1, as in reports.
 */
export interface WitnessReplay {
  /** Every step of the witness is a legal step of the other configuration. */
  readonly legal: boolean;
  /** The first state (1-based) the other configuration does not reach, or null when it reaches them all. */
  readonly divergesAt: number | null;
  /** Replay's reason for the divergence (`not a legal step from states[3]: ...`). */
  readonly problem: string | null;
  /** The properties the replayed trace violates on the other configuration (`invariant S1`). */
  readonly violates: readonly string[];
  /**
   * For a lasso replayed in full: null when it is a fair behaviour violating the
   * temporal property there too, else why not (`the cycle is not fair: ...`).
   */
  readonly lasso?: string | null;
}

export function replayWitness(other: RuntimeModel<any>, trace: readonly TraceStep[], lasso?: { readonly loop: number; readonly property: string }): WitnessReplay {
  const states = trace.map((step) => step.state as Record<string, unknown>);
  const report = replayTrace(other, { file: 'witness', meta: {}, states, labels: trace.map(() => undefined), loop: undefined });
  if (!report.legal) {
    const at = /states\[(\d+)\]/.exec(report.problem ?? '');
    return { legal: false, divergesAt: at ? Number(at[1]) + 1 : null, problem: (report.problem ?? '').replace(/^witness: /, ''), violates: [] };
  }
  const violates = report.violations.map((v) => `${v.kind}${v.property ? ` ${v.property}` : ''}`);
  return { legal: true, divergesAt: null, problem: null, violates, ...(lasso ? { lasso: checkLasso(other, states, lasso.loop, lasso.property) } : {}) };
}
