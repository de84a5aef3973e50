import type { Nnf } from './normal-form.js';
import { UnsupportedTemporalForm } from './normal-form.js';

/**
 * A generalized Büchi automaton from an LTL formula in negation normal form, by
 * the tableau construction of Gerth, Peled, Vardi and Wolper ("Simple on-the-fly
 * automatic verification of linear temporal logic", 1995). Each node carries the
 * literals that must hold at the position it reads: state literals on the state,
 * step literals on the step from it to the next state. A run is accepting when,
 * for every `F U G`, it visits infinitely often a node where that until is not
 * pending or G holds.
 */
export interface Automaton {
  readonly nodes: readonly AutomatonNode[];
  readonly initial: readonly number[];
  /** Number of acceptance sets (one per until subformula). */
  readonly acceptanceSets: number;
}

export interface AutomatonNode {
  /** Literals (atom, negate) that must hold at this node's position. */
  readonly literals: readonly { readonly atom: number; readonly negate: boolean }[];
  readonly successors: readonly number[];
  /** Bit i set: the node is in acceptance set i. */
  readonly accepting: number;
}

/** Beyond this many untils the acceptance mask would not fit in 31 bits. */
const MAX_UNTILS = 31;

interface Pending {
  incoming: Set<number>;
  fresh: Nnf[];
  old: Map<number, Nnf>;
  next: Map<number, Nnf>;
}

const INIT = -1;

export function buildAutomaton(formula: Nnf): Automaton {
  const untils = collectUntils(formula);
  if (untils.length > MAX_UNTILS) {
    throw new UnsupportedTemporalForm(`a temporal formula with ${untils.length} eventualities (<>, ~>, U): at most ${MAX_UNTILS} are supported`);
  }
  const done: { incoming: Set<number>; old: Map<number, Nnf>; next: Map<number, Nnf>; key: string }[] = [];
  const byKey = new Map<string, number>();
  const work: Pending[] = [{ incoming: new Set([INIT]), fresh: [formula], old: new Map(), next: new Map() }];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.fresh.length === 0) {
      const key = `${[...node.old.keys()].sort((a, b) => a - b).join(',')}|${[...node.next.keys()].sort((a, b) => a - b).join(',')}`;
      const known = byKey.get(key);
      if (known !== undefined) {
        for (const i of node.incoming) done[known]!.incoming.add(i);
        continue;
      }
      const id = done.length;
      byKey.set(key, id);
      done.push({ incoming: node.incoming, old: node.old, next: node.next, key });
      work.push({ incoming: new Set([id]), fresh: [...node.next.values()], old: new Map(), next: new Map() });
      continue;
    }
    const eta = node.fresh.pop()!;
    if (node.old.has(eta.id)) {
      work.push(node);
      continue;
    }
    expand(node, eta, work);
  }
  return finish(done, untils);
}

/** One step of the GPVW expansion of `eta` in `node`; pushes the resulting node(s). */
function expand(node: Pending, eta: Nnf, work: Pending[]): void {
  const copy = (extraFresh: Nnf[], extraNext: Nnf[]): Pending => {
    const next = new Map(node.next);
    for (const f of extraNext) next.set(f.id, f);
    return { incoming: new Set(node.incoming), fresh: [...node.fresh, ...extraFresh.filter((f) => !node.old.has(f.id))], old: new Map(node.old).set(eta.id, eta), next };
  };
  switch (eta.op) {
    case 'false':
      return; // contradiction: the node is dropped
    case 'true':
      node.old.set(eta.id, eta);
      work.push(node);
      return;
    case 'literal':
      for (const f of node.old.values()) if (f.op === 'literal' && f.atom === eta.atom && f.negate !== eta.negate) return;
      node.old.set(eta.id, eta);
      work.push(node);
      return;
    case 'and':
      work.push(copy([eta.a, eta.b], []));
      return;
    case 'or':
      work.push(copy([eta.a], []), copy([eta.b], []));
      return;
    case 'until':
      // a U b == b \/ (a /\ X(a U b))
      work.push(copy([eta.a], [eta]), copy([eta.b], []));
      return;
    case 'release':
      // a R b == b /\ (a \/ X(a R b))
      work.push(copy([eta.b], [eta]), copy([eta.a, eta.b], []));
      return;
  }
}

function collectUntils(formula: Nnf): Nnf[] {
  const seen = new Map<number, Nnf>();
  const visit = (f: Nnf) => {
    if (f.op === 'and' || f.op === 'or' || f.op === 'until' || f.op === 'release') {
      if (f.op === 'until') seen.set(f.id, f);
      visit(f.a);
      visit(f.b);
    }
  };
  visit(formula);
  return [...seen.values()];
}

function finish(done: { incoming: Set<number>; old: Map<number, Nnf> }[], untils: Nnf[]): Automaton {
  const successors: number[][] = done.map(() => []);
  const initial: number[] = [];
  done.forEach((node, id) => {
    for (const from of node.incoming) {
      if (from === INIT) initial.push(id);
      else successors[from]!.push(id);
    }
  });
  const nodes = done.map((node, id): AutomatonNode => {
    let accepting = 0;
    untils.forEach((u, i) => {
      if (u.op !== 'until') return;
      if (!node.old.has(u.id) || node.old.has(u.b.id)) accepting |= 1 << i;
    });
    const literals = [...node.old.values()].flatMap((f) => (f.op === 'literal' ? [{ atom: f.atom, negate: f.negate }] : []));
    return { literals, successors: successors[id]!.sort((a, b) => a - b), accepting };
  });
  return { nodes, initial: initial.sort((a, b) => a - b), acceptanceSets: untils.length };
}
