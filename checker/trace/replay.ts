import { ExitCode, VigilError } from '../errors.js';
import { encodePath, initialStep, pathOf, stepOf, type PathStep } from '../explorer/path.js';
import { expand, isDeadlock, type Expansion, type StepFailure, type Successor } from '../explorer/successors.js';
import type { LoadedTrace } from './itf-to-state.js';
import type { RuntimeModel } from '../runtime-model.js';
import { closestBy, explainIllegal, mismatch } from './replay-explain.js';
import { sameValue } from '../state/state-diff.js';
import { checkLasso } from '../temporal/lasso-check.js';

/**
 * Re-validates a shared trace against a model, exactly: the first state must be
 * an initial state, every next state must equal a successor of the one before it
 * (taken by the action `#meta.action` names, when it names one), and a `loop`
 * must close. Then the properties are re-checked along the trace, and the
 * violation the trace's `#meta` claims (verdict and property) must be reproduced.
 */
export interface ReplayViolation {
  readonly kind: 'invariant' | 'action' | 'deadlock' | 'assertion' | 'error';
  readonly property: string | null;
  readonly description: string | undefined;
  /** Index in `states` of the violating state (the step's target for action properties). */
  readonly index: number;
}

export interface ReplayReport {
  readonly model: string;
  readonly file: string;
  /** Every step is a legal transition (and the loop, if any, closes). */
  readonly legal: boolean;
  /** Legal, and the claimed violation (if any) is reproduced: exit 0. */
  readonly valid: boolean;
  /** Why the trace is not valid: one line naming the first bad state. */
  readonly problem: string | null;
  /** The steps matched so far (all of them for a legal trace). */
  readonly steps: readonly PathStep[];
  /** `0/1/5/2`: initial-state index, then successor indices. */
  readonly path: string | null;
  /** First violation of each property along the trace, in trace order. */
  readonly violations: readonly ReplayViolation[];
  /** What `#meta` says the trace shows, when it says. */
  readonly claim: { readonly verdict: string; readonly property: string | null } | null;
  /** For a liveness lasso: the temporal property it claims to violate (re-checked, with fairness). */
  readonly livenessProperty?: string;
}

export function replayTrace(model: RuntimeModel<any>, trace: LoadedTrace): ReplayReport {
  const walk = walkTrace(model, trace);
  const claim = claimOf(trace.meta);
  const base = { model: model.name, file: trace.file, claim };
  if ('problem' in walk) {
    return { ...base, legal: false, valid: false, problem: walk.problem, steps: walk.steps, path: null, violations: [] };
  }
  if (trace.meta.verdict === 'liveness') {
    // A lasso: the loop must close (checked by the walk), its cycle be fair, and the property fail on it.
    const property = typeof trace.meta.property === 'string' ? trace.meta.property : '';
    const why = trace.loop === undefined ? 'a liveness trace needs a loop' : checkLasso(model, trace.states, trace.loop, property);
    const problem = why && `${trace.file}: the trace claims temporal property ${property} is violated, but ${why}`;
    const path = encodePath(pathOf(walk.steps.filter((s) => s.index >= 0)));
    return { ...base, legal: true, valid: why === null, problem, steps: walk.steps, path, violations: [], livenessProperty: property };
  }
  const violations = recheckProperties(model, walk.steps, walk.lastExpansion, walk.failure);
  const problem = claim ? (unknownClaimedProperty(model, claim) ?? unreproducedClaim(claim, violations, walk.steps.length - 1)) : null;
  return { ...base, legal: true, valid: problem === null, problem: problem && `${trace.file}: ${problem}`, steps: walk.steps, path: encodePath(pathOf(walk.steps.filter((s) => s.index >= 0))), violations };
}

interface Walk {
  readonly steps: PathStep[];
  readonly lastExpansion: Expansion<any>;
  /** The trace ends with a step that threw (an assertion trace). */
  readonly failure: StepFailure | null;
}

