import type { FairnessGroups } from '../fairness-groups.js';
import { int32s } from '../growable.js';
import { OrdinalTable } from '../ordinal-table.js';
import { pairStepsOf } from '../pair-steps.js';
import { predicateHolds, stepPredicateHolds, type LivenessGraph } from '../liveness-graph.js';
import type { Atom } from './normal-form.js';
import type { Automaton } from './tableau.js';

/**
 * The product of the state graph with the tableau automaton of the negated
 * property, built from the initial states outwards. A node pairs a state with an
 * automaton node, in one of two layers:
 *
 *   - moving: the behaviour still takes real steps (graph edges);
 *   - stuttering: the behaviour stays in its state for ever (TLA+ lets every
 *     behaviour end that way); entered by a stuttering step, never left.
 *
 * Finite stuttering in the middle of a behaviour is not represented: every
 * formula the DSL can build is invariant under stuttering (steps predicates are
 * false on stuttering steps and there is no next operator), so a violating
 * behaviour without it exists whenever one with it does. That keeps every lasso
 * printable as TLC prints them: a path, then a real cycle or "Stuttering".
 *
 * A node (s, q) exists only when q's state literals hold in s; an edge to (t, q')
 * exists when q' follows q, q's step literals hold on the step s -> t and q''s
 * state literals hold in t. States beyond a depth bound get no edges (they are
 * left out of cycles, as in the fixed-form checks).
 */
export interface Product {
  readonly nodes: number;
  readonly state: Int32Array;
  readonly automatonNode: Int32Array;
  readonly stuttering: Uint8Array;
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  /** The graph edge a product edge follows, or -1 for a stuttering step. */
  readonly edgeVia: Int32Array;
  readonly initial: readonly number[];
}

export function buildProduct(graph: LivenessGraph, groups: FairnessGroups, automaton: Automaton, atoms: readonly Atom[]): Product {
  return new ProductBuilder(graph, groups, automaton, atoms).run();
}

class ProductBuilder {
  /** (state, automaton node * 2 + layer) -> product node. */
  private readonly ids = new OrdinalTable();
  private readonly state = int32s();
  private readonly automatonNode = int32s();
  private readonly stuttering: number[] = [];
  private readonly edgeStart = int32s();
  private readonly edgeTarget = int32s();
  private readonly edgeVia = int32s();
  /** Per automaton node: its state literals and step literals, and whether a stuttering step satisfies it. */
  private readonly stateLiterals: { atom: Atom; negate: boolean }[][];
  private readonly stepLiterals: { atom: Atom; negate: boolean }[][];
  private readonly stutterAllowed: boolean[];
  /** Per `taken(A)` atom: which edges are steps of A. */
  private readonly actionSteps = new Map<string, Uint8Array>();

  constructor(
    private readonly graph: LivenessGraph,
    groups: FairnessGroups,
    private readonly automaton: Automaton,
    atoms: readonly Atom[],
  ) {
    const resolved = automaton.nodes.map((node) => node.literals.map((l) => ({ atom: atoms[l.atom]!, negate: l.negate })));
    this.stateLiterals = resolved.map((ls) => ls.filter((l) => l.atom.kind === 'state'));
    this.stepLiterals = resolved.map((ls) => ls.filter((l) => l.atom.kind !== 'state'));
    // On a stuttering step every step atom is false: only negated step literals hold.
    this.stutterAllowed = this.stepLiterals.map((ls) => ls.every((l) => l.negate));
    for (const atom of atoms) if (atom.kind === 'taken') this.actionSteps.set(atom.action, pairStepsOf(graph, groups, groups.actionGroup(atom.action)));
  }

  run(): Product {
    const initial: number[] = [];
    for (let s = 0; s < this.graph.initialIndex.length; s++) {
      for (const q of this.automaton.initial) if (this.stateHolds(q, s)) initial.push(this.node(s, q, 0));
    }
    for (let n = 0; n < this.state.length; n++) this.expand(n);
    this.edgeStart.push(this.edgeTarget.length);
    return {
      nodes: this.state.length,
      state: this.state.done(),
      automatonNode: this.automatonNode.done(),
      stuttering: Uint8Array.from(this.stuttering),
      edgeStart: this.edgeStart.done(),
      edgeTarget: this.edgeTarget.done(),
      edgeVia: this.edgeVia.done(),
      initial: [...new Set(initial)],
    };
  }

  private expand(n: number): void {
    const graph = this.graph;
    this.edgeStart.push(this.edgeTarget.length);
    const s = this.state.array[n]!;
    const q = this.automatonNode.array[n]!;
    if (s >= graph.expanded) return;
    const successors = this.automaton.nodes[q]!.successors;
    if (this.stuttering[n] === 0) {
      for (let e = graph.edgeStart[s]!; e < graph.edgeStart[s + 1]!; e++) {
        if (!this.stepHolds(q, e)) continue;
        const t = graph.edgeTarget.at(e)!;
        for (const next of successors) if (this.stateHolds(next, t)) this.edge(this.node(t, next, 0), e);
      }
    }
    if (!this.stutterAllowed[q]) return;
    for (const next of successors) if (this.stateHolds(next, s)) this.edge(this.node(s, next, 1), -1);
  }

  private edge(target: number, via: number): void {
    this.edgeTarget.push(target);
    this.edgeVia.push(via);
  }

  private node(s: number, q: number, stuttering: 0 | 1): number {
    const id = this.state.length;
    const known = this.ids.findOrInsert(s, q * 2 + stuttering, id);
    if (known >= 0) return known;
    this.state.push(s);
    this.automatonNode.push(q);
    this.stuttering.push(stuttering);
    return id;
  }

  private stateHolds(q: number, s: number): boolean {
    for (const l of this.stateLiterals[q]!) if (predicateHolds(this.graph, s, (l.atom as { predicate: number }).predicate) === l.negate) return false;
    return true;
  }

  private stepHolds(q: number, e: number): boolean {
    for (const l of this.stepLiterals[q]!) if (this.stepAtom(l.atom, e) === l.negate) return false;
    return true;
  }

  /** A step atom on the step s -> target(e) (`taken(A)` as a property of the pair, see pair-steps.ts). */
  private stepAtom(atom: Atom, e: number): boolean {
    if (atom.kind === 'step') return stepPredicateHolds(this.graph, e, atom.predicate);
    return this.actionSteps.get((atom as { action: string }).action)![e] === 1;
  }
}
