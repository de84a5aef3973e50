import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../errors.js';
import { BehaviourSession, type BranchLasso, type ExploredModel } from '../explorer/behaviour-session.js';
import { DEADLOCK, type PropertyKind, type Want } from '../explorer/goals.js';
import { encodePath, pathOf, type BehaviourPath, type PathStep } from '../explorer/path.js';
import { encodePermalink, type ModelIdentity } from '../explorer/permalink.js';
import { DEFAULT_SEARCH_STATES, type SearchLimits } from '../explorer/search.js';
import type { EnabledView, SessionView, StepView } from '../explorer/view.js';
import { labelledSuccessors, splitActions, type LabelledSuccessor, type TlaAction } from './actions.js';
import { configConstants } from './config-constants.js';
import { evaluateIn, type TlaModel } from './model.js';
import { formatValue, keyOf, type Value } from './values.js';

/**
 * The explorer on a TLA+ specification: the branches and the cursor are
 * behaviour-session.ts's, the states and successors TLC's (each labelled with
 * its action, actions.ts), values shown in TLA+ syntax with model values bare,
 * the configuration's invariants judged in every state and "shortest path to a
 * state where Inv holds / is violated" (or to a deadlock) by breadth-first
 * search. A path step's state holds the variables' TLA+ values by name.
 */
export interface TlaSessionOptions {
  /** A replayed trace to start on (at its last state), read-only as in the DSL explorer. */
  readonly trace?: { readonly name: string; readonly states: readonly (readonly Value[])[]; readonly lasso?: BranchLasso };
}

export class TlaExplorerSession extends BehaviourSession {
  readonly model: ExploredModel;
  private readonly actions: readonly TlaAction[];
  private readonly initial: readonly Value[][];
  private readonly source: string;

  constructor(
    readonly tla: TlaModel,
    options: TlaSessionOptions = {},
  ) {
    super();
    this.model = { name: tla.spec.root.name, variables: tla.variables, constants: configConstants(tla) };
    this.actions = splitActions(tla);
    this.initial = distinctInitialStates(tla, (state) => this.inModel(state));
    this.source = sourceHash(tla);
    if (this.initial.length === 0) throw new ConfigError(`${tla.spec.file}: the initial predicate has no state to explore`);
    if (options.trace && options.trace.states.length > 0) {
      const steps = this.stepsAlong(options.trace.name, options.trace.states);
      this.addBranch(options.trace.name, steps, true, options.trace.lasso);
      this.position = steps.length - 1;
    } else {
      this.start(0);
    }
  }

  /** A behaviour (a replayed trace) as path steps: each state found among the initial states or its predecessor's successors. */
  private stepsAlong(name: string, states: readonly (readonly Value[])[]): PathStep[] {
    const init = this.initial.findIndex((state) => stateKey(state) === stateKey(states[0]!));
    if (init < 0) throw new ConfigError(`${name}: its first state is not an initial state of ${this.model.name}`);
    const steps = [this.initialStep(init)];
    for (let i = 1; i < states.length; i++) {
      const index = this.expand(steps[i - 1]!.state).successors.findIndex((s) => stateKey(s.state) === stateKey(states[i]!));
      if (index < 0) throw new ConfigError(`${name}: state ${i + 1} is not a successor of state ${i}`);
      steps.push(this.successorStep(steps[i - 1]!.state, index)!);
    }
    return steps;
  }

  identity(): ModelIdentity {
    const constants = Object.fromEntries(Object.entries(this.model.constants).map(([k, v]) => [k, String(v)]));
    return { model: this.model.name, constants, source: this.source };
  }

  view(): SessionView {
    const branch = this.branch;
    const current = this.current;
    const previous = this.position > 0 ? branch.steps[this.position - 1]!.state : undefined;
    const expansion = this.expand(current.state);
    const nextIndex = branch.steps[this.position + 1]?.index;
    const path = encodePath(pathOf(branch.steps.slice(0, this.position + 1)));
    return {
      model: this.model.name,
      constants: this.model.constants as Record<string, string>,
      initialStates: this.initial.length,
      branches: this.branches.map((b) => ({ id: b.id, name: b.name, length: b.steps.length, readOnly: b.readOnly })),
      branch: branch.id,
      position: this.position,
      path,
      permalink: encodePermalink(this.identity(), path),
      steps: branch.steps.map((step, i) => this.stepView(step, i === 0 ? undefined : branch.steps[i - 1]!, i)),
      state: this.tla.variables.map((name) => ({ name, value: formatValue(current.state[name] as Value), changed: previous !== undefined && !sameVariable(previous, current.state, name), ghost: false })),
      enabled: expansion.successors.map((s, index) => this.enabledView(current.state, s, index, nextIndex)),
      failures: expansion.failures.map((f) => ({ label: f.action.label, assertion: null, message: f.message })),
      deadlock: this.tla.checkDeadlock && expansion.successors.length === 0 && expansion.failures.length === 0,
      properties: this.propertyViews(current.state, expansion.successors.length === 0 && expansion.failures.length === 0),
      message: this.message,
      messageKind: this.messageKind,
      temporal: this.tla.properties.map((p) => ({ name: p.name, description: null })),
      loop: branch.lasso?.loop ?? null,
      why: [],
    };
  }

