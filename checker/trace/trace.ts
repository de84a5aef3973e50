import type { ScratchState } from '../state/codec.js';
import type { TraceRequest } from '../search/outcome.js';
import { formatStep, isAssertionFailure, type ActionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import type { TraceLinks } from './trace-links.js';
import { cloneState } from '../state/typed-states.js';
import { formatValue } from '../state/format-value.js';
import { NondeterministicModel, nondeterminismMessage, StoredStateCheck, type TraceVerification } from './trace-verification.js';

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
 * With `verification`, every rebuilt state of the stored chain must also be in
 * the search's visited set (see trace-verification.ts).
 */
export function rebuildTrace<S extends object>(model: RuntimeModel<S>, links: TraceLinks, request: TraceRequest, verification?: TraceVerification): TraceStep[] {
  const check = verification ? new StoredStateCheck(model, verification) : undefined;
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
  if (check && current && chain.length > 0 && !check.isStored(current)) {
    throw new NondeterministicModel(nondeterminismMessage('Init', current, 'the initial states differ'), steps);
  }
  const positions = chain.slice(1).map((ordinal) => links.successorIndexOf(ordinal));
  const storedSteps = positions.length;
  if (request.successorIndex !== undefined) positions.push(request.successorIndex);
  for (const [i, position] of positions.entries()) {
    const taken = nthSuccessorOrFail(model, current!, scratch, position, steps);
    steps.push(toStep(taken.step, taken.state));
    if (check && i < storedSteps && !check.isStored(taken.state)) {
      throw new NondeterministicModel(nondeterminismMessage(formatStep(taken.step), current, 'its successor is not one the search stored'), steps);
    }
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
      // Steps after the failed one never ran in the search (the failure ended it): one that throws too is skipped.
      if (failed) return true;
      if (formatStep(failure.step) !== label) return isAssertionFailure(failure);
      capture(failure.step, failure.partialState);
      return true;
    },
  );
  if (!failed) throw replayError(`failing step "${label}"`, 0);
  return failed;
}

function nthSuccessorOrFail<S extends object>(model: RuntimeModel<S>, state: S, scratch: ScratchState<S>, position: number, steps: TraceStep[]): { step: StepRef; state: S } {
  try {
    return nthSuccessor(model, state, scratch, position);
  } catch (error) {
    if (!(error instanceof TraceReplayError)) throw error;
    throw new NondeterministicModel(`the model is not deterministic: state ${formatValue(state)} has no ${error.what} #${position} when the trace is rebuilt`, steps);
  }
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

class TraceReplayError extends Error {
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(message);
  }
}

function replayError(what: string, position: number): Error {
  return new TraceReplayError(
    what,
    `trace replay failed: ${what} #${position} does not exist on re-execution; the model is probably nondeterministic (it depends on something outside the state)`,
  );
}
