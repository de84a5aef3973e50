import type { Expr } from './ast.js';
import { asEvalError } from './errors.js';
import { evaluate } from './eval.js';
import { notBoolean, partHolds, predicateParts, readsUnchanged, type PredicatePart } from './predicate-parts.js';
import type { TlaModel } from './model.js';
import type { EvalContext } from './scope.js';
import type { Value } from './values.js';
import { symmetricFingerprinter } from './symmetry.js';
import { heapFull, type HeapReading } from './heap-budget.js';
import { ExitCode } from '../errors.js';
import { OrdinalTable } from '../temporal/ordinal-table.js';
import { fingerprintState, fingerprintValue, fpHi, fpLo } from './fingerprint.js';
import type { StopRequest } from '../search/stop-request.js';
import type { SavedSearch } from '../checkpoint/saved-search.js';
import { restoreSearch } from './search-snapshot.js';
import { lookAt, startTlcRun, tlcRun } from './stdlib/tlc-run.js';

/**
 * Breadth-first search over a TLA+ model with TLC's counts: every initial state
 * and every successor the enumerator generates counts as generated; a state
 * outside a CONSTRAINT or ACTION_CONSTRAINT is generated but not kept; depth is
 * the number of BFS levels (initial states are level 1). A state's identity is
 * its canonical key (the VIEW's, under SYMMETRY the smallest over the
 * permutations), so the counts do not depend on discovery order.
 */

export type TlaVerdict = 'ok' | 'invariant' | 'deadlock' | 'error' | 'assumption' | 'property' | 'incomplete';

/** What the invariants say of a new state (TlaSearch.checkInvariants). */
export type InvariantOutcome = null | { readonly violated: string } | { readonly failed: string; readonly message: string };

/** What ended a search before it saw every state: a bound, --max-states, a stop request (SIGINT), or a full heap. */
export type TlaCut = 'depth' | 'states' | 'interrupt' | 'memory' | 'time';

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
  /** Set when the search did not see every reachable state: the run is not exhaustive. */
  readonly cut?: TlaCut;
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
  /** Each state's BFS parent (the state that found it), -1 for the initial ones: a shortest path's previous state. */
  readonly parents: readonly number[];
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
  /** Expand no state at this level (initial states are level 1): the run is then reported not exhaustive. */
  readonly maxDepth?: number;
  readonly onProgress?: (distinct: number, generated: number, depth: number) => void;
  /** Keep the state graph (the temporal properties need it). */
  readonly recordGraph?: boolean;
  /** Asked to stop (SIGINT): read by the asynchronous search between blocks of states. */
  readonly stop?: StopRequest;
  /** Saves the search now and then, and when it stops early (search-snapshot.ts). */
  readonly checkpoint?: TlaCheckpointer;
  /** A saved search to go on with (search-snapshot.ts has read and checked it). */
  readonly resume?: SavedSearch;
  /** A heap limit below V8's to stop short of (heap-budget.ts; --max-memory). */
  readonly maxHeapBytes?: number;
  /** When the time budget runs out (Date.now() ms; --max-time): looked at between blocks of states, or between levels with workers. */
  readonly deadline?: number;
}

/** Whether the time budget (options.deadline) has run out. */
export function pastDeadline(options: TlaSearchOptions): boolean {
  return options.deadline !== undefined && Date.now() > options.deadline;
}

/** Saves a search (search-snapshot.ts); the engines call it at a point where the queue is whole. */
export interface TlaCheckpointer {
  due(now: number): boolean;
  save(search: TlaSearch): void;
  close(): void;
}

/** States expanded between two looks at the stop request and the checkpoint clock. */
const BLOCK = 1024;

/**
 * The search's data and the steps both engines share: the states found (in BFS
 * order, which is also the queue: `head` is the next to expand), their parents
 * and levels, the counts, the recorded graph and the first violation. The
 * sequential engine expands states here; the parallel one (parallel-search.ts)
 * has workers expand them and adds what they return in the same order, so both
 * number the states alike.
 */
