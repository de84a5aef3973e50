import type { FairnessGroups } from './fairness-groups.js';
import { predicateHolds, type LivenessGraph } from './liveness-graph.js';
import type { Literal, TemporalCheck } from './property-plan.js';
import { fairComponents } from './fair-components.js';
import { pairStepsOf } from './pair-steps.js';
import { ComponentFinder, edgeSource, type Subgraph } from './scc.js';

/**
 * A violating behaviour: a path from an initial state to `entry` (edge ids), then
 * a cycle of edges back to `entry`; an empty cycle means the behaviour stutters at
 * `entry` for ever. For a `[]P` check the cycle is null (a finite trace).
 */
export interface LassoPath {
  readonly initial: number;
  readonly prefix: readonly number[];
  readonly cycle: readonly number[] | null;
}

/**
 * Searches the graph for a behaviour violating one check under the fairness
 * groups: the states of the violating region, their SCCs, fairness with the
 * Emerson-Lei refinement for strong fairness (drop the states where an untaken SF
 * group is enabled and split again), then a shortest prefix to the nearest fair
 * component and a cycle through it that meets every fairness obligation.
 */
export class FairCycleSearch {
  private readonly masks: Uint32Array[];
  private readonly words: number;
  private readonly finder: ComponentFinder;
  private readonly member: Int32Array;
  private readonly initialStates: number;
  private readonly judgeScratch: { taken: Uint32Array; someEnabled: Uint32Array; allEnabled: Uint32Array };

  constructor(
    private readonly graph: LivenessGraph,
    private readonly groups: FairnessGroups,
  ) {
    this.words = Math.max(1, Math.ceil(groups.groups.length / 32));
    this.masks = groups.sets.map((set) => {
      const mask = new Uint32Array(this.words);
      for (const g of set) mask[g >>> 5]! |= 1 << (g & 31);
      return mask;
    });
    this.finder = new ComponentFinder(graph.states);
    this.member = new Int32Array(graph.states);
    this.initialStates = graph.initialIndex.length;
    this.judgeScratch = { taken: new Uint32Array(this.words), someEnabled: new Uint32Array(this.words), allEnabled: new Uint32Array(this.words) };
  }

  find(check: TemporalCheck): LassoPath | null {
    return check.safety ? this.findBadState(check) : this.findFairCycle(check);
  }

  private holds(s: number, literal: Literal | null): boolean {
    return literal === null || predicateHolds(this.graph, s, literal.predicate) !== literal.negate;
  }

  private hasGroup(setId: number, g: number): boolean {
    return (this.masks[setId]![g >>> 5]! & (1 << (g & 31))) !== 0;
  }

  /** `[]P`: the shortest path to a reachable state violating P. */
  private findBadState(check: TemporalCheck): LassoPath | null {
    const starts = this.starts(check);
    const found = this.shortestPath(starts, (s) => !this.holds(s, check.filter), () => true);
    return found && { initial: found.initial, prefix: found.edges, cycle: null };
  }

  private starts(check: TemporalCheck): number[] {
    const starts: number[] = [];
    for (let s = 0; s < this.initialStates; s++) if (this.holds(s, check.initially)) starts.push(s);
    return starts;
  }

  private findFairCycle(check: TemporalCheck): LassoPath | null {
    const graph = this.graph;
    const excluded = check.withoutAction === null ? -1 : this.groups.actionGroup(check.withoutAction);
    const excludedSteps = excluded < 0 ? null : pairStepsOf(graph, this.groups, excluded);
    const edgeAllowed = excludedSteps === null ? () => true : (e: number) => excludedSteps[e] === 0;
    const inFilter = (s: number) => this.holds(s, check.filter);
    const isSeed = (s: number) => inFilter(s) && (check.seed === null || check.seed.every((l) => this.holds(s, l)));
    const starts = this.starts(check);
    // States a violating behaviour can reach before entering the region.
    const reachable = check.seedAtStart ? null : this.reachableFrom(starts, () => true);
    const seeds: number[] = [];
    if (check.seedAtStart) for (const s of starts) if (isSeed(s)) seeds.push(s);
    if (!check.seedAtStart) for (let s = 0; s < graph.states; s++) if (reachable![s] && isSeed(s)) seeds.push(s);
    const region = this.reachableFrom(seeds, inFilter);
    const member = this.member;
    member.fill(0);
    const nodes: number[] = [];
    for (let s = 0; s < graph.expanded; s++) if (region[s]) (member[s] = 1), nodes.push(s);
    const fair = this.fairComponents({ graph, member, label: 1, edgeAllowed }, nodes, check);
    if (fair.size === 0) return null;
    const prefix = this.prefixTo(check, starts, isSeed, region, fair);
    const entry = prefix.end;
    const cycle = this.cycleThrough(entry, check, edgeAllowed);
    return { initial: prefix.initial, prefix: prefix.edges, cycle };
  }

