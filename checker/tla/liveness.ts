import type { StatePredicate, StepPredicate, TemporalFormula } from '../../spec/temporal.js';
import { ExitCode } from '../errors.js';
import type { LassoPath } from '../temporal/fair-cycle.js';
import { FairnessGroups } from '../temporal/fairness-groups.js';
import type { LivenessGraph } from '../temporal/liveness-graph.js';
import { findGeneralViolation, planGeneralCheck, type GeneralCheck } from '../temporal/ltl/general-check.js';
import { UnsupportedTemporalForm } from '../temporal/ltl/normal-form.js';
import { asEvalError, TlaUnsupportedPropertyError } from './errors.js';
import type { TlaModel } from './model.js';
import { searchTla, type TlaSearchOptions, type TlaSearchResult, type TlaStateGraph } from './search.js';
import { TemporalTranslator, type FairnessAtoms, type TlaState } from './temporal.js';
import { findSafetyViolation, safetyParts, type SafetyParts, type SafetyViolation } from './safety-properties.js';
import type { Value } from './values.js';
import type { StopRequest } from '../search/stop-request.js';
import { enforceLivenessLimits, LivenessStopped, livenessStoppedMessage, type LivenessLimits } from '../temporal/liveness-limits.js';

/**
 * PROPERTY checking for a TLA+ model: each property, under the specification's
 * fairness (`WF /\ SF /\ ... => P`), is translated into the project's LTL
 * engine (temporal.ts), whose tableau of the negation is searched for an
 * accepting cycle in the product with the graph the search recorded. Fairness
 * is part of the formula, as TLC does it, so the graph carries no fairness
 * groups. A violation is a lasso, printed as TLC prints it.
 */

export interface PropertyPlan {
  /**
   * Each property as its safety parts when it has only those (checked on the
   * states and steps, safety-properties.ts), else as a check of the whole
   * formula under the fairness (the other field null).
   */
  readonly checks: { readonly name: string; readonly check: GeneralCheck | null; readonly safety: SafetyParts | null }[];
  readonly statePredicates: StatePredicate<TlaState>[];
  readonly stepPredicates: StepPredicate<TlaState>[];
  /** The specification's WF/SF conjuncts, as the engine's fairness groups. */
  readonly fairness: FairnessAtoms[];
}

/** Translates every PROPERTY (refusing a form the engine lacks, with its name) before the search runs. */
export function planProperties(model: TlaModel): PropertyPlan {
  const statePredicates: StatePredicate<TlaState>[] = [];
  const stepPredicates: StepPredicate<TlaState>[] = [];
  const registry = {
    statePredicate: (p: StatePredicate<any>) => statePredicates.push(p) - 1,
    stepPredicate: (p: StepPredicate<any>) => stepPredicates.push(p) - 1,
    action: () => undefined,
  };
  const fairness: FairnessAtoms[] = [];
  const premises: TemporalFormula<TlaState>[] = [];
  const specTranslator = new TemporalTranslator(model.enumerator, 'of the specification');
  for (const f of model.fairness) specTranslator.fairnessOf(f, null, model.scope, fairness, premises);
  const checks = model.properties.map(({ name, expr }) => {
    const property = new TemporalTranslator(model.enumerator, name).translate(expr, null, model.scope);
    // Planned without registering its atoms: the graph then evaluates only the others' predicates.
    const safety = safetyParts(property);
    if (safety !== null) return { name, check: null, safety };
    const assumptions = premises;
    const formula: TemporalFormula<TlaState> = assumptions.length === 0 ? property : { kind: 'impliesFormula', premise: { kind: 'and', parts: assumptions }, conclusion: property };
    try {
      return { name, check: planGeneralCheck(name, formula, registry), safety: null };
    } catch (error) {
      if (error instanceof UnsupportedTemporalForm) throw new TlaUnsupportedPropertyError(error.message, expr.at);
      throw error;
    }
  });
  return { checks, statePredicates, stepPredicates, fairness };
}

/**
 * What bounds the PROPERTY check after the search, as they bound the search:
 * the run's time budget (--max-time) and its stop request (SIGINT). Looked at
 * before each property and every 1,024 states or edges while the graph's
 * predicates are evaluated, with the DSL engine's liveness limits.
 */
