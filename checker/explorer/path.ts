import { ConfigError } from '../errors.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { TraceStep } from '../trace/trace.js';
import { cloneState } from '../state/typed-states.js';
import { expand } from './successors.js';

/**
 * One path encoding everywhere (stateright's): the index of the initial state,
 * then for each step the index of the successor taken, written `0/1/5/2`. Replay
 * prints it, the explorer shows it in its URL, and a path is all a session needs
 * to rebuild its states.
 */
export interface BehaviourPath {
  readonly init: number;
  readonly steps: readonly number[];
}

/**
 * A trace step that also knows its index: the initial-state index for the first
 * step. A step that failed (an assertion, an exception) has a negative index:
 * -1 for the first failing step of its parent, -2 for the second, and it can only
 * end a path.
 */
export interface PathStep extends TraceStep {
  readonly index: number;
}

export function encodePath(path: BehaviourPath): string {
  return [path.init, ...path.steps].join('/');
}

export function decodePath(text: string): BehaviourPath {
  const parts = text.trim().replace(/^\/+|\/+$/g, '').split('/');
  const last = parts.length - 1;
  const valid = parts.every((part, i) => /^\d{1,9}$/.test(part) || (i === last && i > 0 && /^-\d{1,9}$/.test(part) && part !== '-0'));
  if (!valid) throw new ConfigError(`path "${text}": expected indices separated by "/", such as 0/1/5 (a failed last step is -1, -2, ...)`);
  const [init, ...steps] = parts.map(Number);
  return { init: init!, steps };
}

export function pathOf(steps: readonly PathStep[]): BehaviourPath {
  return { init: steps[0]?.index ?? 0, steps: steps.slice(1).map((step) => step.index) };
}

/** The initial step of a behaviour, from the model's `initial*` list. */
export function initialStep(model: RuntimeModel<any>, index: number): PathStep {
  const initial = model.initialStates();
  const state = initial[index];
  if (state === undefined) throw new ConfigError(`initial state #${index} does not exist (the model has ${initial.length})`);
  return { index, action: 'Init', actor: null, params: {}, state: cloneState(state) };
}

/** Rebuilds the states of a path by re-executing it. */
export function walkPath(model: RuntimeModel<any>, path: BehaviourPath): PathStep[] {
  const steps = [initialStep(model, path.init)];
  for (const [position, index] of path.steps.entries()) {
    const expansion = expand(model, steps[steps.length - 1]!.state);
    if (index < 0) {
      const failure = position === path.steps.length - 1 ? expansion.failures[-index - 1] : undefined;
      if (!failure) throw new ConfigError(`path ${encodePath(path)}: state ${position + 1} has no failing step #${-index}`);
      const state = (failure.partialState ?? steps[steps.length - 1]!.state) as Record<string, unknown>;
      steps.push({ index, action: failure.label, actor: failure.step.actor ?? null, params: failure.step.params, state });
      continue;
    }
    const successor = expansion.successors[index];
    if (!successor) throw new ConfigError(`path ${encodePath(path)}: state ${position + 1} has no successor #${index}`);
    steps.push(stepOf(successor));
  }
  return steps;
}

export function stepOf(successor: { index: number; label: string; step: { actor: string | undefined; params: Readonly<Record<string, unknown>> }; state: object }): PathStep {
  return {
    index: successor.index,
    action: successor.label,
    actor: successor.step.actor ?? null,
    params: successor.step.params,
    state: successor.state as Record<string, unknown>,
  };
}

/**
 * Replay marks a failed last step -1 whatever its position among its parent's
 * failing steps; give it its real number so the path reopens the same failure.
 */
export function numberFailure(model: RuntimeModel<any>, steps: readonly PathStep[]): PathStep[] {
  const last = steps[steps.length - 1];
  if (!last || last.index >= 0 || steps.length < 2) return [...steps];
  const position = expand(model, steps[steps.length - 2]!.state).failures.findIndex((f) => f.label === last.action);
  return [...steps.slice(0, -1), { ...last, index: position < 0 ? last.index : -position - 1 }];
}
