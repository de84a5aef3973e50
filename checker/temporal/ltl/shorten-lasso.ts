import type { LassoPath } from '../fair-cycle.js';
import type { FairnessGroups } from '../fairness-groups.js';
import type { LivenessGraph } from '../liveness-graph.js';

/** Lassos longer than this are kept as found (the candidates grow with the square of the length). */
const MAX_SHORTENED = 64;

/**
 * A shorter counterexample along the one found, when there is one. The product
 * search closes its cycle at the same automaton node, which can make the loop
 * longer than the behaviour needs (on a ring 0 1 2 3 the violation of `~<>(n = 2)`
 * comes out as 0 1 2 3 0 1 2 back to 3, where 0 1 2 3 back to 0 will do). This
 * tries each prefix of the found path, shortest first, closed by a step back to
 * one of its states (or by stuttering), and keeps the first that `search` still
 * finds a fair violation on. Each candidate is a small graph of the lasso's
 * positions, so the check is the same product search, not a second semantics.
 */
export function shortenLasso(
  graph: LivenessGraph,
  groups: FairnessGroups,
  lasso: LassoPath,
  search: (candidate: LivenessGraph) => LassoPath | null,
): LassoPath {
  const edges = [...lasso.prefix, ...(lasso.cycle ?? [])];
  const last = lasso.cycle !== null && lasso.cycle.length > 0 ? edges.length - 1 : edges.length;
  if (last > MAX_SHORTENED) return lasso;
  // positions[k]: the state at position k; steps[k]: the edge from position k to k + 1.
  const positions = [lasso.initial, ...edges.map((e) => graph.edgeTarget.at(e)!)].slice(0, last + 1);
  for (let end = 0; end <= last; end++) {
    for (let back = 0; back <= end; back++) {
      const closing = back === end ? -1 : edgeBetween(graph, positions[end]!, positions[back]!);
      if (back < end && closing < 0) continue;
      const steps = [...edges.slice(0, end), ...(closing >= 0 ? [closing] : [])];
      const candidate = positionGraph(graph, groups, positions.slice(0, end + 1), steps, back);
      const found = search(candidate);
      if (!found) continue;
      // The candidate has one infinite path: a violation on it either stutters somewhere or is the candidate itself.
      if (found.cycle !== null && found.cycle.length === 0) return { initial: lasso.initial, prefix: found.prefix.map((e) => steps[e]!), cycle: [] };
      return { initial: lasso.initial, prefix: steps.slice(0, back), cycle: steps.slice(back) };
    }
  }
  return lasso;
}

/** An edge from state s to state t, or -1. */
function edgeBetween(graph: LivenessGraph, s: number, t: number): number {
  for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) if (graph.edgeTarget.at(e) === t) return e;
  return -1;
}

/**
 * The graph whose nodes are the lasso's positions: position k steps to k + 1, the
 * last position steps back to `back` (when `steps` has the closing edge). Each
 * position carries its state's predicate bits and enabled groups; each step, the
 * groups of every edge between the same two states (`<<A>>_vars` is a property
 * of the pair) and its step predicate bits. Edge k of this graph is `steps[k]`.
 */
function positionGraph(graph: LivenessGraph, groups: FairnessGroups, positions: readonly number[], steps: readonly number[], back: number): LivenessGraph {
  const count = positions.length;
  const edgeStart = Int32Array.from({ length: count + 1 }, (_, k) => Math.min(k, steps.length));
  const edgeTarget = Int32Array.from(steps, (_, k) => (k + 1 < count ? k + 1 : back));
  const predicateBits = graph.predicateBits.map((bits) => {
    const column = new Uint32Array(Math.ceil(count / 32));
    positions.forEach((s, k) => {
      if ((bits[s >>> 5]! & (1 << (s & 31))) !== 0) column[k >>> 5]! |= 1 << (k & 31);
    });
    return column;
  });
  const stepWords = graph.stepPredicateWords;
  const stepPredicateBits = new Uint32Array(steps.length * stepWords);
  steps.forEach((e, k) => stepPredicateBits.set(graph.stepPredicateBits.subarray(e * stepWords, (e + 1) * stepWords), k * stepWords));
  const pairGroups = (e: number, from: number) => {
    const sets: number[] = [];
    for (let f = graph.edgeStart[from]!; f < graph.edgeStart[from + 1]!; f++) if (graph.edgeTarget.at(f) === graph.edgeTarget.at(e)) sets.push(graph.edgeGroups.at(f)!);
    return groups.union(sets);
  };
  return {
    ...graph,
    states: count,
    edges: steps.length,
    expanded: count,
    edgeStart,
    edgeTarget,
    edgePosition: Uint16Array.from(steps, (e) => graph.edgePosition.at(e)!),
    edgeGroups: Uint16Array.from(steps, (e, k) => pairGroups(e, positions[k]!)),
    enabledGroups: Uint16Array.from(positions, (s) => graph.enabledGroups[s]!),
    predicateBits,
    stepPredicateBits,
    initialIndex: Int32Array.of(graph.initialIndex[positions[0]!]!),
  };
}