function walkTrace(model: RuntimeModel<any>, trace: LoadedTrace): Walk | { problem: string; steps: PathStep[] } {
  const at = (index: number, message: string) => `${trace.file}: states[${index}]: ${message}`;
  const first = matchInitial(model, trace);
  if (typeof first === 'string') return { problem: at(0, first), steps: [] };
  const steps = [first];
  let expansion = expand(model, first.state);
  for (let i = 1; i < trace.states.length; i++) {
    const target = trace.states[i]!;
    const label = trace.labels[i];
    const taken = matchSuccessor(expansion, target, label);
    if (taken) {
      steps.push(stepOf(taken));
      expansion = expand(model, taken.state);
      continue;
    }
    const failure = i === trace.states.length - 1 ? matchFailure(expansion, target, label) : undefined;
    if (failure) return { steps: [...steps, failureStep(failure, target)], lastExpansion: expansion, failure };
    return { problem: at(i, `not a legal step from states[${i - 1}]: ${explainIllegal(model, steps[i - 1]!.state, expansion, target, label, i)}`), steps };
  }
  // A loop back to the last state itself is TLA+ stuttering, which every state may do.
  const stutters = trace.loop === trace.states.length - 1;
  if (trace.loop !== undefined && !stutters && !expansion.successors.some((s) => sameValue(s.state, trace.states[trace.loop!]))) {
    return { problem: `${trace.file}: loop: no step leads from the last state, states[${trace.states.length - 1}], back to states[${trace.loop}]`, steps };
  }
  return { steps, lastExpansion: expansion, failure: null };
}

function matchInitial(model: RuntimeModel<any>, trace: LoadedTrace): PathStep | string {
  const label = trace.labels[0];
  if (label !== undefined && label !== 'Init') return `#meta.action is "${label}", but a trace starts with "Init"`;
  const initial = model.initialStates();
  const index = initial.findIndex((state) => sameValue(state, trace.states[0]));
  if (index >= 0) return initialStep(model, index);
  const closest = closestBy(initial, (state) => state, trace.states[0]!);
  const which = initial.length > 1 ? `the closest initial state (#${initial.indexOf(closest!)})` : 'the initial state';
  return `not an initial state of ${model.name}: ${which} has ${mismatch(closest!, trace.states[0]!, 'states[0]')}`;
}

/** The successor equal to `target`; with a label, the one with that label. */
function matchSuccessor<S>(expansion: Expansion<S>, target: object, label: string | undefined): Successor<S> | undefined {
  const equal = expansion.successors.filter((s) => sameValue(s.state, target));
  return label === undefined ? equal[0] : equal.find((s) => s.label === label);
}

function matchFailure(expansion: Expansion<any>, target: object, label: string | undefined): StepFailure | undefined {
  return expansion.failures.find((f) => (label === undefined || f.label === label) && f.partialState !== null && sameValue(f.partialState, target));
}

function failureStep(failure: StepFailure, state: Record<string, unknown>): PathStep {
  return { index: -1, action: failure.label, actor: failure.step.actor ?? null, params: failure.step.params, state };
}

function recheckProperties(model: RuntimeModel<any>, steps: readonly PathStep[], lastExpansion: Expansion<any>, failure: StepFailure | null): ReplayViolation[] {
  const def = model.def;
  const found: ReplayViolation[] = [];
  const seen = new Set<string>();
  const note = (violation: ReplayViolation) => {
    const key = `${violation.kind}:${violation.property}`;
    if (!seen.has(key)) (seen.add(key), found.push(violation));
  };
  const stateCount = failure ? steps.length - 1 : steps.length;
  for (let i = 0; i < stateCount; i++) {
    if (i > 0) {
      for (const property of def.actionProperties) {
        if (!evaluate(() => property.holds(steps[i - 1]!.state, steps[i]!.state), `action property ${property.name}`, i)) note({ kind: 'action', property: property.name, description: property.description, index: i });
      }
    }
    for (const invariant of def.invariants) {
      if (!evaluate(() => invariant.holds(steps[i]!.state), `invariant ${invariant.name}`, i)) note({ kind: 'invariant', property: invariant.name, description: invariant.description, index: i });
    }
  }
  const last = steps.length - 1;
  if (failure) note({ kind: failure.assertion ? 'assertion' : 'error', property: failure.assertion, description: assertionDescription(model, failure.assertion), index: last });
  else if (def.checkDeadlock && isDeadlock(model, steps[last]!.state, lastExpansion)) note({ kind: 'deadlock', property: null, description: undefined, index: last });
  return found;
}

