import type { FairnessGroups } from './fairness-groups.js';
import type { LivenessGraph } from './liveness-graph.js';

/**
 * Per edge: whether the step it makes is a step of group `g` in TLA+'s sense.
 * `<<A>>_vars` is a predicate of the pair of states, so a step from s to t is an
 * A step when any edge from s to t belongs to A, even if this edge was generated
 * by another action (two actions can lead to the same successor).
 */
export function pairStepsOf(graph: LivenessGraph, groups: FairnessGroups, g: number): Uint8Array {
  const marked = new Uint8Array(graph.edges);
  const targets = new Set<number>();
  for (let s = 0; s < graph.expanded; s++) {
    const start = graph.edgeStart[s]!;
    const end = graph.edgeStart[s + 1]!;
    targets.clear();
    for (let e = start; e < end; e++) if (groups.sets[graph.edgeGroups.at(e)!]!.includes(g)) targets.add(graph.edgeTarget.at(e)!);
    if (targets.size === 0) continue;
    for (let e = start; e < end; e++) if (targets.has(graph.edgeTarget.at(e)!)) marked[e] = 1;
  }
  return marked;
}
