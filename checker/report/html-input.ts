import type { Spec } from '../../spec/spec.js';
import { prepare } from '../check.js';
import { replayTrace } from '../trace/replay.js';
import type { CheckResult } from '../result.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { HtmlReportInput, PropertyInfo } from './html-report.js';
import { encodePath, numberFailure, pathOf } from '../explorer/path.js';
import { encodePermalink, modelIdentity } from '../explorer/permalink.js';
import { reproduceCommand } from './reproduce.js';
import { explainViolation } from './explain.js';
import { explainLasso } from './explain-lasso.js';
import { foldedRuns, presentationOf, quietVariables, trackSeries, visibleChanges } from './presentation-view.js';
import { stepSource } from '../explorer/view.js';
import { evaluateWatches, type WatchExpression } from './watch.js';
import { formatWaiting, waitsFor } from './wait-for.js';

/**
 * The model-side facts a report needs beyond the CheckResult: what the violated
 * property means (its description), the variables, the actors in declaration
 * order, and the trace's path, from the model built for the result's constants.
 */
export function htmlReportInput(spec: Spec, result: CheckResult, options: { loop?: number | null; watches?: readonly WatchExpression[]; model?: string } = {}): HtmlReportInput {
  const { runtime } = prepare(spec, result.constants);
  const path = result.trace ? tracePath(runtime, result) : null;
  const trace = result.trace ?? [];
  const explanation = explainViolation(runtime, result);
  const last = trace[trace.length - 1];
  return {
    explanation,
    lasso: explainLasso(runtime, result),
    quiet: [...quietVariables(runtime, trace)],
    folds: foldedRuns(runtime, trace),
    tracks: trackSeries(runtime, trace),
    legends: presentationOf(runtime).legends,
    sources: trace.map((step, i) => (i === 0 ? null : stepSource(runtime, step))),
    changesOf: (before, after) => visibleChanges(runtime, before.state, after.state).map((c) => `${c.field} = ${c.value}`),
    watches: evaluateWatches(options.watches ?? [], trace),
    waiting: result.verdict === 'deadlock' && last ? formatWaiting(waitsFor(runtime, last.state)) : [],
    result,
    property: propertyInfo(runtime, result.verdict, result.property),
    variables: runtime.variables,
    actorOrder: declaredActors(runtime),
    path,
    permalink: path === null ? null : encodePermalink(modelIdentity(runtime), path),
    // A model given as a file is opened by its path, as it was checked.
    exploreCommand: reproduceCommand(spec, result.constants, 'explore', options.model),
    loop: options.loop ?? result.loop?.start ?? null,
  };
}

export function propertyInfo(runtime: RuntimeModel<any>, verdict: string, name: string | null): PropertyInfo | null {
  if (name === null) return null;
  const def = runtime.def;
  const lookup = (list: readonly { name: string; description?: string }[]) => list.find((p) => p.name === name);
  const candidates: [PropertyInfo['kind'], { description?: string } | undefined][] = [
    ['invariant', verdict === 'invariant' || verdict === 'error' ? lookup(def.invariants) : undefined],
    ['action property', verdict === 'action' ? lookup(def.actionProperties) : undefined],
    ['possible', verdict === 'possible' ? lookup(def.possibles) : undefined],
    ['assertion', verdict === 'assertion' ? lookup(def.assertions) : undefined],
    ['temporal property', verdict === 'liveness' ? (def.temporal ?? []).find((p) => p.instances.some((i) => i.name === name)) ?? { description: undefined } : undefined],
  ];
  const found = candidates.find(([, p]) => p !== undefined);
  return found ? { name, kind: found[0], description: found[1]!.description ?? null } : null;
}

/** Actors of the initial state's action instances, in the model's action order. */
export function declaredActors(runtime: RuntimeModel<any>): string[] {
  const initial = runtime.initialStates()[0];
  if (!initial) return [];
  const actors: string[] = [];
  for (const step of runtime.stepsOf(initial)) if (step.actor && !actors.includes(step.actor)) actors.push(step.actor);
  return actors;
}

function tracePath(runtime: RuntimeModel<any>, result: CheckResult): string | null {
  const trace = result.trace!;
  const replay = replayTrace(runtime, { file: 'trace', meta: {}, states: trace.map((s) => s.state as Record<string, unknown>), labels: trace.map((s) => s.action), loop: undefined });
  return replay.legal ? encodePath(pathOf(numberFailure(runtime, replay.steps))) : null;
}
