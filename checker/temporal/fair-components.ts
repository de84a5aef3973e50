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
  const work: Int32Array[] = [];
  let nextLabel = sub.label + 1;
  finder.run(sub, nodes, (c) => work.push(c));
  while (work.length > 0) {
    const component = work.pop()!;
    const label = nextLabel++;
    for (const n of component) member[n] = label;
    const verdict = judge(component, label);
    if (verdict === 'fair') {
      fair.add(label);
      continue;
    }
    if (verdict === 'unfair') {
      for (const n of component) member[n] = 0;
      continue;
    }
    const refined = nextLabel++;
    const kept: number[] = [];
    for (const n of component) {
      if (enabledAt(n, verdict)) member[n] = 0;
      else (member[n] = refined), kept.push(n);
    }
    finder.run({ ...sub, label: refined }, kept, (c) => work.push(c));
  }
  return fair;
}
