import type { RuntimeModel } from '../runtime-model.js';
import type { CheckResult } from '../result.js';
import type { Verdict } from '../search/outcome.js';
import { exitCodeFor } from '../result.js';
import { runInSlices, runToEnd } from '../search/sliced-run.js';
import { FairCycleSearch } from './fair-cycle.js';
import { FairnessGroups } from './fairness-groups.js';
import { lassoTrace } from './lasso-trace.js';
import { buildLivenessGraph, LivenessGraphRecorder, type LivenessGraph } from './liveness-graph.js';
import { enforceLivenessLimits, LivenessStopped, livenessStoppedMessage, NO_LIMITS, type LivenessLimits } from './liveness-limits.js';
import { findGeneralViolation } from './ltl/general-check.js';
import { planTemporalChecks, type TemporalCheck, type TemporalPlan } from './property-plan.js';
import { validateTemporalNames } from './validate-names.js';

export interface TemporalOptions {
  readonly maxDepth: number;
  /** `--continue`: check every property (also after a safety violation, if the search explored everything). */
  readonly continueAfterViolation?: boolean;
  /** Signals, time and memory budgets (default: none). */
  readonly limits?: LivenessLimits;
  /** The graph the safety search recorded (absent: the liveness pass explores it itself). */
  readonly recorded?: RecordedGraph;
}

/** A recorder handed to the safety search, and what the graph is checked with afterwards. */
export interface RecordedGraph {
  readonly recorder: LivenessGraphRecorder<any>;
  /** Bytes of the fingerprint-to-ordinal lane the search kept for the graph. */
  readonly tableBytes: number;
}

/**
 * A recorder for the safety search to fill, when the model has temporal
 * properties and the search can record (one worker, 64-bit fingerprints, no
 * symmetry, no checkpoint, no depth bound); else undefined and the liveness pass
 * explores the graph itself after the search. A property the plan refuses is
 * refused by the pass, after the search, as without recording.
 */
export function livenessRecorderFor(model: RuntimeModel<any>, search: { fingerprintBits?: 64 | 96; symmetry?: unknown; checkpoint?: unknown; resume?: unknown; maxDepth: number }): LivenessGraphRecorder<any> | undefined {
  if (!hasTemporalProperties(model)) return undefined;
  if (search.fingerprintBits === 96 || search.symmetry || search.checkpoint || search.resume || Number.isFinite(search.maxDepth)) return undefined;
  let plan: TemporalPlan;
  try {
    plan = planTemporalChecks(model.def.temporal!);
  } catch {
    return undefined;
  }
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  return new LivenessGraphRecorder(model, groups, { predicates: plan.predicates, stepPredicates: plan.stepPredicates, deferErrors: true });
}

/** True when the model declares temporal properties (so a liveness pass follows the search). */
export function hasTemporalProperties(model: RuntimeModel<any>): boolean {
  return (model.def.temporal ?? []).some((p) => p.instances.length > 0);
}

/**
 * Checks the model's temporal properties after a safety search that found
 * nothing, and returns the result with the liveness verdict folded in. The
 * compact graph (liveness-graph.ts) is the one the search recorded
 * (`options.recorded`), or else built in a second sequential pass; both come from
 * the same recorder, so a run without temporal properties pays nothing, and the
 * sequential and parallel engines give the same liveness verdicts. Properties are checked in declaration
 * order; the first violated one is reported (with --continue, every one, the first
 * with its trace).
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
  const continued = options.continueAfterViolation === true;
  // A --continue search that went through every state has the whole graph: only a stopped one leaves temporal properties unchecked.
  const exploredAll = continued && result.complete && result.queueLeft === 0 && !result.violations.some((v) => v.verdict === 'error');
  if (result.verdict !== 'ok' && !exploredAll) {
    return { ...result, warnings: [...warnings, 'Warning: temporal properties were not checked: the safety search stopped first.'] };
  }
  const started = Date.now();
  const plan = planTemporalChecks(model.def.temporal!);
  validateTemporalNames(model, plan);
  const limits = options.limits ?? NO_LIMITS;
  let graph: LivenessGraph;
  let groups: FairnessGroups;
  try {
    ({ graph, groups } = yield* livenessGraph(model, result, plan, options, limits));
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
  let folded: CheckResult = result;
  const failed = new Set<string>();
  for (const check of plan.checks) {
    if (limits.stop?.requested || Date.now() > limits.deadline) {
      const stopped = new LivenessStopped(limits.stop?.requested ? 'interrupt' : 'time', graph.states);
      return stoppedResult(result, livenessStoppedMessage(stopped, limits, `temporal property ${check.property} and those after it were not checked`), warnings, started);
    }
    // With --continue every property instance is reported once, by its first failing conjunct.
    if (failed.has(check.property)) continue;
    const lasso = check.general ? findGeneralViolation(graph, groups, check.general) : search.find(check);
    if (!lasso) continue;
    failed.add(check.property);
    const verdict: Verdict = check.safety ? 'invariant' : 'liveness';
    const message = violationMessage(check, plan.checks);
    if (folded.verdict !== 'ok') {
      const traceLength = 1 + lasso.prefix.length + (lasso.cycle?.length ?? 0) - (lasso.cycle?.length ? 1 : 0);
      folded = { ...folded, violations: [...folded.violations, { verdict, property: check.property, message, traceLength }] };
    } else {
      const { trace, loop } = lassoTrace(model, graph, lasso);
      const violations = [...folded.violations, { verdict, property: check.property, message, traceLength: trace.length }];
      folded = { ...folded, verdict, property: check.property, trace, loop, exitCode: exitCodeFor(verdict), message, violations };
    }
    if (!continued) break;
  }
  return { ...folded, warnings, durationMs: result.durationMs + (Date.now() - started), liveness: { ...stats, durationMs: Date.now() - started } };
}

/**
 * The graph the safety search recorded, or else one the pass explores itself
 * (yielding every 1,024 states, within the limits).
 */
function* livenessGraph(model: RuntimeModel<any>, result: CheckResult, plan: TemporalPlan, options: TemporalOptions, limits: LivenessLimits): Generator<void, { graph: LivenessGraph; groups: FairnessGroups }> {
  const recorded = options.recorded;
  if (recorded) {
    const counts = { generated: result.generatedStates, depth: result.depth, tableBytes: recorded.tableBytes };
    return { graph: recorded.recorder.finish(counts), groups: recorded.recorder.groups };
  }
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  const graph = yield* buildLivenessGraph(model, groups, { maxDepth: options.maxDepth, predicates: plan.predicates, stepPredicates: plan.stepPredicates, limits });
  return { graph, groups };
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

function violationMessage(check: TemporalCheck, checks: readonly TemporalCheck[]): string {
  // An and(...) property is checked conjunct by conjunct: name the one that fails.
  const siblings = checks.filter((c) => c.property === check.property);
  const formula = siblings.length > 1 ? `conjunct ${siblings.indexOf(check) + 1} of ${siblings.length}: ${check.formula}` : check.formula;
  if (check.safety) return `Invariant ${check.property} is violated (temporal property ${formula}).`;
  return `Temporal properties were violated. Property ${check.property} (${formula}) does not hold.`;
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