  protected initialStep(index: number): PathStep {
    const state = this.initial[index];
    if (state === undefined) throw new ConfigError(`initial state #${index} does not exist (the specification has ${this.initial.length})`);
    return { index, action: 'Initial predicate', actor: null, params: {}, state: this.record(state) };
  }

  protected successorStep(state: PathStep['state'], index: number): PathStep | undefined {
    const successor = this.expand(state).successors[index];
    return successor ? this.stepOf(successor, index) : undefined;
  }

  protected walk(path: BehaviourPath): PathStep[] {
    const steps = [this.initialStep(path.init)];
    for (const [position, index] of path.steps.entries()) {
      const next = index >= 0 ? this.successorStep(steps[steps.length - 1]!.state, index) : undefined;
      if (!next) throw new ConfigError(`path ${encodePath(path)}: state ${position + 1} has no successor #${index}`);
      steps.push(next);
    }
    return steps;
  }

  protected sameState(a: PathStep['state'], b: PathStep['state']): boolean {
    return this.tla.variables.every((name) => sameVariable(a, b, name));
  }

  protected describeSearchGoal(property: string, want: Want): string {
    if (this.propertyKind(property) === 'deadlock') return 'a deadlocked state';
    return `a state where ${property} ${want === 'holds' ? 'holds' : 'is violated'}`;
  }

  validateSearch(property: string, want: Want): void {
    if (this.propertyKind(property) === 'deadlock' && want === 'holds') throw new ConfigError('deadlock: only a deadlocked state can be searched for');
  }

  /**
   * Breadth-first from the current state (states outside a CONSTRAINT are not
   * expanded, as TLC does), so the path found is a shortest one; runs in the
   * request's thread, bounded by `limits.maxStates`.
   */
  findPath(property: string, want: Want, limits: SearchLimits = {}): void {
    this.validateSearch(property, want);
    const deadlock = this.propertyKind(property) === 'deadlock';
    const goal = (state: readonly Value[], successors: number): boolean => (deadlock ? successors === 0 : this.invariantHolds(property, state) === (want === 'holds'));
    const maxStates = limits.maxStates ?? DEFAULT_SEARCH_STATES;
    const maxDepth = limits.maxDepth ?? Infinity;
    const start = this.arrayOf(this.current.state);
    const seen = new Set<string>([stateKey(start)]);
    let frontier: { state: Value[]; steps: number[] }[] = [{ state: start, steps: [] }];
    for (let depth = 0; frontier.length > 0; depth++) {
      const next: typeof frontier = [];
      for (const node of frontier) {
        const { successors } = labelledSuccessors(this.tla, this.actions, node.state, (from, to) => this.allowed(from, to));
        if (goal(node.state, successors.length)) return this.applySearch(property, want, this.path, { found: true, steps: node.steps, explored: seen.size });
        if (depth >= maxDepth || !this.inModel(node.state)) continue;
        successors.forEach((s, index) => {
          const key = stateKey(s.state);
          if (seen.has(key) || seen.size >= maxStates) return;
          seen.add(key);
          next.push({ state: s.state, steps: [...node.steps, index] });
        });
      }
      frontier = next;
    }
    const reason = seen.size >= maxStates ? `no such state among the ${seen.size} nearest states (the search limit)` : `no reachable state satisfies it (all ${seen.size} states explored)`;
    this.applySearch(property, want, this.path, { found: false, exhausted: seen.size < maxStates, explored: seen.size, reason });
  }

  findFairCycle(property: string): void {
    throw new ConfigError(`${property}: searching for a fair cycle is not available on a TLA+ specification yet (vigil check Spec.tla checks PROPERTY formulas)`);
  }

  private expand(state: PathStep['state']): { successors: LabelledSuccessor[]; failures: { action: TlaAction; message: string }[] } {
    return labelledSuccessors(this.tla, this.actions, this.arrayOf(state), (from, to) => this.allowed(from, to));
  }