export class TlaSearch {
  readonly states: Value[][] = [];
  readonly parents: number[] = [];
  readonly levels: number[] = [];
  generated = 0;
  depth = 0;
  head = 0;
  initialStates = 0;
  readonly edgeFrom: number[] = [];
  readonly edgeTo: number[] = [];
  readonly edgeSuccessor: Value[][] | null;
  /** The first violation found, with the counts when it was found. */
  violation: TlaSearchResult | null = null;
  /** 1 when the violation is a new state's invariant: TLC does not queue that state. */
  private violatingStateQueued = 0;
  private readonly ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
  private readonly headTargets = new Set<number>();
  /** The invariants' and constraints' conjuncts, with what each reads (predicate-parts.ts). */
  private readonly invariantParts: readonly { name: string; parts: PredicatePart[] }[];
  private readonly constraintParts: readonly PredicatePart[][];

  constructor(
    readonly model: TlaModel,
    readonly record: boolean,
    /** The visited set: the index a state was first seen with, or -1 after recording it under `index`. */
    readonly visit: (state: Value[], index: number) => number = visitedSet(model),
  ) {
    this.edgeSuccessor = record && (model.symmetry || model.view) ? [] : null;
    this.invariantParts = model.invariants.map((inv) => ({ name: inv.name, parts: predicateParts(inv.expr, model.scope) }));
    this.constraintParts = model.constraints.map((c) => predicateParts(c.expr, model.scope));
  }

  get queueLeft(): number {
    return this.states.length - this.head;
  }

  holds(expr: Expr, state: Value[], next: Value[] | null = null): boolean {
    this.ctx.cur = state;
    this.ctx.next = next;
    const v = evaluate(expr, null, this.model.scope, this.ctx);
    if (typeof v !== 'boolean') notBoolean(expr, v);
    return v;
  }

  /**
   * Whether `state` satisfies the parts of a predicate; with `parent` (a state
   * that satisfied all of them, which `state` is a successor of), the parts
   * whose variables the step left unchanged are not evaluated (predicate-parts.ts).
   */
  private partsHold(parts: readonly PredicatePart[], state: Value[], parent: readonly Value[] | null): boolean {
    this.ctx.cur = state;
    this.ctx.next = null;
    for (const part of parts) {
      if (parent !== null && part.reads !== null && readsUnchanged(part.reads, state, parent)) continue;
      if (!partHolds(part, this.ctx)) return false;
    }
    return true;
  }

  /**
   * The first false ASSUME, or the first whose evaluation failed (TLC's exit 10
   * for both), as a result; null when all hold.
   */
  falseAssumption(): TlaSearchResult | null {
    const spec = this.model.spec;
    for (const a of spec.assumptions) {
      const where = `line ${a.at.line}, col ${a.at.column} to line ${a.end.line}, col ${a.end.column} of module ${a.module}`;
      let v: Value;
      try {
        v = evaluate(a.expr, null, a.scope, { cur: [], next: null, primed: false, varReads: 0 });
      } catch (error) {
        const failure = asEvalError(error);
        if (failure === null) throw error;
        return this.result('assumption', ExitCode.assumption, `Evaluating assumption ${where} failed.\n${failure.message}`, []);
      }
      if (v !== true) return this.result('assumption', ExitCode.assumption, `Assumption ${where} is false.`, []);
    }
    return null;
  }

  traceTo(index: number): Value[][] {
    const out: Value[][] = [];
    for (let i = index; i >= 0; i = this.parents[i]!) out.push(this.states[i]!);
    return out.reverse();
  }

  result(verdict: TlaVerdict, exitCode: number, message: string, trace: Value[][], violated?: string): TlaSearchResult {
    return { verdict, exitCode, distinct: this.states.length, generated: this.generated, depth: this.depth, queueLeft: this.queueLeft, trace, message, ...(violated ? { violated } : {}) };
  }

