import type { ComponentFinder, Subgraph } from './scc.js';

/** A component's verdict: fair, unfair, or an SF group enabled in it but never taken (refine on it). */
export type ComponentJudgement = 'fair' | 'unfair' | number;

/**
 * The strongly connected components of `sub` that `judge` finds fair, with the
 * Emerson-Lei refinement for strong fairness: a component where an SF group is
 * enabled but never taken loses the nodes where that group is enabled, and what
 * is left is split and judged again. Used by the fixed-form search (fair-cycle.ts)
 * and the LTL product search (ltl/accepting-cycle.ts). Returns the labels of the
 * fair components; `sub.member` then holds each node's label (0: dropped).
 */
export function fairComponents(
  finder: ComponentFinder,
  sub: Subgraph,
  nodes: Iterable<number>,
  judge: (component: Int32Array, label: number) => ComponentJudgement,
  enabledAt: (node: number, group: number) => boolean,
): Set<number> {
  const member = sub.member;
  const fair = new Set<number>();
  // Components are judged as Tarjan emits them (relabelling finished nodes does not
  // disturb the run); only refinements wait, since the finder runs one search at a time.
  const refinements: { label: number; nodes: number[] }[] = [];
  let nextLabel = sub.label + 1;
  const handle = (component: Int32Array) => {
    const label = nextLabel++;
    for (const n of component) member[n] = label;
    const verdict = judge(component, label);
    if (verdict === 'fair') return void fair.add(label);
    if (verdict === 'unfair') {
      for (const n of component) member[n] = 0;
      return;
    }
    const refined = nextLabel++;
    const kept: number[] = [];
    for (const n of component) {
      if (enabledAt(n, verdict)) member[n] = 0;
      else (member[n] = refined), kept.push(n);
    }
    refinements.push({ label: refined, nodes: kept });
  };
  finder.run(sub, nodes, handle);
  while (refinements.length > 0) {
    const next = refinements.pop()!;
    finder.run({ ...sub, label: next.label }, next.nodes, handle);
  }
  return fair;
}