  private stepOf(successor: LabelledSuccessor, index: number): PathStep {
    return { index, action: successor.action.label, actor: null, params: {}, state: this.record(successor.state) };
  }

  private stepView(step: PathStep, previous: PathStep | undefined, position: number): StepView {
    const changes = previous ? this.changed(previous.state, step.state).map((name) => `${name} = ${formatValue(step.state[name] as Value)}`) : [];
    const action = this.actions.find((a) => a.label === step.action);
    const values = Object.fromEntries(this.tla.variables.map((name) => [name, formatValue(step.state[name] as Value)]));
    return { position, label: step.action, actor: null, changes, failure: null, values, source: action ? `${basename(action.at.file)}:${action.at.line}` : null };
  }

  private enabledView(current: PathStep['state'], successor: LabelledSuccessor, index: number, nextIndex: number | undefined): EnabledView {
    const next = this.record(successor.state);
    return {
      index,
      label: successor.action.label,
      actor: null,
      changes: this.changed(current, next).map((variable) => ({ variable, before: formatValue(current[variable] as Value), after: formatValue(next[variable] as Value) })),
      violates: this.tla.invariants.filter((inv) => !this.invariantHolds(inv.name, successor.state)).map((inv) => inv.name),
      onBranch: index === nextIndex,
    };
  }

  private propertyViews(state: PathStep['state'], stuck: boolean): SessionView['properties'] {
    const values = this.arrayOf(state);
    const invariants = this.tla.invariants.map((inv) => ({ name: inv.name, kind: 'invariant' as const, description: null, holds: this.invariantHolds(inv.name, values) }));
    return this.tla.checkDeadlock ? [...invariants, { name: DEADLOCK, kind: 'deadlock' as const, description: 'some action is enabled in every reachable state', holds: !stuck }] : invariants;
  }

  private propertyKind(name: string): PropertyKind {
    if (this.tla.invariants.some((inv) => inv.name === name)) return 'invariant';
    if (name === DEADLOCK && this.tla.checkDeadlock) return 'deadlock';
    const known = [...this.tla.invariants.map((inv) => inv.name), ...(this.tla.checkDeadlock ? [DEADLOCK] : [])];
    throw new ConfigError(`unknown property "${name}" (known: ${known.join(', ') || 'none'})`);
  }

  /** An invariant that cannot be evaluated in a state (an evaluation error) does not hold there. */
  private invariantHolds(name: string, state: readonly Value[]): boolean {
    const invariant = this.tla.invariants.find((inv) => inv.name === name)!;
    try {
      return evaluateIn(invariant.expr, this.tla.scope, state) === true;
    } catch {
      return false;
    }
  }

  private inModel(state: readonly Value[]): boolean {
    return this.tla.constraints.every((c) => evaluateIn(c.expr, this.tla.scope, state) === true);
  }

  private allowed(from: readonly Value[], to: readonly Value[]): boolean {
    return this.tla.actionConstraints.every((c) => evaluateIn(c.expr, this.tla.scope, from, to) === true);
  }

  private changed(a: PathStep['state'], b: PathStep['state']): string[] {
    return this.tla.variables.filter((name) => !sameVariable(a, b, name));
  }

  private record(state: readonly Value[]): Record<string, Value> {
    return Object.fromEntries(this.tla.variables.map((name, i) => [name, state[i]!]));
  }

  private arrayOf(state: PathStep['state']): Value[] {
    return this.tla.variables.map((name) => state[name] as Value);
  }
}

function sameVariable(a: PathStep['state'], b: PathStep['state'], name: string): boolean {
  return keyOf(a[name] as Value) === keyOf(b[name] as Value);
}

function stateKey(state: readonly Value[]): string {
  return state.map(keyOf).join('\u0001');
}

/** The initial states TLC keeps: distinct, within the CONSTRAINTs, in generation order. */
function distinctInitialStates(tla: TlaModel, inModel: (state: Value[]) => boolean): Value[][] {
  const seen = new Set<string>();
  const states: Value[][] = [];
  tla.enumerator.initStates(tla.init, tla.scope, (state) => {
    const key = stateKey(state);
    if (seen.has(key) || !inModel(state)) return;
    seen.add(key);
    states.push(state);
  });
  return states;
}

/** 12 hex digits of SHA-256 over the specification's files and its configuration. */
function sourceHash(tla: TlaModel): string {
  const hash = createHash('sha256');
  for (const file of [tla.spec.file, tla.config.file]) {
    try {
      hash.update(`${readFileSync(file, 'utf8')}\n`);
    } catch {
      hash.update(`${file}\n`);
    }
  }
  return hash.digest('hex').slice(0, 12);
}
