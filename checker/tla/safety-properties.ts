import type { StatePredicate, StepPredicate, TemporalFormula } from '../../spec/temporal.js';
import type { TlaStateGraph } from './search.js';
import type { TlaState } from './temporal.js';

/**
 * A PROPERTY that only says what must hold of the initial states, of every
 * state (`[]P`) and of every step (`[][A]_v`): TLC's implied inits, invariants
 * and implied actions. TLC checks these on the states and steps it finds,
 * without the specification's fairness (a bad finite prefix is a violation
 * whatever follows it), and so does Vigil: on the recorded graph, without
 * evaluating ENABLED or any fairness condition on it, which would cost more
 * than the property itself.
 */
export interface SafetyParts {
  readonly initial: StatePredicate<TlaState>[];
  readonly always: StatePredicate<TlaState>[];
  /** The steps that violate a `[][A]_v` (the translator's `<<~A>>_v`). */
  readonly badSteps: StepPredicate<TlaState>[];
}

/** The safety parts of a translated property, or null when any part of it is not one. */
export function safetyParts(property: TemporalFormula<TlaState>): SafetyParts | null {
  const parts: SafetyParts = { initial: [], always: [], badSteps: [] };
  return collect(property, false, parts) ? parts : null;
}

function collect(f: TemporalFormula<TlaState>, underAlways: boolean, into: SafetyParts): boolean {
  switch (f.kind) {
    case 'and':
      return f.parts.every((part) => collect(part, underAlways, into));
    case 'predicate':
      (underAlways ? into.always : into.initial).push(f.p);
      return true;
    case 'always':
      into.always.push(f.p);
      return true;
    case 'alwaysFormula':
      return collect(f.f, true, into);
    case 'not':
      // [][A]_v is translated as []~<<~A>>_v.
      if (!underAlways || f.f.kind !== 'stepWhere') return false;
      into.badSteps.push(f.f.holds);
      return true;
    default:
      return false;
  }
}

/**
 * A violation found on the graph: which kind of part (a predicate of the
 * initial state, a `[]P`, a `[][A]_v`), and the states from an initial one to
 * the bad one (the last), by their indices; for a step, the successor actually
 * generated (under SYMMETRY or VIEW the last index is its representative).
 */
export type SafetyViolation = { readonly part: 'initial' | 'always' | 'step'; readonly path: number[]; readonly lastState?: TlaState };

/**
 * The violation of `parts` TLC's search would meet first, with the shortest
 * path to it: a bad initial state first; else the bad state or bad step whose
 * discovery comes first in BFS order (a state is met when its parent is
 * expanded, a step when its source is; at the same source, the state). Null
 * when every part holds. `checkLimits` is called with each state or edge
 * number (the run's time budget and stop request).
 */
export function findSafetyViolation(parts: SafetyParts, graph: TlaStateGraph, checkLimits: (done: number) => void): SafetyViolation | null {
  const { states, initialStates, edgeFrom, edgeTo } = graph;
  for (let s = 0; s < initialStates; s++) {
    for (const p of parts.initial) if (!p(states[s]!)) return { part: 'initial', path: [s] };
    for (const p of parts.always) if (!p(states[s]!)) return { part: 'always', path: [s] };
  }
  let badState = -1;
  if (parts.always.length > 0) {
    for (let s = initialStates; s < states.length && badState < 0; s++) {
      checkLimits(s);
      for (const p of parts.always) {
        if (!p(states[s]!)) {
          badState = s;
          break;
        }
      }
    }
  }
  const parents = graph.parents;
  // A bad step counts only when its source is expanded before the bad state's parent.
  const before = badState >= 0 ? parents[badState]! : states.length;
  for (let e = 0; e < edgeTo.length && parts.badSteps.length > 0 && edgeFrom[e]! < before; e++) {
    checkLimits(e);
    const from = states[edgeFrom[e]!]!;
    const to = graph.edgeSuccessor?.[e] ?? states[edgeTo[e]!]!;
    for (const bad of parts.badSteps) {
      if (bad(from, to)) return { part: 'step', path: [...pathTo(parents, edgeFrom[e]!), edgeTo[e]!], lastState: to };
    }
  }
  return badState >= 0 ? { part: 'always', path: pathTo(parents, badState) } : null;
}

/** The states from an initial one to `target`, along the BFS parents. */
function pathTo(parents: readonly number[], target: number): number[] {
  const path = [target];
  for (let s = parents[target]!; s >= 0; s = parents[s]!) path.push(s);
  return path.reverse();
}
