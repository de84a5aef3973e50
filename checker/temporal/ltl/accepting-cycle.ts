import type { LassoPath } from '../fair-cycle.js';
import type { FairnessGroups } from '../fairness-groups.js';
import type { LivenessGraph } from '../liveness-graph.js';
import { fairComponents, type ComponentJudgement } from '../fair-components.js';
import { ComponentFinder, edgeSource, type Subgraph } from '../scc.js';
import type { Product } from './product.js';
import type { Automaton } from './tableau.js';

/**
 * Searches the product for a fair accepting cycle, as TLC's liveness checker does
 * on its tableau product: strongly connected components (a single node counts
 * only with a self-loop), each one judged on the automaton's acceptance sets and
 * on the model's fairness, with the Emerson-Lei refinement for strong fairness
 * (drop the nodes where an untaken SF group is enabled, split again). Then the
 * shortest path from an initial node to a fair component and a cycle through it
 * meeting every obligation, returned as graph edges for the trace code.
 */
export class AcceptingCycleSearch {
  private readonly member: Int32Array;
  private readonly finder: ComponentFinder;
  private readonly groupCount: number;
  private readonly fullAcceptance: number;
  /** Scratch per fairness group for judging a component. */
  private readonly taken: Uint8Array;
  private readonly enabledCount: Int32Array;

  constructor(
    private readonly graph: LivenessGraph,
    private readonly groups: FairnessGroups,
    private readonly automaton: Automaton,
    private readonly product: Product,
  ) {
    this.member = new Int32Array(product.nodes).fill(1);
    this.finder = new ComponentFinder(product.nodes);
    this.groupCount = groups.groups.length;
    this.taken = new Uint8Array(this.groupCount);
    this.enabledCount = new Int32Array(this.groupCount);
    this.fullAcceptance = automaton.acceptanceSets === 0 ? 0 : 2 ** automaton.acceptanceSets - 1;
  }

  find(): LassoPath | null {
    const fair = this.fairComponents();
    if (fair.size === 0) return null;
    const prefix = this.prefixTo(fair);
    this.preferStuttering(prefix, fair);
    const entry = prefix[prefix.length - 1]!.node;
    const cycle = this.cycleThrough(entry);
    const product = this.product;
    const realEdges = (steps: readonly Step[]) => steps.flatMap((step) => (step.via >= 0 ? [step.via] : []));
    return {
      initial: product.state[prefix[0]!.node]!,
      prefix: realEdges(prefix),
      cycle: product.stuttering[entry] === 1 ? [] : realEdges(cycle),
    };
  }

  private subgraph(label: number): Subgraph {
    return { graph: this.product, member: this.member, label, edgeAllowed: () => true };
  }

  private fairComponents(): Set<number> {
    const all = Array.from({ length: this.product.nodes }, (_, n) => n);
    return fairComponents(
      this.finder,
      this.subgraph(1),
      all,
      (component, label) => this.judge(component, label),
      (n, g) => this.enabledAt(n, g),
    );
  }

  /** 'fair', 'unfair', or an SF group enabled somewhere in the component and never taken there. */
  private judge(component: Int32Array, label: number): ComponentJudgement {
    // Most components are single nodes without a cycle: decide those before counting groups.
    if (!this.cyclic(component, label) || (this.acceptance(component) & this.fullAcceptance) !== this.fullAcceptance) return 'unfair';
    const product = this.product;
    const { taken, enabledCount } = this;
    taken.fill(0);
    enabledCount.fill(0);
    for (const n of component) {
      for (const g of this.enabledGroups(n)) enabledCount[g]!++;
      for (let e = product.edgeStart[n]!; e < product.edgeStart[n + 1]!; e++) {
        const via = product.edgeVia[e]!;
        if (via < 0 || this.member[product.edgeTarget[e]!] !== label) continue;
        for (const g of this.groups.sets[this.graph.edgeGroups.at(via)!]!) taken[g] = 1;
      }
    }
    let refineOn = -1;
    for (let g = 0; g < this.groupCount; g++) {
      const kind = this.groups.groups[g]!.kind;
      if (taken[g]) continue;
      if (kind === 'WF' && enabledCount[g] === component.length) return 'unfair';
      if (kind === 'SF' && enabledCount[g]! > 0 && refineOn === -1) refineOn = g;
    }
    return refineOn === -1 ? 'fair' : refineOn;
  }

