import type { ScratchState } from '../state/codec.js';
import type { TraceRequest } from '../search/outcome.js';
import { formatStep, isAssertionFailure, type ActionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import type { TraceLinks } from './trace-links.js';
import { cloneState } from '../state/typed-states.js';

/** One state of a counterexample and the step that produced it. */
export interface TraceStep {
  /** "Init" for the first state; otherwise the step label, actor first (`U1: ENTRY ...`). */
  readonly action: string;
  readonly actor: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
}

/**
 * Rebuilds a counterexample the way TLC does: replay from the initial state,
 * taking at each step the successor whose position the trace links recorded.
 * Positions are deterministic because the runtime model fixes successor order;
 * a position that does not exist on replay means the model is nondeterministic.
 */
export function rebuildTrace<S extends object>(model: RuntimeModel<S>, links: TraceLinks, request: TraceRequest): TraceStep[] {
  const chain = request.ordinal >= 0 ? links.chainTo(request.ordinal) : [];
  const steps: TraceStep[] = [];
  const scratch = model.codec.createScratch();
  let current: S | undefined;
  if (request.initialIndex !== undefined) {
    current = model.initialStates()[request.initialIndex]!;
    steps.push(initialStep(current));
  } else if (chain.length > 0) {
    const initial = model.initialStates()[links.successorIndexOf(chain[0]!)];
    if (!initial) throw replayError('initial state', links.successorIndexOf(chain[0]!));
    current = initial;
    steps.push(initialStep(current));
  }
  const positions = chain.slice(1).map((ordinal) => links.successorIndexOf(ordinal));
  if (request.successorIndex !== undefined) positions.push(request.successorIndex);
  for (const position of positions) {
    const taken = nthSuccessor(model, current!, scratch, position);
    steps.push(toStep(taken.step, taken.state));
    current = taken.state;
  }
  // On a copy: a faulty step may write to the state it runs on, which is already in the trace.
  if (request.failedStepLabel !== undefined && request.initialIndex === undefined) steps.push(rerunFailedStep(model, cloneState(current!), scratch, request.failedStepLabel));
  return steps;
}

/**
 * Runs the step labelled `label` of `state` again and shows the state it left: the
 * partial draft when it threw, or the draft that failed validation (a value
 * outside its type is found after the step returns).
 */
function rerunFailedStep<S extends object>(model: RuntimeModel<S>, state: S, scratch: ScratchState<S>, label: string): TraceStep {
  let failed: TraceStep | undefined;
  // The draft is reused by the next step: copy it as soon as the step is seen.
  const capture = (step: StepRef, draft: unknown) => (failed ??= toStep(step, cloneState(draft) as S));
  model.forEachSuccessor(
    state,
    scratch,
    (next, step) => {
      if (formatStep(step) === label) capture(step, next);
    },
    (failure: ActionFailure) => {
      if (formatStep(failure.step) !== label) return isAssertionFailure(failure);
      capture(failure.step, failure.partialState);
      return true;
    },
  );
  if (!failed) throw replayError(`failing step "${label}"`, 0);
  return failed;
}

/** Successor number `position` of `state`, cloned out of the scratch draft. */
export function nthSuccessor<S extends object>(model: RuntimeModel<S>, state: S, scratch: ScratchState<S>, position: number): { step: StepRef; state: S } {
  let seen = 0;
  let found: { step: StepRef; state: S } | undefined;
  model.forEachSuccessor(
    state,
    scratch,
    (next, step) => {
      if (seen++ === position) found = { step, state: cloneState(next) };
    },
    isAssertionFailure, // skipped by the search too (--continue), so positions agree
  );
  if (!found) throw replayError('successor', position);
  return found;
}

function initialStep(state: object): TraceStep {
  return { action: 'Init', actor: null, params: {}, state: state as Record<string, unknown> };
}

function toStep(step: StepRef, state: object): TraceStep {
  if (step.action.name === 'Init' && step.actor === undefined && Object.keys(step.params).length === 0) return initialStep(state);
  return { action: formatStep(step), actor: step.actor ?? null, params: step.params, state: state as Record<string, unknown> };
}

function replayError(what: string, position: number): Error {
  return new Error(
    `trace replay failed: ${what} #${position} does not exist on re-execution; the model is probably nondeterministic (it depends on something outside the state)`,
  );
}
