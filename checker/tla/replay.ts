import { ConfigError } from '../errors.js';
import type { Expr } from './ast.js';
import type { PathStep } from '../explorer/path.js';
import { encodePath } from '../explorer/path.js';
import type { ItfTrace } from '../report/itf.js';
import { claimOf, unreproducedClaim, type ReplayReport, type ReplayViolation } from '../trace/replay.js';
import { TlaEvalError } from './errors.js';
import { evaluate } from './eval.js';
import { itfToTla } from './itf.js';
import { tlaTraceSteps } from './json-result.js';
import type { TlaModel } from './model.js';
import { formatValue, keyOf, type Value } from './values.js';

/**
 * Replays an ITF trace (hostile input) against a TLA+ model, as `vigil replay`
 * does for DSL models (checker/trace/replay.ts, whose report and claim rules it
 * shares): the first state must be one of Init's states, each next state one of
 * Next's successors of the state before it (stuttering only where Next itself
 * allows it), no state is outside a CONSTRAINT and no step outside an
 * ACTION_CONSTRAINT, and a `loop` must close. Then every invariant is evaluated on every
 * state and deadlock on the last, and the violation `#meta` claims (verdict and
 * property) must happen at the last state.
 */
export function replayTla(model: TlaModel, itf: ItfTrace, file: string): ReplayReport {
  const states = statesOf(model, itf, file);
  const claim = claimOf(itf['#meta']);
  const base = { model: model.spec.root.name, file, claim };
  const steps = tlaTraceSteps(model.variables, states);
  const walked: PathStep[] = [];
  const fail = (problem: string): ReplayReport => ({ ...base, legal: false, valid: false, problem: `${file}: ${problem}`, steps: walked, path: null, violations: [] });

  const initial: Value[][] = [];
  model.enumerator.initStates(model.init, model.scope, (s) => initial.push(s));
  const first = matchIndex(initial, states[0]!);
  if (first < 0) return fail(`states[0]: not an initial state of ${base.model}: ${closest(model, initial, states[0]!, 'states[0]')}`);
  const outsideAt = (i: number) => outsideConstraint(model, states[i]!, i > 0 ? states[i - 1]! : null);
  const firstOutside = outsideAt(0);
  if (firstOutside) return fail(`states[0]: ${firstOutside}`);
  walked.push({ ...steps[0]!, index: first });
  let successors = successorsOf(model, states[0]!);
  for (let i = 1; i < states.length; i++) {
    const index = matchIndex(successors, states[i]!);
    if (index < 0) return fail(`states[${i}]: not a legal step from states[${i - 1}]: ${closest(model, successors, states[i]!, `states[${i}]`)}`);
    const outside = outsideAt(i);
    if (outside) return fail(`states[${i}]: ${outside}`);
    walked.push({ ...steps[i]!, index });
    successors = successorsOf(model, states[i]!);
  }
  const loop = itf.loop;
  // A loop back to the last state itself is stuttering, which every TLA+ behaviour may do.
  if (loop !== undefined && loop !== states.length - 1 && matchIndex(successors, states[loop]!) < 0) {
    return fail(`loop: no step leads from the last state, states[${states.length - 1}], back to states[${loop}]`);
  }
  if (itf['#meta'].verdict === 'liveness') {
    return { ...base, legal: true, valid: false, problem: `${file}: the trace claims a temporal property is violated, which replay of a .tla spec does not check yet`, steps: walked, path: pathText(walked), violations: [] };
  }
  const violations = recheck(model, states, successors.length === 0);
  const problem = claim ? (unknownProperty(model, claim) ?? unreproducedClaim(claim, violations, states.length - 1)) : null;
  return { ...base, legal: true, valid: problem === null, problem: problem && `${file}: ${problem}`, steps: walked, path: pathText(walked), violations };
}

