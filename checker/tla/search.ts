import type { Expr } from './ast.js';
import { TlaEvalError } from './errors.js';
import { evaluate } from './eval.js';
import type { TlaModel } from './model.js';
import type { EvalContext } from './scope.js';
import { asFunction, FcnValue, keyOf, LazyFcn, makeFcn, makeSet, ModelValue, SetValue, TupleValue, type Value } from './values.js';
import { ExitCode } from '../errors.js';
import { OrdinalTable } from '../temporal/ordinal-table.js';
import { fingerprintState, fingerprintValue, fpHi, fpLo } from './fingerprint.js';

/**
 * Breadth-first search over a TLA+ model with TLC's counts: every initial state
 * and every successor the enumerator generates counts as generated; a state
 * outside a CONSTRAINT or ACTION_CONSTRAINT is generated but not kept; depth is
 * the number of BFS levels (initial states are level 1). A state's identity is
 * its canonical key (the VIEW's, under SYMMETRY the smallest over the
 * permutations), so the counts do not depend on discovery order.
 */

export type TlaVerdict = 'ok' | 'invariant' | 'deadlock' | 'error' | 'assumption' | 'property';

export interface TlaSearchResult {
  readonly verdict: TlaVerdict;
  readonly exitCode: number;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queueLeft: number;
  /** For a violation: the states from an initial state to the bad one. */
  readonly trace: Value[][];
  readonly message: string;
  readonly violated?: string;
  /** With `recordGraph`: the reachable graph, for the temporal properties. */
  readonly graph?: TlaStateGraph;
  /** For a temporal property violation: the index in `trace` the behaviour loops back to, or -1 when it stutters at its end. */
  readonly loopBack?: number;
}

/**
 * The state graph a complete search saw: states in BFS order (the initial ones
 * first), and one edge per distinct successor of each state other than itself,
 * grouped by source in increasing order.
 */
export interface TlaStateGraph {
  readonly states: readonly Value[][];
  readonly initialStates: number;
  readonly edgeFrom: readonly number[];
  readonly edgeTo: readonly number[];
  /**
   * Under SYMMETRY or VIEW an edge leads to its target's representative: the
   * successor actually generated, per edge, for the step predicates (as TLC
   * checks actions on the real successor). Absent when every target is itself.
   */
  readonly edgeSuccessor?: readonly Value[][];
}

export interface TlaSearchOptions {
  /** Stop after this many distinct states (the run is then reported incomplete). */
  readonly maxStates?: number;
  readonly onProgress?: (distinct: number, generated: number, depth: number) => void;
  /** Keep the state graph (the temporal properties need it). */
  readonly recordGraph?: boolean;
}