  /**
   * What the invariants say of a state: null when all hold, else the first
   * violated or the first whose evaluation failed (TLC's exit 76, with the
   * trace to the state, as TLC prints it).
   */
  checkInvariants(state: Value[], parent: readonly Value[] | null = null): InvariantOutcome {
    for (const inv of this.invariantParts) {
      try {
        if (!this.partsHold(inv.parts, state, parent)) return { violated: inv.name };
      } catch (error) {
        const failure = asEvalError(error);
        if (failure !== null) return { failed: inv.name, message: `Evaluating invariant ${inv.name} failed.\n${failure.message}` };
        throw error;
      }
    }
    return null;
  }

  /**
   * Whether a successor is kept: inside every CONSTRAINT and, for the step, every
   * ACTION_CONSTRAINT. TLCGet("level") reads `level` (the state's) in a CONSTRAINT
   * and the current state's in an ACTION_CONSTRAINT, as in TLC; undefined where
   * the level is not known (the parallel search's workers). `current` is a
   * state the search kept (inside every CONSTRAINT): the conjuncts the step
   * left alone are not evaluated again.
   */
  allowed(current: Value[] | null, state: Value[], level?: number): boolean {
    const model = this.model;
    tlcRun.level = level;
    for (const parts of this.constraintParts) if (!this.partsHold(parts, state, current)) return false;
    tlcRun.level = level === undefined ? undefined : level - 1;
    if (current !== null) for (const c of model.actionConstraints) if (!this.holds(c.expr, current, state)) return false;
    return true;
  }

  /** Adds a state the visited set did not know (copied: `state` may be the enumerator's reused array), with what its invariants said. */
  addNew(state: Value[], parent: number, level: number, outcome: InvariantOutcome): number {
    const index = this.states.length;
    this.states.push(state.slice());
    this.parents.push(parent);
    this.levels.push(level);
    if (level > this.depth) this.depth = level;
    if (outcome !== null && !this.violation) {
      this.violatingStateQueued = 1;
      this.violation =
        'violated' in outcome
          ? this.result('invariant', ExitCode.safety, `Invariant ${outcome.violated} is violated.`, this.traceTo(index), outcome.violated)
          : this.result('error', ExitCode.invariantEvaluation, outcome.message, this.traceTo(index), outcome.failed);
    }
    return index;
  }

  /** The state's index, adding it (and checking its invariants) when new. */
  addState(state: Value[], parent: number, level: number): number {
    const known = this.visit(state, this.states.length);
    if (known >= 0) return known;
    tlcRun.level = level;
    return this.addNew(state, parent, level, this.checkInvariants(state, parent >= 0 ? this.states[parent]! : null));
  }

  /**
   * Records the step from `from` to `target` in the graph. Stuttering steps are
   * implicit in every state; a successor seen twice is one edge (under SYMMETRY
   * or VIEW: a distinct successor actually generated is one edge). `clearTargets`
   * ends a state's successors.
   */
  recordEdge(from: number, target: number, succ: Value[]): void {
    if (!this.record || target === from || (this.edgeSuccessor === null && this.headTargets.has(target))) return;
    this.headTargets.add(target);
    this.edgeFrom.push(from);
    this.edgeTo.push(target);
    this.edgeSuccessor?.push(succ.slice());
  }

  clearTargets(): void {
    // Set.clear allocates a new table even for an empty set: only when edges are recorded.
    if (this.headTargets.size > 0) this.headTargets.clear();
  }

  /** Enumerates and adds the initial states (each counts as generated). */
  addInitialStates(): void {
    const model = this.model;
    lookAt(0, -1, null);
    model.enumerator.initStates(model.init, model.scope, (state) => {
      this.generated++;
      if (this.violation) return;
      lookAt(1, -1, state);
      if (this.allowed(null, state, 1)) this.addState(state, -1, 1);
      lookAt(0, -1, null);
    });
    this.initialStates = this.states.length;
  }

