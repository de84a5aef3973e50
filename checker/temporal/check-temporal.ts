import type { RuntimeModel } from '../runtime-model.js';
import type { CheckResult } from '../result.js';
import { exitCodeFor } from '../result.js';
import { FairCycleSearch } from './fair-cycle.js';
import { FairnessGroups } from './fairness-groups.js';
import { lassoTrace } from './lasso-trace.js';
import { buildLivenessGraph, LivenessGraphRecorder, type LivenessGraph } from './liveness-graph.js';
import { planTemporalChecks, type TemporalCheck, type TemporalPlan } from './property-plan.js';
import { validateTemporalNames } from './validate-names.js';

export interface TemporalOptions {
  readonly maxDepth: number;
  /** The graph the safety search recorded (absent: the liveness pass explores it itself). */
  readonly recorded?: RecordedGraph;
}

/** A recorder handed to the safety search, and what the graph is checked with afterwards. */
export interface RecordedGraph {
  readonly recorder: LivenessGraphRecorder<any>;
  /** Bytes of the fingerprint-to-ordinal lane the search kept for the graph. */
  readonly tableBytes: () => number;
}

/**
 * A recorder for the safety search to fill, when the model has temporal
 * properties and the search can record (one worker, 64-bit fingerprints, no
 * symmetry, no checkpoint, no depth bound); else undefined and the liveness pass
 * explores the graph itself after the search.
 */
export function livenessRecorderFor(model: RuntimeModel<any>, search: { fingerprintBits?: 64 | 96; symmetry?: unknown; checkpoint?: unknown; resume?: unknown; maxDepth: number }): LivenessGraphRecorder<any> | undefined {
  if (!hasTemporalProperties(model)) return undefined;
  if (search.fingerprintBits === 96 || search.symmetry || search.checkpoint || search.resume || Number.isFinite(search.maxDepth)) return undefined;
  const plan = planTemporalChecks(model.def.temporal!);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  return new LivenessGraphRecorder(model, groups, plan.predicates, true);
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
  if (!hasTemporalProperties(model)) return result;
  const warnings = [...(result.warnings ?? []), ...vacuityWarnings(model, options), ...symmetryNote(result)];
  if (result.verdict !== 'ok') {
    return { ...result, warnings: [...warnings, 'Warning: temporal properties were not checked: the safety search stopped first.'] };
  }
  const started = Date.now();
  const plan = planTemporalChecks(model.def.temporal!);
  validateTemporalNames(model, plan);
  const { graph, groups } = livenessGraph(model, result, plan, options);
  // Under symmetry the search counted orbits; this graph is unreduced on purpose (symmetry is unsound for liveness).
  if (result.complete && !result.symmetry && graph.states !== result.distinctStates) {
    throw new Error(`internal error: the liveness graph has ${graph.states} states, the search found ${result.distinctStates}`);
  }
  const search = new FairCycleSearch(graph, groups);
  const stats = { properties: plan.checks.length, states: graph.states, edges: graph.edges, bytesPerState: graph.bytesPerState, bytesPerEdge: graph.bytesPerEdge };
  for (const check of plan.checks) {
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

function livenessGraph(model: RuntimeModel<any>, result: CheckResult, plan: TemporalPlan, options: TemporalOptions): { graph: LivenessGraph; groups: FairnessGroups } {
  const recorded = options.recorded;
  if (recorded) {
    const counts = { generated: result.generatedStates, depth: result.depth, tableBytes: recorded.tableBytes() };
    return { graph: recorded.recorder.finish(counts), groups: recorded.recorder.groups };
  }
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  return { graph: buildLivenessGraph(model, groups, { maxDepth: options.maxDepth, predicates: plan.predicates }), groups };
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