  /** A component is a cycle when it has two nodes or more, or one with a self-loop. */
  private cyclic(component: Int32Array, label: number): boolean {
    if (component.length > 1) return true;
    const n = component[0]!;
    const product = this.product;
    for (let e = product.edgeStart[n]!; e < product.edgeStart[n + 1]!; e++) if (product.edgeTarget[e] === n && this.member[n] === label) return true;
    return false;
  }

  private acceptance(component: Int32Array): number {
    let accepting = 0;
    for (const n of component) accepting |= this.automaton.nodes[this.product.automatonNode[n]!]!.accepting;
    return accepting;
  }

  private enabledGroups(n: number): readonly number[] {
    return this.groups.sets[this.graph.enabledGroups[this.product.state[n]!]!]!;
  }

  private enabledAt(n: number, g: number): boolean {
    return this.enabledGroups(n).includes(g);
  }

  private takes(e: number, g: number): boolean {
    const via = this.product.edgeVia[e]!;
    return via >= 0 && this.groups.sets[this.graph.edgeGroups.at(via)!]!.includes(g);
  }

  /** Shortest path (BFS over product edges) from an initial node to a node of a fair component. */
  private prefixTo(fair: Set<number>): Step[] {
    const found = this.breadthFirst(this.product.initial, () => true, (n) => fair.has(this.member[n]!), null, false);
    if (!found) throw new Error('internal error: a fair accepting component was found but no path reaches it');
    return found;
  }

  /**
   * When the behaviour found can stutter for ever where it enters its cycle, it
   * does: the lasso then ends there ("Stuttering") instead of going round a cycle.
   */
  private preferStuttering(prefix: Step[], fair: Set<number>): void {
    const product = this.product;
    const entry = prefix[prefix.length - 1]!.node;
    if (product.stuttering[entry] === 1) return;
    for (let e = product.edgeStart[entry]!; e < product.edgeStart[entry + 1]!; e++) {
      const t = product.edgeTarget[e]!;
      if (product.edgeVia[e] === -1 && fair.has(this.member[t]!)) return void prefix.push({ node: t, edge: e, via: -1 });
    }
  }

  /**
   * A cycle from `entry` through its component meeting every obligation: each
   * acceptance set; for each WF group enabled somewhere, a node where it is
   * disabled or else a step taking it; for each SF group enabled somewhere, a
   * step taking it. At least one step (a stuttering step in the stuttering layer).
   */
  private cycleThrough(entry: number): Step[] {
    const label = this.member[entry]!;
    const product = this.product;
    const component: number[] = [];
    for (let n = 0; n < product.nodes; n++) if (this.member[n] === label) component.push(n);
    type Goal = { node?: (n: number) => boolean; edge?: (e: number) => boolean };
    const goals: Goal[] = [];
    for (let i = 0; i < this.automaton.acceptanceSets; i++) goals.push({ node: (n) => (this.automaton.nodes[product.automatonNode[n]!]!.accepting & (1 << i)) !== 0 });
    for (let g = 0; g < this.groupCount; g++) {
      const kind = this.groups.groups[g]!.kind;
      if (kind === 'action' || !component.some((n) => this.enabledAt(n, g))) continue;
      if (kind === 'WF' && component.some((n) => !this.enabledAt(n, g))) goals.push({ node: (n) => !this.enabledAt(n, g) });
      else goals.push({ edge: (e) => this.takes(e, g) });
    }
    const inside = (n: number) => this.member[n] === label;
    const cycle: Step[] = [];
    const visited = [entry];
    let at = entry;
    for (const goal of goals) {
      if (goal.node && visited.some(goal.node)) continue;
      if (goal.edge && cycle.some((step) => goal.edge!(step.edge))) continue;
      const path = this.within(at, inside, goal.node ?? (() => false), goal.edge ?? null);
      cycle.push(...path);
      visited.push(...path.map((step) => step.node));
      at = visited[visited.length - 1]!;
    }
    if (at !== entry || cycle.length === 0) cycle.push(...this.within(at, inside, (n) => n === entry, null));
    return cycle;
  }