  /** Expands states[head] in this thread and moves head on; a violation found is left in `violation`. */
  expandHead(): void {
    const model = this.model;
    const head = this.head;
    const current = this.states[head]!;
    const level = this.levels[head]!;
    let successors = 0;
    const parent = this.parents[head]!;
    lookAt(level, parent, current);
    model.enumerator.successors(model.next, model.scope, current, (succ) => {
      this.generated++;
      successors++;
      if (this.violation) return;
      lookAt(level + 1, head, succ);
      if (this.allowed(current, succ, level + 1)) this.recordEdge(head, this.addState(succ, head, level + 1), succ);
      lookAt(level, parent, current);
    });
    this.clearTargets();
    this.generated += model.enumerator.takeIntermediate();
    this.head = head + 1;
    if (this.violation) this.violation = this.violationNow();
    else if (successors === 0 && model.checkDeadlock) this.violation = this.result('deadlock', ExitCode.deadlock, 'Deadlock reached.', this.traceTo(head));
  }

  /** The violation with the queue as it is now (TLC's count: without the violating state). */
  violationNow(): TlaSearchResult {
    return { ...this.violation!, queueLeft: this.queueLeft - this.violatingStateQueued };
  }

  /** The result of a search that stopped before the end: not exhaustive, and said so. */
  cutResult(cut: TlaCut, heap?: HeapReading): TlaSearchResult {
    const left = `${this.queueLeft} states left on the queue`;
    const unchecked = this.record ? '; the temporal properties were not checked' : '';
    if (cut === 'depth') return { ...this.result('ok', ExitCode.ok, `Not exhaustive: the depth bound stopped the search with ${left}${unchecked}.`, []), cut };
    const why =
      cut === 'states'
        ? `the search stopped after ${this.states.length} distinct states (--max-states)`
        : cut === 'memory'
          ? heapMessage(heap!)
          : cut === 'time'
            ? 'the time budget ran out'
            : 'the run was interrupted';
    return { ...this.result('incomplete', ExitCode.system, `Not exhaustive: ${why} with ${left}${unchecked}.`, []), cut };
  }

  /** The result of a search that saw every state. */
  completeResult(): TlaSearchResult {
    const done = this.result('ok', ExitCode.ok, 'Model checking completed. No error has been found.', []);
    if (!this.record) return done;
    const graph: TlaStateGraph = { states: this.states, initialStates: this.initialStates, parents: this.parents, edgeFrom: this.edgeFrom, edgeTo: this.edgeTo, ...(this.edgeSuccessor ? { edgeSuccessor: this.edgeSuccessor } : {}) };
    return { ...done, graph };
  }
}

function heapMessage(heap: HeapReading): string {
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  const more = heap.setByRun ? 'raise --max-memory' : 'give Node more with NODE_OPTIONS=--max-old-space-size=MB';
  return `the JavaScript heap held ${mb(heap.usedBytes)} MB of its ${mb(heap.limitBytes)} MB limit${heap.setByRun ? ' (--max-memory)' : ''} (${more}, or use --checkpoint to go on later)`;
}

/** An evaluation error as a search result (TLC's exit 75). */
export function evaluationFailure(search: TlaSearch, error: unknown): TlaSearchResult {
  const failure = asEvalError(error);
  if (failure !== null) return { ...search.result('error', ExitCode.evaluation, failure.message, []), queueLeft: 0 };
  throw error;
}

/** Starts a search: a resumed one as saved, a new one with its ASSUMEs checked and initial states added. */
function begin(model: TlaModel, options: TlaSearchOptions): { search: TlaSearch; early: TlaSearchResult | null } {
  const search = new TlaSearch(model, options.recordGraph === true);
  startTlcRun({ mode: 'bfs', deadlock: model.checkDeadlock, workers: 1 }, model.variables, search);
  if (options.resume) {
    restoreSearch(search, options.resume);
    return { search, early: null };
  }
  try {
    const early = search.falseAssumption();
    if (early) return { search, early };
    search.addInitialStates();
  } catch (error) {
    // Reported as the evaluation errors of the initial states are (a stack overflow among them).
    throw asEvalError(error) ?? error;
  }
  return { search, early: search.violation ? { ...search.violation, queueLeft: 0 } : null };
}