export function searchTla(model: TlaModel, options: TlaSearchOptions = {}): TlaSearchResult {
  const visit = visitedSet(model);
  const states: Value[][] = [];
  const parents: number[] = [];
  const levels: number[] = [];
  let generated = 0;
  let depth = 0;
  const ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
  const holds = (expr: Expr, state: Value[], next: Value[] | null = null): boolean => {
    ctx.cur = state;
    ctx.next = next;
    const v = evaluate(expr, null, model.scope, ctx);
    if (typeof v !== 'boolean') throw new TlaEvalError(`The property ${describe(expr)} is not a boolean in this state: ${String(v)}`, expr.at);
    return v;
  };
  const traceTo = (index: number, extra?: Value[]): Value[][] => {
    const out: Value[][] = [];
    for (let i = index; i >= 0; i = parents[i]!) out.push(states[i]!);
    out.reverse();
    if (extra) out.push(extra);
    return out;
  };
  const result = (verdict: TlaVerdict, exitCode: number, message: string, trace: Value[][], queueLeft: number, violated?: string): TlaSearchResult => ({
    verdict,
    exitCode,
    distinct: states.length,
    generated,
    depth,
    queueLeft,
    trace,
    message,
    ...(violated ? { violated } : {}),
  });

  for (const a of model.spec.assumptions) {
    const v = evaluate(a.expr, null, a.scope, { cur: [], next: null, primed: false, varReads: 0 });
    if (v !== true) return result('assumption', ExitCode.assumption, `Assumption line ${a.at.line}, col ${a.at.column} of module ${model.spec.root.name} is false.`, [], 0);
  }

  /** Checks a new distinct state's invariants; returns the violated one's name. */
  const violatedInvariant = (state: Value[]): string | null => {
    for (const inv of model.invariants) if (!holds(inv.expr, state)) return inv.name;
    return null;
  };
  const inModel = (state: Value[]): boolean => model.constraints.every((c) => holds(c.expr, state));

  let pendingViolation: TlaSearchResult | null = null;
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeSuccessor: Value[][] | null = model.symmetry || model.view ? [] : null;
  let initialStates = 0;
  /**
   * The state's index. A new one is added (copied: `state` may be the
   * enumerator's reused array) and its invariants checked.
   */
  const addState = (state: Value[], parent: number, level: number): number => {
    const known = visit(state, states.length);
    if (known >= 0) return known;
    const index = states.length;
    states.push(state.slice());
    parents.push(parent);
    levels.push(level);
    if (level > depth) depth = level;
    const bad = violatedInvariant(state);
    if (bad) pendingViolation = result('invariant', ExitCode.safety, `Invariant ${bad} is violated.`, traceTo(index), 0, bad);
    return index;
  };

  try {
    model.enumerator.initStates(model.init, model.scope, (state) => {
      generated++;
      if (pendingViolation) return;
      if (!inModel(state)) return;
      addState(state, -1, 1);
    });
    if (pendingViolation) return pendingViolation;
    initialStates = states.length;
    const record = options.recordGraph === true;
    const headTargets = new Set<number>();
    for (let head = 0; head < states.length; head++) {
      const current = states[head]!;
      const level = levels[head]!;
      let successors = 0;
      model.enumerator.successors(model.next, model.scope, current, (succ) => {
        generated++;
        successors++;
        if (pendingViolation) return;
        if (!inModel(succ)) return;
        if (model.actionConstraints.length > 0 && !model.actionConstraints.every((c) => holds(c.expr, current, succ))) return;
        const target = addState(succ, head, level + 1);
        // Stuttering steps are implicit in every state; a successor seen twice is one edge
        // (under SYMMETRY or VIEW: a distinct successor actually generated is one edge).
        if (record && target !== head && (edgeSuccessor !== null || !headTargets.has(target))) {
          headTargets.add(target);
          edgeFrom.push(head);
          edgeTo.push(target);
          edgeSuccessor?.push(succ.slice());
        }
      });
      headTargets.clear();
      generated += model.enumerator.takeIntermediate();
      if (pendingViolation) {
        const v = pendingViolation as TlaSearchResult;
        return { ...v, queueLeft: states.length - head - 1 };
      }
      if (successors === 0 && model.checkDeadlock) {
        return result('deadlock', ExitCode.deadlock, 'Deadlock reached.', traceTo(head), states.length - head - 1);
      }
      if (options.onProgress && head % 10000 === 0) options.onProgress(states.length, generated, depth);
      if (options.maxStates !== undefined && states.length > options.maxStates) {
        return result('error', ExitCode.system, `Stopped after ${states.length} distinct states (--max-states): the search is incomplete.`, [], states.length - head - 1);
      }
    }
  } catch (error) {
    if (error instanceof TlaEvalError) return result('error', ExitCode.evaluation, error.message, [], 0);
    throw error;
  }
  const done = result('ok', ExitCode.ok, 'Model checking completed. No error has been found.', [], 0);
  return options.recordGraph ? { ...done, graph: { states, initialStates, edgeFrom, edgeTo, ...(edgeSuccessor ? { edgeSuccessor } : {}) } } : done;
}

function describe(e: Expr): string {
  return e.k === 'app' ? e.name : 'expression';
}

/**
 * The visited set: `visit(state, index)` returns the index the state was first
 * seen with, or -1 after recording it under `index` (a new state). A state is
 * identified by the 64-bit fingerprint of its values (of its VIEW's); under
 * SYMMETRY by the smallest canonical key over the permutations.
 */
export function visitedSet(model: TlaModel): (state: Value[], index: number) => number {
  if (model.symmetry) {
    const keyer = stateKeyer(model);
    const seen = new Map<string, number>();
    return (state, index) => {
      const key = keyer(state);
      const known = seen.get(key);
      if (known !== undefined) return known;
      seen.set(key, index);
      return -1;
    };
  }
  const fingerprints = new OrdinalTable();
  const view = model.view;
  if (!view) {
    return (state, index) => {
      fingerprintState(state);
      return fingerprints.findOrInsert(fpHi, fpLo, index);
    };
  }
  const ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
  return (state, index) => {
    ctx.cur = state;
    fingerprintValue(evaluate(view, null, model.scope, ctx));
    return fingerprints.findOrInsert(fpHi, fpLo, index);
  };
}