  /** The steps of a path inside the component from `from`, leaving it at least once. */
  private within(from: number, inside: (n: number) => boolean, goalNode: (n: number) => boolean, goalEdge: ((e: number) => boolean) | null): Step[] {
    const path = this.breadthFirst([from], inside, goalNode, goalEdge, true);
    if (!path) throw new Error('internal error: an obligation cannot be met inside its accepting component');
    return path.slice(1);
  }

  /**
   * Shortest path from `starts` through nodes accepted by `allowed`, to a node
   * satisfying `goalNode` (not a start itself when `leave`) or through an edge
   * satisfying `goalEdge`. A stuttering step costs nothing (it adds no state to
   * the trace), so this is a 0-1 breadth-first search. Returns the steps, the
   * first being a start (edge -1).
   */
  private breadthFirst(starts: readonly number[], allowed: (n: number) => boolean, goalNode: (n: number) => boolean, goalEdge: ((e: number) => boolean) | null, leave: boolean): Step[] | null {
    const product = this.product;
    const distance = new Map<number, number>();
    const parentEdge = new Map<number, number>();
    const done = new Set<number>();
    const startSet = new Set(starts);
    const front: number[] = [];
    const back: number[] = [];
    let head = 0;
    for (const n of startSet) distance.set(n, 0), parentEdge.set(n, -1), back.push(n);
    const unwind = (n: number, last: number | null): Step[] => {
      const steps: Step[] = last === null ? [] : [{ node: product.edgeTarget[last]!, edge: last, via: product.edgeVia[last]! }];
      for (let at = n; ; ) {
        const e = parentEdge.get(at)!;
        if (e < 0) {
          steps.push({ node: at, edge: -1, via: -1 });
          break;
        }
        steps.push({ node: at, edge: e, via: product.edgeVia[e]! });
        at = this.sourceOf(e);
      }
      return steps.reverse();
    };
    while (front.length > 0 || head < back.length) {
      const n = front.length > 0 ? front.pop()! : back[head++]!;
      if (done.has(n)) continue;
      done.add(n);
      if (goalNode(n) && !(leave && startSet.has(n))) return unwind(n, null);
      const d = distance.get(n)!;
      for (let e = product.edgeStart[n]!; e < product.edgeStart[n + 1]!; e++) {
        const t = product.edgeTarget[e]!;
        if (!allowed(t)) continue;
        if (goalEdge?.(e) || (leave && startSet.has(t) && goalNode(t))) return unwind(n, e);
        const weight = product.edgeVia[e] === -1 ? 0 : 1;
        const known = distance.get(t);
        if (known !== undefined && known <= d + weight) continue;
        distance.set(t, d + weight);
        parentEdge.set(t, e);
        if (weight === 0) front.push(t);
        else back.push(t);
      }
    }
    return null;
  }

  /** The source node of edge `e`. */
  private sourceOf(e: number): number {
    return edgeSource(this.product.edgeStart, this.product.nodes, e);
  }

}

/** One step of a product path: the node reached, the product edge taken (-1 at a start) and its graph edge (-1: stuttering). */
interface Step {
  readonly node: number;
  readonly edge: number;
  readonly via: number;
}
