import { canonicalKey } from '../../spec/canonical.js';
import { formatStep, type RuntimeModel } from '../runtime-model.js';
import { nthSuccessor, type TraceStep } from '../trace/trace.js';
import type { LassoLoop } from '../result.js';
import type { LassoPath } from './fair-cycle.js';
import type { LivenessGraph } from './liveness-graph.js';

/**
 * Turns a lasso of graph edges into trace steps by re-executing the model from
 * the initial state, as safety traces are rebuilt: the trace holds the prefix and
 * the cycle up to (not repeating) the state the cycle returns to; `loop` says
 * which state that is and which step closes the cycle, or that the behaviour
 * stutters at the last state (TLC's `Back to state N` / `Stuttering`).
 */
export function lassoTrace(model: RuntimeModel<any>, graph: LivenessGraph, lasso: LassoPath): { trace: TraceStep[]; loop: LassoLoop | null } {
  const scratch = model.codec.createScratch();
  const initial = model.initialStates()[graph.initialIndex[lasso.initial]!];
  if (!initial) throw new Error('internal error: the lasso starts at an initial state that does not exist on re-execution');
  const trace: TraceStep[] = [{ action: 'Init', actor: null, params: {}, state: initial }];
  let current = initial;
  const walk = (edges: readonly number[]) => {
    for (const e of edges) {
      const taken = nthSuccessor(model, current, scratch, graph.edgePosition.at(e)!);
      trace.push({ action: formatStep(taken.step), actor: taken.step.actor ?? null, params: taken.step.params, state: taken.state });
      current = taken.state;
    }
  };
  walk(lasso.prefix);
  if (lasso.cycle === null) return { trace, loop: null };
  const start = trace.length - 1;
  if (lasso.cycle.length === 0) return { trace, loop: { start, stuttering: true, action: null } };
  walk(lasso.cycle);
  const closing = trace.pop()!;
  if (canonicalKey(closing.state) !== canonicalKey(trace[start]!.state)) {
    throw new Error('internal error: the lasso cycle does not return to its start on re-execution (is the model deterministic?)');
  }
  return { trace, loop: { start, stuttering: false, action: closing.action } };
}