/**
 * Expands up to `count` states; returns the search's result when it ended
 * (a violation, a bound, the end of the queue), or null to go on.
 */
function expandBlock(search: TlaSearch, options: TlaSearchOptions, count: number): TlaSearchResult | null {
  for (let i = 0; i < count; i++) {
    if (search.head >= search.states.length) return search.completeResult();
    if (options.maxDepth !== undefined && search.levels[search.head]! >= options.maxDepth) return search.cutResult('depth');
    search.expandHead();
    if (search.violation) return search.violation;
    if (options.onProgress && (search.head - 1) % 10000 === 0) options.onProgress(search.states.length, search.generated, search.depth);
    if (options.maxStates !== undefined && search.states.length > options.maxStates) {
      options.checkpoint?.save(search);
      return search.cutResult('states');
    }
  }
  const heap = heapFull(options.maxHeapBytes);
  if (heap) {
    options.checkpoint?.save(search);
    return search.cutResult('memory', heap);
  }
  // A search that has just seen its last state is complete, however late.
  if (search.head < search.states.length && pastDeadline(options)) {
    options.checkpoint?.save(search);
    return search.cutResult('time');
  }
  return null;
}

/** The sequential search, in one synchronous call (no stop request, no checkpoint clock). */
export function searchTla(model: TlaModel, options: TlaSearchOptions = {}): TlaSearchResult {
  const { search, early } = begin(model, options);
  if (early) return early;
  try {
    for (;;) {
      const ended = expandBlock(search, options, BLOCK);
      if (ended) return ended;
    }
  } catch (error) {
    return evaluationFailure(search, error);
  }
}

/**
 * The sequential search yielding to the event loop between blocks, so that a
 * signal can stop it (saving a snapshot first when checkpoints are on) and
 * snapshots are written when due.
 */
export async function searchTlaAsync(model: TlaModel, options: TlaSearchOptions = {}): Promise<TlaSearchResult> {
  const { search, early } = begin(model, options);
  if (early) return early;
  try {
    for (;;) {
      if (options.stop?.requested) {
        options.checkpoint?.save(search);
        return search.cutResult('interrupt');
      }
      const ended = expandBlock(search, options, BLOCK);
      if (ended) return ended;
      if (options.checkpoint?.due(Date.now())) options.checkpoint.save(search);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    return evaluationFailure(search, error);
  }
}

/**
 * The visited set: `visit(state, index)` returns the index the state was first
 * seen with, or -1 after recording it under `index` (a new state). A state is
 * identified by its 64-bit fingerprint (stateFingerprinter).
 */
export function visitedSet(model: TlaModel): (state: Value[], index: number) => number {
  const fingerprint = stateFingerprinter(model);
  const fingerprints = new OrdinalTable();
  return (state, index) => {
    fingerprint(state);
    return fingerprints.findOrInsert(fpHi, fpLo, index);
  };
}

/**
 * Sets fpHi/fpLo to a state's identity as a 64-bit fingerprint: of its values,
 * of its VIEW's, under SYMMETRY the smallest over the state's images (of its
 * VIEW's images when it has both). Both engines use it in every thread.
 */
export function stateFingerprinter(model: TlaModel): (state: Value[]) => void {
  const view = model.view;
  const ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
  if (model.symmetry) {
    const project = view
      ? (state: Value[]): Value[] => {
          ctx.cur = state;
          return [evaluate(view, null, model.scope, ctx)];
        }
      : (state: Value[]) => state;
    return symmetricFingerprinter(model, project);
  }
  if (!view) return fingerprintState;
  return (state) => {
    ctx.cur = state;
    fingerprintValue(evaluate(view, null, model.scope, ctx));
  };
}