export interface PropertyLimits {
  /** Date.now() past which the check stops. */
  readonly deadline?: number;
  readonly stop?: StopRequest;
}

function livenessLimits(limits: PropertyLimits): LivenessLimits {
  return { ...(limits.stop ? { stop: limits.stop } : {}), deadline: limits.deadline ?? Infinity, maxMemoryBytes: Infinity, progressIntervalMs: Infinity };
}

/** enforceLivenessLimits every 1,024 states or edges (`done` counts them). */
function enforceLimits(limits: LivenessLimits, done: number, states: number): void {
  if ((done & 1023) === 0) enforceLivenessLimits(limits, 0, states);
}

/** A check stopped at `name`: not exhaustive (exit 153), with the complete search's counts. */
function stoppedAt(name: string, stopped: LivenessStopped, limits: LivenessLimits, safe: TlaSearchResult): TlaSearchResult {
  return { ...safe, verdict: 'incomplete', exitCode: ExitCode.system, cut: stopped.cut, trace: [], message: livenessStoppedMessage(stopped, limits, `temporal property ${name} and those after it were not checked`) };
}

/** The first property violated on the graph, as a lasso result (exit 13), or null when all hold; incomplete when a limit stops it. */
export function checkProperties(plan: PropertyPlan, graph: TlaStateGraph, safe: TlaSearchResult, propertyLimits: PropertyLimits = {}): TlaSearchResult | null {
  if (plan.checks.length === 0) return null;
  const limits = livenessLimits(propertyLimits);
  const groups = new FairnessGroups([], []);
  // Built when the first property that needs it comes (never when all are safety only).
  let live: LivenessGraph | null = null;
  // The safety parts first, as TLC finds their violations during its search, before any liveness check.
  const ordered = [...plan.checks.filter((c) => c.safety !== null), ...plan.checks.filter((c) => c.safety === null)];
  for (const { name, check, safety } of ordered) {
    try {
      enforceLivenessLimits(limits, 0, graph.states.length);
      if (safety !== null) {
        const found = findSafetyViolation(safety, graph, (done) => enforceLimits(limits, done, graph.states.length));
        if (found !== null) return safetyViolation(name, found, graph, safe);
        continue;
      }
      live ??= livenessGraph(plan, graph, safe, groups, limits);
    } catch (error) {
      if (error instanceof LivenessStopped) return stoppedAt(name, error, limits, safe);
      throw error;
    }
    const lasso = findGeneralViolation(live, groups, check!);
    if (lasso) return violation(name, lasso, graph, safe);
  }
  return null;
}

/**
 * A violation of a property of safety parts only, reported as TLC reports it:
 * the trace to the bad state or step, ending there (no lasso: `loopBack` is
 * left out); a `[]P` part as an invariant (exit 12), a step as an action
 * property and an initial predicate as a property (exit 13).
 */
function safetyViolation(name: string, found: SafetyViolation, graph: TlaStateGraph, safe: TlaSearchResult): TlaSearchResult {
  const trace: Value[][] = found.path.map((s) => graph.states[s]!);
  if (found.lastState) trace[trace.length - 1] = found.lastState as Value[];
  if (found.part === 'always') return { ...safe, verdict: 'invariant', exitCode: ExitCode.safety, message: `Invariant ${name} is violated.`, violated: name, trace };
  const message = found.part === 'step' ? `Action property ${name} is violated.` : `Property ${name} is violated by the initial state.`;
  return { ...safe, verdict: 'property', exitCode: ExitCode.liveness, message, violated: name, trace };
}