/** The trace's states as TLA+ values, in the model's variable order; every field checked. */
export function statesOf(model: TlaModel, itf: ItfTrace, file: string): Value[][] {
  for (const name of model.variables) if (!itf.vars.includes(name)) throw new ConfigError(`${file}: vars: the spec's variable "${name}" is missing`);
  for (const name of itf.vars) if (!model.variables.includes(name)) throw new ConfigError(`${file}: vars: "${name}" is not a variable of ${model.spec.root.name} (it has ${model.variables.join(', ')})`);
  const modelValues = new Map(model.modelValues.map((mv) => [mv.name, mv]));
  return itf.states.map((state, i) => {
    const where = `${file}: states[${i}]`;
    const stray = Object.keys(state).find((key) => !key.startsWith('#') && !model.variables.includes(key));
    if (stray !== undefined) throw new ConfigError(`${where}: "${stray}" is not a variable of ${model.spec.root.name}`);
    return model.variables.map((name) => {
      if (!Object.hasOwn(state, name)) throw new ConfigError(`${where}: variable "${name}" is missing`);
      return itfToTla(state[name], `${where}.${name}`, modelValues);
    });
  });
}

/**
 * The search keeps no state outside a CONSTRAINT and takes no step outside an
 * ACTION_CONSTRAINT, so no counterexample it writes has one: say which.
 */
function outsideConstraint(model: TlaModel, state: Value[], previous: Value[] | null): string | null {
  for (const c of model.constraints) if (!holds(model, c.expr, `constraint ${c.name}`, state, null)) return `outside the constraint ${c.name} (the search does not keep such a state)`;
  if (previous === null) return null;
  for (const c of model.actionConstraints) if (!holds(model, c.expr, `action constraint ${c.name}`, previous, state)) return `the step into it is outside the action constraint ${c.name} (the search does not take such a step)`;
  return null;
}

function holds(model: TlaModel, expr: Expr, what: string, state: Value[], next: Value[] | null): boolean {
  const v = evaluate(expr, null, model.scope, { cur: state, next, primed: false, varReads: 0 });
  if (typeof v !== 'boolean') throw new TlaEvalError(`The ${what} is not a boolean in this state: ${formatValue(v)}`, expr.at);
  return v;
}

function successorsOf(model: TlaModel, state: readonly Value[]): Value[][] {
  const out: Value[][] = [];
  model.enumerator.successors(model.next, model.scope, state, (s) => out.push(s.slice()));
  return out;
}

function stateKey(state: readonly Value[]): string {
  let key = '';
  for (const v of state) key += `${keyOf(v)}|`;
  return key;
}

function matchIndex(candidates: readonly (readonly Value[])[], target: readonly Value[]): number {
  const key = stateKey(target);
  return candidates.findIndex((c) => stateKey(c) === key);
}

/** Why `target` is none of `candidates`: the nearest one's first differing variable. */
function closest(model: TlaModel, candidates: readonly (readonly Value[])[], target: readonly Value[], where: string): string {
  if (candidates.length === 0) return 'there is none (no branch of the action is enabled there)';
  const differing = (c: readonly Value[]) => model.variables.filter((_, v) => keyOf(c[v]!) !== keyOf(target[v]!));
  let best = candidates[0]!;
  for (const c of candidates) if (differing(c).length < differing(best).length) best = c;
  const name = differing(best)[0]!;
  const v = model.variables.indexOf(name);
  const which = candidates.length > 1 ? `the closest of the ${candidates.length} candidates` : 'the only candidate';
  return `${which} has ${name} = ${formatValue(best[v]!)}, ${where} has ${name} = ${formatValue(target[v]!)}`;
}

/** The first violation of each invariant along the trace, then deadlock at the last state. */
function recheck(model: TlaModel, states: readonly Value[][], lastHasNoSuccessor: boolean): ReplayViolation[] {
  const found: ReplayViolation[] = [];
  for (const invariant of model.invariants) {
    const index = states.findIndex((state) => !holds(model, invariant.expr, `invariant ${invariant.name}`, state, null));
    if (index >= 0) found.push({ kind: 'invariant', property: invariant.name, description: undefined, index });
  }
  found.sort((a, b) => a.index - b.index);
  if (model.checkDeadlock && lastHasNoSuccessor) found.push({ kind: 'deadlock', property: null, description: undefined, index: states.length - 1 });
  return found;
}

function unknownProperty(model: TlaModel, claim: NonNullable<ReplayReport['claim']>): string | null {
  if (claim.verdict !== 'invariant' || claim.property === null || model.invariants.some((i) => i.name === claim.property)) return null;
  return `the trace claims invariant ${claim.property} is violated, but the configuration checks no invariant ${claim.property}`;
}

function pathText(steps: readonly PathStep[]): string {
  return encodePath({ init: steps[0]!.index, steps: steps.slice(1).map((s) => s.index) });
}