/** The canonical key of a state: of its VIEW if any, the smallest over the SYMMETRY permutations. */
function stateKeyer(model: TlaModel): (state: Value[]) => string {
  const ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
  const view = model.view;
  const project = view
    ? (state: Value[]): Value[] => {
        ctx.cur = state;
        return [evaluate(view, null, model.scope, ctx)];
      }
    : (state: Value[]) => state;
  const plain = (values: Value[]): string => {
    let key = '';
    for (const v of values) key += `${keyOf(v)}|`;
    return key;
  };
  if (!model.symmetry) return (state) => plain(project(state));
  const perms = evaluate(model.symmetry, null, model.scope, { cur: [], next: null, primed: false, varReads: 0 });
  if (!(perms instanceof SetValue)) throw new TlaEvalError('The SYMMETRY definition is not a set of permutations.', model.symmetry.at);
  const generators = perms.elements().map((p) => {
    const f = asFunction(p)!;
    const m = new Map<string, Value>();
    f.keys.forEach((k, i) => m.set(keyOf(k), f.vals[i]!));
    return m;
  });
  const maps = permutationGroup(generators).map((m: Permutation) => {
    // Values are immutable and shared between states: each is permuted once per permutation.
    m.cache = new WeakMap();
    return m;
  });
  return (state) => {
    const projected = project(state);
    const keys = projected.map(keyOf);
    let best = keys;
    for (const m of maps) {
      // Variable by variable, stopping as soon as the permuted state is larger.
      let candidate: string[] | null = null;
      for (let i = 0; i < projected.length; i++) {
        const k = keyOf(permute(projected[i]!, m));
        if (candidate === null) {
          if (k > best[i]!) break;
          if (k === best[i]) continue;
          candidate = best.slice(0, i);
        }
        candidate.push(k);
      }
      if (candidate !== null && candidate.length === projected.length) best = candidate;
    }
    return best.join('|');
  };
}

/** Applies a permutation of model values everywhere inside a value. */
/**
 * The group the SYMMETRY permutations generate, as TLC computes it
 * (MVPerm.permutationSubgroup): Permutations(A) \cup Permutations(B) also holds
 * their compositions. The smallest key over a group is the same for every state
 * of an orbit, whatever order the states are found in.
 */
function permutationGroup(generators: Map<string, Value>[]): Map<string, Value>[] {
  const signature = (m: Map<string, Value>) => [...m].map(([k, v]) => `${k}>${keyOf(v)}`).sort().join(',');
  const group = new Map<string, Map<string, Value>>(generators.map((g) => [signature(g), g]));
  const queue = [...group.values()];
  while (queue.length > 0) {
    const a = queue.pop()!;
    for (const b of generators) {
      // a then b, as one map over the union of their domains.
      const c = new Map<string, Value>(b);
      for (const [k, v] of a) c.set(k, b.get(keyOf(v)) ?? v);
      const sig = signature(c);
      if (!group.has(sig)) {
        group.set(sig, c);
        queue.push(c);
      }
    }
  }
  return [...group.values()];
}

type Permutation = Map<string, Value> & { cache?: WeakMap<object, Value> };

export function permute(v: Value, m: Permutation): Value {
  if (v instanceof ModelValue) return m.get(keyOf(v)) ?? v;
  if (typeof v !== 'object') return v;
  const cached = m.cache?.get(v);
  if (cached !== undefined) return cached;
  const result = permuteComposite(v, m);
  m.cache?.set(v, result);
  return result;
}

function permuteComposite(v: SetValue | FcnValue | TupleValue | LazyFcn, m: Permutation): Value {
  if (v instanceof SetValue) return makeSet(v.elements().map((e) => permute(e, m)));
  if (v instanceof TupleValue) return new TupleValue(v.items.map((e) => permute(e, m)));
  const f = v instanceof LazyFcn ? v.materialize() : v;
  if (f instanceof TupleValue) return permute(f, m);
  const pairs = (f as FcnValue).keys.map((k, i) => [permute(k, m), permute((f as FcnValue).vals[i]!, m)] as [Value, Value]);
  const sortedKeys = makeSet(pairs.map(([k]) => k)).elements();
  const byKey = new Map(pairs.map(([k, val]) => [keyOf(k), val]));
  return makeFcn(
    sortedKeys,
    sortedKeys.map((k) => byKey.get(keyOf(k))!),
  );
}
