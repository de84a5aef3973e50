import { emptyPresentation, isGhost, type FoldDef, type Presentation } from '../../spec/presentation.js';
import { formatValue } from '../state/format-value.js';
import { diffStates } from '../state/state-diff.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { TraceStep } from '../trace/trace.js';

/**
 * The model's presentation (spec/presentation.ts) applied to a trace: the
 * changes worth reading (ghosts and bookkeeping left out), the folded runs,
 * and the track values per state. Shared by the HTML report, the explorer
 * and `--format story`.
 */
export function presentationOf(model: RuntimeModel<any>): Presentation<any> {
  return model.def.presentation ?? emptyPresentation();
}

export interface VisibleChange {
  /** `usage`, `U[1].rc` */
  readonly field: string;
  readonly value: string;
}

/** What a step changed, ghosts and bookkeeping fields excluded. */
export function visibleChanges(model: RuntimeModel<any>, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): VisibleChange[] {
  const { ghosts } = presentationOf(model);
  return diffStates(model.variables, before, after).flatMap((change) =>
    change.leaves.filter((leaf) => !isGhost(ghosts, change.variable, leaf.path)).map((leaf) => ({ field: `${change.variable}${leaf.path}`, value: formatValue(leaf.after) })),
  );
}

/** Variables the report hides by default: ghosts, and those that never change in the trace. */
export function quietVariables(model: RuntimeModel<any>, trace: readonly TraceStep[]): Set<string> {
  const { ghosts } = presentationOf(model);
  const quiet = new Set<string>();
  for (const variable of model.variables) {
    const changes = trace.slice(1).flatMap((step, i) => diffStates([variable], trace[i]!.state, step.state).flatMap((c) => c.leaves));
    if (isGhost(ghosts, variable, '') || changes.length === 0 || changes.every((leaf) => isGhost(ghosts, variable, leaf.path))) quiet.add(variable);
  }
  return quiet;
}

export interface FoldedRun {
  readonly title: string;
  /** Trace indices, inclusive. */
  readonly first: number;
  readonly last: number;
}

/** Runs of steps the model folds (see FoldDef): one actor, from a `start` step to the first `end` step. */
export function foldedRuns(model: RuntimeModel<any>, trace: readonly TraceStep[]): FoldedRun[] {
  const { folds } = presentationOf(model);
  const runs: FoldedRun[] = [];
  for (let i = 1; i < trace.length; i++) {
    const fold = folds.find((f) => f.start.test(bareLabel(trace[i]!)));
    const last = fold ? runEnd(trace, i, fold) : -1;
    if (fold && last > i) {
      runs.push({ title: fold.title, first: i, last });
      i = last;
    }
  }
  return runs;
}

function runEnd(trace: readonly TraceStep[], first: number, fold: FoldDef): number {
  const actor = trace[first]!.actor;
  for (let i = first; i < trace.length; i++) {
    if (trace[i]!.actor !== actor) return -1;
    if (fold.end.test(bareLabel(trace[i]!))) return i;
  }
  return -1;
}

/** The label without its `U1: ` actor prefix. */
export function bareLabel(step: { action: string; actor: string | null }): string {
  return step.actor && step.action.startsWith(`${step.actor}: `) ? step.action.slice(step.actor.length + 2) : step.action;
}

export interface TrackSeries {
  readonly name: string;
  readonly kind: 'holders' | 'count' | 'band';
  /** One value per trace state. */
  readonly values: readonly unknown[];
}

export function trackSeries(model: RuntimeModel<any>, trace: readonly TraceStep[]): TrackSeries[] {
  return presentationOf(model).tracks.map((track) => ({
    name: track.name,
    kind: track.kind,
    values: trace.map((step) => {
      try {
        return track.value(step.state);
      } catch {
        return null;
      }
    }),
  }));
}