function livenessGraph(plan: PropertyPlan, graph: TlaStateGraph, safe: TlaSearchResult, groups: FairnessGroups, limits: LivenessLimits): LivenessGraph {
  const states = graph.states.length;
  const edges = graph.edgeTo.length;
  const ids = plan.fairness.map((f) => groups.addGroup(f.strong ? 'SF' : 'WF', f.label));
  const enabledGroups = new Uint16Array(states);
  graph.states.forEach((state, s) => {
    enforceLimits(limits, s, states);
    enabledGroups[s] = groups.setOfGroups(ids.filter((_, i) => plan.fairness[i]!.enabled(state)));
  });
  const edgeGroups = new Uint16Array(edges);
  for (let e = 0; e < edges; e++) {
    enforceLimits(limits, e, states);
    const from = graph.states[graph.edgeFrom[e]!]!;
    const to = graph.edgeSuccessor?.[e] ?? graph.states[graph.edgeTo[e]!]!;
    edgeGroups[e] = groups.setOfGroups(ids.filter((_, i) => plan.fairness[i]!.taken(from, to)));
  }
  const edgeStart = new Int32Array(states + 1);
  for (const from of graph.edgeFrom) edgeStart[from + 1]!++;
  for (let s = 0; s < states; s++) edgeStart[s + 1]! += edgeStart[s]!;
  const words = Math.ceil(states / 32);
  const predicateBits = plan.statePredicates.map((p) => {
    const bits = new Uint32Array(words);
    graph.states.forEach((state, s) => {
      enforceLimits(limits, s, states);
      if (p(state)) bits[s >>> 5]! |= 1 << (s & 31);
    });
    return bits;
  });
  const stepWords = Math.ceil(plan.stepPredicates.length / 32);
  const stepBits = new Uint32Array(edges * stepWords);
  for (let e = 0; e < edges; e++) {
    enforceLimits(limits, e, states);
    const from = graph.states[graph.edgeFrom[e]!]!;
    const to = graph.edgeSuccessor?.[e] ?? graph.states[graph.edgeTo[e]!]!;
    plan.stepPredicates.forEach((p, i) => {
      if (p(from, to)) stepBits[e * stepWords + (i >>> 5)]! |= 1 << (i & 31);
    });
  }
  return {
    states,
    edges,
    expanded: states,
    edgeStart,
    edgeTarget: Int32Array.from(graph.edgeTo),
    edgePosition: new Uint8Array(edges),
    edgeGroups,
    enabledGroups,
    predicateBits,
    stepPredicateWords: stepWords,
    stepPredicateBits: stepBits,
    initialIndex: Int32Array.from({ length: graph.initialStates }, (_, i) => i),
    generated: safe.generated,
    depth: safe.depth,
    bytesPerState: 0,
    bytesPerEdge: 0,
  };
}

function violation(name: string, lasso: LassoPath, graph: TlaStateGraph, safe: TlaSearchResult): TlaSearchResult {
  const path: number[] = [lasso.initial];
  for (const e of lasso.prefix) path.push(graph.edgeTo[e]!);
  let loopBack = -1;
  if (lasso.cycle !== null && lasso.cycle.length > 0) {
    loopBack = path.length - 1;
    for (const e of lasso.cycle) path.push(graph.edgeTo[e]!);
    path.pop();
  }
  const trace: Value[][] = path.map((s) => graph.states[s]!);
  return { ...safe, verdict: 'property', exitCode: ExitCode.liveness, message: 'Temporal properties were violated.', violated: name, trace, loopBack };
}

/**
 * A complete check of a TLA+ model: PROPERTY forms are translated (or refused)
 * first, then the search runs (recording the graph when there are properties)
 * and, when it finds no safety violation, the properties are checked on it.
 */
export function checkTlaModel(model: TlaModel, options: TlaSearchOptions = {}): TlaSearchResult {
  const plan = planProperties(model);
  return checkPlanned(plan, searchTla(model, { ...options, recordGraph: plan.checks.length > 0 }));
}

/**
 * The same with any engine (the asynchronous sequential search, the parallel
 * one): `search` is given whether to record the graph.
 */
export async function checkTlaModelWith(model: TlaModel, search: (recordGraph: boolean) => Promise<TlaSearchResult>, limits: PropertyLimits = {}): Promise<TlaSearchResult> {
  const plan = planProperties(model);
  return checkPlanned(plan, await search(plan.checks.length > 0), limits);
}

/** The properties checked on a complete search's graph (a search cut short has none: its result stands). */
function checkPlanned(plan: PropertyPlan, result: TlaSearchResult, limits: PropertyLimits = {}): TlaSearchResult {
  if (result.verdict !== 'ok' || !result.graph) return result;
  const { graph, ...safe } = result;
  try {
    return checkProperties(plan, graph, safe, limits) ?? safe;
  } catch (error) {
    const failure = asEvalError(error);
    if (failure !== null) return { ...safe, verdict: 'error', exitCode: ExitCode.evaluation, message: failure.message };
    throw error;
  }
}
