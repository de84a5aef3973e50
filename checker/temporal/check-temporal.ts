import type { RuntimeModel } from '../runtime-model.js';
import type { CheckResult } from '../result.js';
import { exitCodeFor } from '../result.js';
import { runInSlices, runToEnd } from '../search/sliced-run.js';
import { FairCycleSearch } from './fair-cycle.js';
import { FairnessGroups } from './fairness-groups.js';
import { lassoTrace } from './lasso-trace.js';
import { buildLivenessGraph, type LivenessGraph } from './liveness-graph.js';
import { enforceLivenessLimits, LivenessStopped, livenessStoppedMessage, NO_LIMITS, type LivenessLimits } from './liveness-limits.js';
import { planTemporalChecks, type TemporalCheck } from './property-plan.js';
import { validateTemporalNames } from './validate-names.js';

export interface TemporalOptions {
  readonly maxDepth: number;
  /** Signals, time and memory budgets (default: none). */
  readonly limits?: LivenessLimits;
}

/** True when the model declares temporal properties (so a liveness pass follows the search). */
export function hasTemporalProperties(model: RuntimeModel<any>): boolean {
  return (model.def.temporal ?? []).some((p) => p.instances.length > 0);
}

/**
 * Checks the model's temporal properties after a safety search that found
 * nothing, and returns the result with the liveness verdict folded in. It builds
 * its own compact graph (liveness-graph.ts) in a second sequential pass, so a run
 * without temporal properties pays nothing, and the sequential and parallel
 * engines give the same liveness verdicts. Properties are checked in declaration
 * order; the first violated one is reported.
 */
export function withTemporalCheck(model: RuntimeModel<any>, result: CheckResult, options: TemporalOptions): CheckResult {
  return runToEnd(temporalPass(model, result, options));
}

/**
 * withTemporalCheck giving the event loop a turn about every `sliceMs`, so that a
 * signal handler can stop the pass (the CLI's engines use this).
 */
export function withTemporalCheckYielding(model: RuntimeModel<any>, result: CheckResult, options: TemporalOptions, sliceMs = 100): Promise<CheckResult> {
  return runInSlices(temporalPass(model, result, options), sliceMs);
}

/** The pass as a generator that yields between slices of the graph construction. */
function* temporalPass(model: RuntimeModel<any>, result: CheckResult, options: TemporalOptions): Generator<void, CheckResult> {
  if (!hasTemporalProperties(model)) return result;
  const warnings = [...(result.warnings ?? []), ...vacuityWarnings(model, options), ...symmetryNote(result)];
  if (result.verdict !== 'ok') {
    return { ...result, warnings: [...warnings, 'Warning: temporal properties were not checked: the safety search stopped first.'] };
  }
  const started = Date.now();
  const plan = planTemporalChecks(model.def.temporal!);
  validateTemporalNames(model, plan);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  const limits = options.limits ?? NO_LIMITS;
  let graph: LivenessGraph;
  try {
    graph = yield* buildLivenessGraph(model, groups, { maxDepth: options.maxDepth, predicates: plan.predicates, limits });
    enforceLivenessLimits(limits, 0, graph.states);
  } catch (error) {
    if (!(error instanceof LivenessStopped)) throw error;
    return stoppedResult(result, livenessStoppedMessage(error, limits), warnings, started);
  }
  // Under symmetry the search counted orbits; this graph is unreduced on purpose (symmetry is unsound for liveness).
  if (result.complete && !result.symmetry && graph.states !== result.distinctStates) {
    throw new Error(`internal error: the liveness graph has ${graph.states} states, the search found ${result.distinctStates}`);
  }
  const search = new FairCycleSearch(graph, groups);
  const stats = { properties: plan.checks.length, states: graph.states, edges: graph.edges, bytesPerState: graph.bytesPerState, bytesPerEdge: graph.bytesPerEdge };
  for (const check of plan.checks) {
    if (limits.stop?.requested || Date.now() > limits.deadline) {
      const stopped = new LivenessStopped(limits.stop?.requested ? 'interrupt' : 'time', graph.states);
      return stoppedResult(result, livenessStoppedMessage(stopped, limits, `temporal property ${check.property} and those after it were not checked`), warnings, started);
    }
    const lasso = search.find(check);
    if (!lasso) continue;
    const { trace, loop } = lassoTrace(model, graph, lasso);
    const verdict = check.safety ? 'invariant' : 'liveness';
    const message = violationMessage(check);
    return {
      ...result,
      verdict,
      property: check.property,
      trace,
      loop,
      exitCode: exitCodeFor(verdict),
      message,
      violations: [{ verdict, property: check.property, message, traceLength: trace.length }],
      warnings,
      durationMs: result.durationMs + (Date.now() - started),
      liveness: { ...stats, durationMs: Date.now() - started },
    };
  }
  return { ...result, warnings, durationMs: result.durationMs + (Date.now() - started), liveness: { ...stats, durationMs: Date.now() - started } };
}

/** The safety counts stand; the verdict says the temporal properties were not (all) checked. */
function stoppedResult(result: CheckResult, message: string, warnings: readonly string[], started: number): CheckResult {
  return {
    ...result,
    verdict: 'incomplete',
    complete: false,
    exitCode: exitCodeFor('incomplete'),
    message,
    warnings: [...warnings],
    durationMs: result.durationMs + (Date.now() - started),
  };
}

function violationMessage(check: TemporalCheck): string {
  if (check.safety) return `Invariant ${check.property} is violated (temporal property ${check.formula}).`;
  return `Temporal properties were violated. Property ${check.property} (${check.formula}) does not hold.`;
}

/** TLC stays silent here; its users asked for a warning (tlaplus issue 839). */
function vacuityWarnings(model: RuntimeModel<any>, options: TemporalOptions): string[] {
  const warnings: string[] = [];
  const constraints = model.def.constraints.map((c) => c.name);
  if (constraints.length > 0) {
    warnings.push(
      `Warning: state constraint ${constraints.join(', ')} with temporal properties: behaviours through the states it drops are not seen, so the liveness result may be vacuous.`,
    );
  }
  if (Number.isFinite(options.maxDepth)) {
    warnings.push(
      `Warning: depth bound ${options.maxDepth} with temporal properties: states at the bound have no recorded successors and are left out of cycles, so the liveness result may be vacuous.`,
    );
  }
  return warnings;
}

/** Symmetry reduced the safety search only: the temporal pass explores every state. */
function symmetryNote(result: CheckResult): string[] {
  if (!result.symmetry) return [];
  return ['Note: symmetry reduced the safety search only; temporal properties were checked on the unreduced state graph, so a violation is a real behaviour.'];
}
