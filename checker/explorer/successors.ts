import { formatStep, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { cloneState } from '../state/typed-states.js';
import { validateState } from '../state/validate.js';

/**
 * The successors of one state, computed step by step outside the fast engine: the
 * explorer, replay, path search and the DOT graph need every enabled step with its
 * label, and want a step that throws reported next to the others rather than
 * ending the enumeration. Numbering matches the engine's: successor k is the k-th
 * enabled action instance in `stepsOf` order, which is what paths record.
 */
export interface Successor<S> {
  /** Position among the enabled steps: the number a path records. */
  readonly index: number;
  readonly step: StepRef;
  /** `U1: ENTRY take memory_lock (write)`, as in text traces and ITF `#meta.action`. */
  readonly label: string;
  readonly state: S;
}

/** A step whose guard or effect threw (an `assert`, or a bug in the model). */
export interface StepFailure {
  readonly step: StepRef;
  readonly label: string;
  /** The assertion's name when the step raised `assert(cond, name)`, else null. */
  readonly assertion: string | null;
  readonly message: string;
  /** The next state as the effect left it, or null when the guard threw. */
  readonly partialState: unknown;
}

export interface Expansion<S> {
  readonly successors: readonly Successor<S>[];
  readonly failures: readonly StepFailure[];
}

export function expand<S extends object>(model: RuntimeModel<S>, current: S): Expansion<S> {
  const successors: Successor<S>[] = [];
  const failures: StepFailure[] = [];
  for (const step of model.stepsOf(current)) {
    const fired = fire(model, current, step);
    if (fired === null) continue;
    if ('failure' in fired) failures.push(fired.failure);
    else successors.push({ index: successors.length, step, label: formatStep(step), state: fired.state });
  }
  return { successors, failures };
}

/** Guard, copy, effect and type check: the engine's order, on a plain copy. */
function fire<S extends object>(model: RuntimeModel<S>, current: S, step: StepRef): { state: S } | { failure: StepFailure } | null {
  const action = step.action;
  let next: S | null = null;
  try {
    if (action.when && !action.when(current, step.params)) return null;
    next = cloneState(current);
    if (action.effect(next, step.params, current) === false) return null;
    validateState(model.def.schema, next as Record<string, unknown>);
    return { state: next };
  } catch (cause) {
    return { failure: failureOf(step, cause, next) };
  }
}

function failureOf(step: StepRef, cause: unknown, partialState: unknown): StepFailure {
  const assertion = (cause as { name?: string })?.name === 'AssertionViolation' ? (cause as { property: string }).property : null;
  const message = cause instanceof Error ? cause.message : String(cause);
  return { step, label: formatStep(step), assertion, message, partialState };
}

/** No enabled step, no failing step, and not a declared terminal state. */
export function isDeadlock<S extends object>(model: RuntimeModel<S>, state: S, expansion: Expansion<S>): boolean {
  if (expansion.successors.length > 0 || expansion.failures.length > 0) return false;
  return !(model.def.terminal?.(state) ?? false);
}

/** TLC state constraints: a state violating one is not explored further. */
export function withinConstraints<S extends object>(model: RuntimeModel<S>, state: S): boolean {
  return model.def.constraints.every((constraint) => constraint.holds(state));
}
