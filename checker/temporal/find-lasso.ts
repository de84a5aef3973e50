import { ConfigError } from '../errors.js';
import type { LassoLoop } from '../result.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { TraceStep } from '../trace/trace.js';
import { findGeneralViolation } from './ltl/general-check.js';
import { FairCycleSearch } from './fair-cycle.js';
import { FairnessGroups } from './fairness-groups.js';
import { lassoTrace } from './lasso-trace.js';
import { buildLivenessGraph } from './liveness-graph.js';
import { planTemporalChecks } from './property-plan.js';
import { validateTemporalNames } from './validate-names.js';

/**
 * A fair behaviour violating one temporal property instance, for the explorer's
 * "find a fair cycle": the same graph and search as the check's liveness pass
 * (check-temporal.ts), restricted to that instance. Null when it holds. The
 * whole reachable graph is built, so this costs what a check of the model does.
 */
export interface FoundLasso {
  readonly trace: TraceStep[];
  readonly loop: LassoLoop | null;
  /** The violated form, `P ~> Q`. */
  readonly formula: string;
  /** States in the liveness graph searched. */
  readonly states: number;
}

export function findLasso(model: RuntimeModel<any>, property: string): { found: FoundLasso | null; states: number } {
  const instance = (model.def.temporal ?? []).flatMap((p) => p.instances).find((i) => i.name === property);
  if (!instance) throw new ConfigError(`no temporal property is named "${property}"`);
  const plan = planTemporalChecks([{ name: property, instances: [instance] }]);
  validateTemporalNames(model, plan);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  const graph = drain(buildLivenessGraph(model, groups, { maxDepth: Infinity, predicates: plan.predicates, stepPredicates: plan.stepPredicates }));
  const search = new FairCycleSearch(graph, groups);
  for (const check of plan.checks) {
    const lasso = check.general ? findGeneralViolation(graph, groups, check.general) : search.find(check);
    if (lasso) return { found: { ...lassoTrace(model, graph, lasso), formula: check.formula, states: graph.states }, states: graph.states };
  }
  return { found: null, states: graph.states };
}

/** Runs a graph construction to its end in one go (the explorer's search job has its own time limit). */
function drain<T>(pass: Generator<void, T>): T {
  for (;;) {
    const step = pass.next();
    if (step.done) return step.value;
  }
}