function evaluate(holds: () => boolean, what: string, index: number): boolean {
  try {
    return holds();
  } catch (error) {
    throw new VigilError(`evaluating ${what} on states[${index}] failed: ${error instanceof Error ? error.message : String(error)}`, ExitCode.invariantEvaluation);
  }
}

function assertionDescription(model: RuntimeModel<any>, name: string | null): string | undefined {
  return name === null ? undefined : model.def.assertions.find((a) => a.name === name)?.description;
}

const CLAIMED_KINDS: Readonly<Record<string, ReplayViolation['kind']>> = {
  invariant: 'invariant',
  action: 'action',
  deadlock: 'deadlock',
  assertion: 'assertion',
  error: 'error',
};

export function claimOf(meta: Readonly<Record<string, unknown>>): ReplayReport['claim'] {
  if (typeof meta.verdict !== 'string' || !Object.hasOwn(CLAIMED_KINDS, meta.verdict)) return null;
  return { verdict: meta.verdict, property: typeof meta.property === 'string' ? meta.property : null };
}

/** A claim about a property the model does not declare cannot be checked: say so, rather than that the state satisfies it. */
function unknownClaimedProperty(model: RuntimeModel<any>, claim: NonNullable<ReplayReport['claim']>): string | null {
  const kind = CLAIMED_KINDS[claim.verdict]!;
  const declared =
    kind === 'invariant' ? model.def.invariants : kind === 'action' ? model.def.actionProperties : kind === 'assertion' ? model.def.assertions : null;
  if (!declared || claim.property === null || declared.some((p: { name: string }) => p.name === claim.property)) return null;
  const noun = kind === 'action' ? 'action property' : kind;
  return `the trace claims ${describeViolation(kind, claim.property)}, but model ${model.name} has no ${noun} ${claim.property}`;
}

/** The claimed violation must happen at the trace's last state (where the checker stopped). */
export function unreproducedClaim(claim: NonNullable<ReplayReport['claim']>, violations: readonly ReplayViolation[], last: number): string | null {
  if (findClaimed(claim, violations, last)) return null;
  const kind = CLAIMED_KINDS[claim.verdict]!;
  return `the trace claims ${describeViolation(kind, claim.property)}, but ${lastStateText(kind, last)}`;
}

function findClaimed(claim: NonNullable<ReplayReport['claim']>, violations: readonly ReplayViolation[], last: number): ReplayViolation | undefined {
  const kind = CLAIMED_KINDS[claim.verdict]!;
  return violations.find((v) => v.kind === kind && v.index === last && (kind === 'deadlock' || kind === 'error' || v.property === claim.property));
}

/** The violation the trace's #meta claims, as found on replay (for a valid report). */
export function claimedViolation(report: ReplayReport): ReplayViolation | undefined {
  return report.claim ? findClaimed(report.claim, report.violations, report.steps.length - 1) : undefined;
}

/** `invariant NotSolved (what it means) is violated at states[6]`. */
export function violationText(v: ReplayViolation): string {
  const described = `${v.property}${v.description ? ` (${v.description})` : ''}`;
  switch (v.kind) {
    case 'invariant':
      return `invariant ${described} is violated at states[${v.index}]`;
    case 'action':
      return `action property ${described} is violated by the step into states[${v.index}]`;
    case 'deadlock':
      return `a deadlock is reached at states[${v.index}]`;
    case 'assertion':
      return `assertion ${described} fails in the step into states[${v.index}]`;
    case 'error':
      return `an evaluation error happens in the step into states[${v.index}]`;
  }
}

export function describeViolation(kind: ReplayViolation['kind'], property: string | null): string {
  switch (kind) {
    case 'invariant':
      return `invariant ${property} is violated`;
    case 'action':
      return `action property ${property} is violated`;
    case 'deadlock':
      return 'a deadlock';
    case 'assertion':
      return `assertion ${property} fails`;
    case 'error':
      return 'an evaluation error';
  }
}

function lastStateText(kind: ReplayViolation['kind'], last: number): string {
  switch (kind) {
    case 'invariant':
      return `its last state, states[${last}], satisfies it`;
    case 'action':
      return `its last step, into states[${last}], satisfies it`;
    case 'deadlock':
      return `its last state, states[${last}], is not deadlocked`;
    case 'assertion':
    case 'error':
      return `its last step, into states[${last}], does not fail that way`;
  }
}