  /** Labels of the fair components (member[s] holds each state's label). */
  private fairComponents(sub: Subgraph, nodes: number[], check: TemporalCheck): Set<number> {
    const enabledAt = (s: number, g: number) => this.hasGroup(this.graph.enabledGroups[s]!, g);
    return fairComponents(this.finder, sub, nodes, (component, label) => this.judge(component, label, check, sub.edgeAllowed), enabledAt);
  }

  /** 'fair', 'unfair', or an SF group that is enabled somewhere in the component but never taken. */
  private judge(component: Int32Array, label: number, check: TemporalCheck, edgeAllowed: (e: number) => boolean): 'fair' | 'unfair' | number {
    const graph = this.graph;
    if (check.accepting !== null && !component.some((s) => this.holds(s, check.accepting))) return 'unfair';
    // Every state is a component of its own at least: reused scratch, not three arrays per component.
    const { taken, someEnabled, allEnabled } = this.judgeScratch;
    taken.fill(0);
    someEnabled.fill(0);
    allEnabled.fill(0xffffffff);
    for (const s of component) {
      const enabled = this.masks[graph.enabledGroups[s]!]!;
      for (let w = 0; w < this.words; w++) {
        someEnabled[w]! |= enabled[w]!;
        allEnabled[w]! &= enabled[w]!;
      }
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        if (this.member[graph.edgeTarget.at(e)!] !== label || !edgeAllowed(e)) continue;
        const mask = this.masks[graph.edgeGroups.at(e)!]!;
        for (let w = 0; w < this.words; w++) taken[w]! |= mask[w]!;
      }
    }
    const bit = (mask: Uint32Array, g: number) => (mask[g >>> 5]! & (1 << (g & 31))) !== 0;
    let refineOn = -1;
    const groups = this.groups.groups;
    for (let g = 0; g < groups.length; g++) {
      if (bit(taken, g)) continue;
      const kind = groups[g]!.kind;
      if (kind === 'WF' && bit(allEnabled, g)) refineOn = -2;
      if (kind === 'SF' && bit(someEnabled, g) && refineOn === -1) refineOn = g;
    }
    return refineOn === -2 ? 'unfair' : refineOn === -1 ? 'fair' : refineOn;
  }

  /** Shortest path from the starts into a fair component, through the region from the seed on. */
  private prefixTo(check: TemporalCheck, starts: number[], isSeed: (s: number) => boolean, region: Uint8Array, fair: Set<number>) {
    const graph = this.graph;
    // Nodes are (state, phase): phase 0 before the seed, 1 inside the region.
    const parent = new Int32Array(graph.states * 2).fill(-2);
    const parentEdge = new Int32Array(graph.states * 2).fill(-1);
    const queue: number[] = [];
    const visit = (node: number, from: number, edge: number) => {
      if (parent[node] !== -2) return;
      parent[node] = from;
      parentEdge[node] = edge;
      queue.push(node);
    };
    for (const s of starts) {
      if (check.seedAtStart) {
        if (isSeed(s)) visit(s * 2 + 1, -1, -1);
      } else visit(s * 2, -1, -1);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      const s = node >>> 1;
      const phase = node & 1;
      if (phase === 1 && fair.has(this.member[s]!)) return this.unwind(node, parent, parentEdge);
      if (phase === 0 && region[s] && isSeed(s)) visit(s * 2 + 1, node, -1);
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        const t = graph.edgeTarget.at(e)!;
        if (phase === 0) visit(t * 2, node, e);
        else if (region[t]) visit(t * 2 + 1, node, e);
      }
    }
    throw new Error('internal error: a fair component was found but no path reaches it');
  }

  private unwind(node: number, parent: Int32Array, parentEdge: Int32Array): { initial: number; edges: number[]; end: number } {
    const edges: number[] = [];
    const end = node >>> 1;
    let at = node;
    while (parent[at] !== -1) {
      if (parentEdge[at]! >= 0) edges.push(parentEdge[at]!);
      at = parent[at]!;
    }
    return { initial: at >>> 1, edges: edges.reverse(), end };
  }

  /**
   * A cycle from `entry` through its fair component meeting every obligation: an
   * accepting state; for each WF group enabled at entry, a state where it is
   * disabled or a step taking it; for each SF group enabled in the component, a
   * step taking it. No edge when stuttering at entry is already fair.
   */
  private cycleThrough(entry: number, check: TemporalCheck, edgeAllowed: (e: number) => boolean): number[] {
    const graph = this.graph;
    const label = this.member[entry]!;
    const component: number[] = [];
    for (let s = 0; s < graph.states; s++) if (this.member[s] === label) component.push(s);
    const enabledAt = (s: number, g: number) => this.hasGroup(graph.enabledGroups[s]!, g);
    const takes = (e: number, g: number) => this.hasGroup(graph.edgeGroups.at(e)!, g);
    type Goal = { node?: (s: number) => boolean; edge?: (e: number) => boolean };
    const goals: Goal[] = [];
    if (check.accepting !== null) goals.push({ node: (s) => this.holds(s, check.accepting) });
    this.groups.groups.forEach((group, g) => {
      const enabledSomewhere = component.some((s) => enabledAt(s, g));
      if (!enabledSomewhere) return;
      if (group.kind === 'WF') {
        if (component.some((s) => !enabledAt(s, g))) goals.push({ node: (s) => !enabledAt(s, g) });
        else goals.push({ edge: (e) => takes(e, g) });
      }
      if (group.kind === 'SF') goals.push({ edge: (e) => takes(e, g) });
    });
    const visited = [entry];
    const cycle: number[] = [];
    let at = entry;
    for (const goal of goals) {
      if (goal.node && visited.some(goal.node)) continue;
      if (goal.edge && cycle.some(goal.edge)) continue;
      const path = this.pathWithin(at, label, edgeAllowed, goal);
      for (const e of path) {
        cycle.push(e);
        at = graph.edgeTarget.at(e)!;
        visited.push(at);
      }
    }
    // Appended one by one: spreading a path of 10^5+ edges into push() overflows the stack.
    if (at !== entry) for (const e of this.pathWithin(at, label, edgeAllowed, { node: (s) => s === entry, notStart: true })) cycle.push(e);
    return cycle;
  }

  /** Shortest path inside the component from `from` to a goal state, or through a goal edge. */
  private pathWithin(from: number, label: number, edgeAllowed: (e: number) => boolean, goal: { node?: (s: number) => boolean; edge?: (e: number) => boolean; notStart?: boolean }): number[] {
    const graph = this.graph;
    const parentEdge = new Map<number, number>([[from, -1]]);
    const queue = [from];
    const pathTo = (s: number) => {
      const edges: number[] = [];
      for (let e = parentEdge.get(s)!; e >= 0; e = parentEdge.get(this.sourceOf(e))!) edges.push(e);
      return edges.reverse();
    };
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      if (goal.node && goal.node(s) && !(goal.notStart && head === 0)) return pathTo(s);
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        const t = graph.edgeTarget.at(e)!;
        if (this.member[t] !== label || !edgeAllowed(e)) continue;
        if (goal.edge && goal.edge(e)) {
          const path = pathTo(s);
          path.push(e);
          return path;
        }
        if (!parentEdge.has(t)) {
          parentEdge.set(t, e);
          queue.push(t);
        }
      }
    }
    throw new Error('internal error: a fairness obligation cannot be met inside its component');
  }

  /** The source state of edge `e`. */
  private sourceOf(e: number): number {
    return edgeSource(this.graph.edgeStart, this.graph.states, e);
  }

  private reachableFrom(starts: readonly number[], allowed: (s: number) => boolean): Uint8Array {
    const graph = this.graph;
    const seen = new Uint8Array(graph.states);
    const queue: number[] = [];
    for (const s of starts) if (!seen[s] && allowed(s)) (seen[s] = 1), queue.push(s);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        const t = graph.edgeTarget.at(e)!;
        if (!seen[t] && allowed(t)) (seen[t] = 1), queue.push(t);
      }
    }
    return seen;
  }

  private shortestPath(starts: number[], goal: (s: number) => boolean, _allowed: (s: number) => boolean): { initial: number; edges: number[] } | null {
    const graph = this.graph;
    const parentEdge = new Int32Array(graph.states).fill(-2);
    const queue: number[] = [];
    for (const s of starts) if (parentEdge[s] === -2) (parentEdge[s] = -1), queue.push(s);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      if (goal(s)) {
        const edges: number[] = [];
        let at = s;
        while (parentEdge[at]! >= 0) {
          edges.push(parentEdge[at]!);
          at = this.sourceOf(parentEdge[at]!);
        }
        return { initial: at, edges: edges.reverse() };
      }
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        const t = graph.edgeTarget.at(e)!;
        if (parentEdge[t] === -2) (parentEdge[t] = e), queue.push(t);
      }
    }
    return null;
  }
}
