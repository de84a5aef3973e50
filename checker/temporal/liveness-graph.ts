import { Fingerprinter } from '../state/fingerprint.js';
import { ExitCode, VigilError } from '../errors.js';
import { formatValue } from '../state/format-value.js';
import { isAssertionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { StateQueue } from '../search/state-queue.js';
import type { FairnessGroups } from './fairness-groups.js';
import type { EdgeRecorder } from '../search/expander.js';
import { int32s, NarrowColumn, uint32s, type Growable } from './growable.js';
import { OrdinalTable } from './ordinal-table.js';
import { EdgeColumnsBuilder, type EdgeColumn } from './edge-columns.js';
import { enforceLivenessLimits, NO_LIMITS, type LivenessLimits } from './liveness-limits.js';

/**
 * The reachable state graph as the liveness checks need it, in CSR form with no
 * object per state or edge. State ordinals are BFS order (initial states first);
 * the out-edges of state s are `edgeStart[s] .. edgeStart[s + 1]`. Per edge: the
 * target ordinal, the successor's position among its parent's successors (to
 * rebuild the step by re-execution, as traces are), the interned set of
 * fairness groups the step belongs to and its step predicate bits. Per state: the
 * interned set of groups enabled there; per property predicate, one bit per state.
 *
 * Steps that leave the state unchanged are not edges: in TLA+ they are stuttering
 * steps, which every state has implicitly, and they neither enable nor take
 * `<<A>>_vars`. Successors dropped by a state constraint are not edges either,
 * but do count for enabledness.
 */
export interface LivenessGraph {
  readonly states: number;
  readonly edges: number;
  /** States whose successors were recorded; the rest lie beyond a depth bound. */
  readonly expanded: number;
  readonly edgeStart: Int32Array;
  /** Per edge, read with `at(e)` (a recorded graph keeps them compact: see edge-columns.ts). */
  readonly edgeTarget: EdgeColumn;
  readonly edgePosition: EdgeColumn;
  readonly edgeGroups: EdgeColumn;
  readonly enabledGroups: Uint8Array | Uint16Array;
  /** One bitset per predicate: bit s (word s >>> 5) says whether it holds in state s. */
  readonly predicateBits: readonly Uint32Array[];
  /** One bit per step predicate (general LTL `stepWhere`) per edge, `stepPredicateWords` words each. */
  readonly stepPredicateWords: number;
  readonly stepPredicateBits: Uint32Array;
  /** For initial ordinals (0 .. initialStates - 1): the index among the generated initial states. */
  readonly initialIndex: Int32Array;
  readonly generated: number;
  readonly depth: number;
  /** Bytes kept per state (table, CSR offsets, sets, bits) and per edge. */
  readonly bytesPerState: number;
  readonly bytesPerEdge: number;
}

/** What the graph records besides its edges. */
export interface RecordedPredicates {
  readonly predicates: readonly ((s: any) => boolean)[];
  /** Predicates of a step (s, t), evaluated on every edge; none for the fixed forms. */
  readonly stepPredicates?: readonly ((s: any, t: any) => boolean)[];
}

export interface GraphOptions extends RecordedPredicates {
  readonly maxDepth: number;
  readonly limits?: LivenessLimits;
}

/** The graph builder as a generator that yields every 1,024 states (see GraphBuilder.build). */
export function buildLivenessGraph<S extends object>(model: RuntimeModel<S>, groups: FairnessGroups, options: GraphOptions): Generator<void, LivenessGraph> {
  return new GraphBuilder(model, groups, options).build();
}

/**
 * The graph's columns, appended state by state in ordinal order. The safety
 * search feeds it as it goes (an EdgeRecorder: the liveness pass then explores
 * nothing again); GraphBuilder feeds it from its own exploration when the search
 * could not (symmetry, 96-bit fingerprints, workers, checkpoints, a depth bound).
 * Either way the fairness groups (with their `where` conditions on the parent
 * state), the state predicates and the step predicates are computed here, once.
 */
export class LivenessGraphRecorder<S extends object> implements EdgeRecorder<S> {
  private readonly edgeStart = int32s();
  private readonly edgeColumns = new EdgeColumnsBuilder();
  private readonly enabledGroups = new NarrowColumn();
  private readonly predicateBits: Growable<Uint32Array>[];
  private readonly stepBits: StepPredicateBits<S>;
  private readonly predicates: readonly ((s: any) => boolean)[];
  private readonly initialIndex = int32s();
  private readonly enabledScratch: number[] = [];
  private parent = -1;
  private parentState: S | null = null;
  private finished: LivenessGraph | undefined;
  /** A predicate or `where` condition that failed while the search recorded (reported only if the safety search ends ok). */
  private failure: VigilError | null = null;
  /** Keep a failing predicate's error for finish() instead of throwing it at once (the search must finish first). */
  private readonly deferErrors: boolean;
  states = 0;

  constructor(
    model: RuntimeModel<S>,
    readonly groups: FairnessGroups,
    recorded: RecordedPredicates & { readonly deferErrors?: boolean },
  ) {
    this.predicates = recorded.predicates;
    this.predicateBits = this.predicates.map(() => uint32s());
    this.stepBits = new StepPredicateBits(recorded.stepPredicates ?? [], model);
    this.deferErrors = recorded.deferErrors ?? false;
  }

  get bytes(): number {
    const columns = [this.edgeStart, this.enabledGroups, ...this.predicateBits, this.initialIndex];
    return columns.reduce((sum, column) => sum + column.bytes, this.stepBits.bytes + this.edgeColumns.bytes);
  }

  addState(state: S, initialIndex: number): void {
    const ordinal = this.appendState(initialIndex);
    if (this.failure !== null) return;
    try {
      for (let p = 0; p < this.predicates.length; p++) if (this.evaluate(p, state)) this.predicateBits[p]!.array[ordinal >>> 5]! |= 1 << (ordinal & 31);
    } catch (error) {
      this.keep(error);
    }
  }

  beginState(ordinal: number, state: S, words: Int32Array, base: number): void {
    this.parent = ordinal;
    this.parentState = state;
    this.stepBits.from(words, base);
    this.beginEdges();
    this.enabledScratch.length = 0;
  }

  edge(target: number, position: number, step: StepRef, words: Int32Array, base: number): void {
    if (target === this.parent) return; // a stuttering step: neither an edge nor <<A>>_vars
    const set = this.groupSetOf(step);
    this.enabledSet(set);
    this.appendEdge(target, position, set);
    try {
      this.stepBits.record(words, base, this.failure === null);
    } catch (error) {
      this.keep(error);
    }
  }

  /** A successor a state constraint dropped: not an edge, but its step was enabled. */
  enabled(step: StepRef): void {
    this.enabledSet(this.groupSetOf(step));
  }

  endState(): void {
    this.endEdges(this.enabledScratch.length === 0 ? 0 : this.groups.union(this.enabledScratch));
  }

  // The columns written directly, for a graph whose groups and predicates were
  // worked out elsewhere (the parallel engine's workers, see edge-log.ts).

  /** A new state with no predicate set yet: its ordinal. */
  appendState(initialIndex: number): number {
    const ordinal = this.states++;
    if (initialIndex >= 0) this.initialIndex.push(initialIndex);
    if ((ordinal & 31) === 0) for (const bits of this.predicateBits) bits.push(0);
    return ordinal;
  }

  /** Sets the predicates of state `ordinal` from a bitset (bit p of `words[at + (p >>> 5)]`). */
  setPredicates(ordinal: number, words: Int32Array, at: number): void {
    for (let p = 0; p < this.predicates.length; p++) if ((words[at + (p >>> 5)]! & (1 << (p & 31))) !== 0) this.predicateBits[p]!.array[ordinal >>> 5]! |= 1 << (ordinal & 31);
  }

  /** The next state in ordinal order is expanded: its edges follow. */
  beginEdges(): void {
    this.edgeStart.push(this.edgeColumns.length);
  }

  appendEdge(target: number, position: number, set: number): void {
    if (position > 0xffff) throw new Error('a state with more than 65,536 successors: the liveness graph stores positions in 16 bits');
    this.edgeColumns.push(target, position, set);
  }

  /** The step predicate bits of the edge appended last, from `words[at..]`. */
  appendStepBits(words: Int32Array, at: number): void {
    this.stepBits.push(words, at);
  }

  /** The expanded state's edges are in; `enabled`: the interned set of groups enabled there. */
  endEdges(enabled: number): void {
    this.enabledGroups.push(enabled);
  }

  /** Predicates per state and words of step predicate bits per edge. */
  get shape(): { predicates: number; stepWords: number } {
    return { predicates: this.predicates.length, stepWords: this.stepBits.words };
  }

  /** A model's evaluation error found elsewhere (a worker), thrown by finish(). */
  fail(error: VigilError): void {
    this.failure ??= error;
  }

  /** The graph, once every state is in; `tableBytes`: what the fingerprint-to-ordinal map took. */
  finish(counts: { generated: number; depth: number; tableBytes: number }): LivenessGraph {
    if (this.failure !== null) throw this.failure;
    // Once: the columns are closed (a second call returns the same graph).
    this.finished ??= this.close(counts);
    return this.finished;
  }

  private close(counts: { generated: number; depth: number; tableBytes: number }): LivenessGraph {
    const states = this.states;
    const expanded = this.enabledGroups.length;
    this.edgeStart.push(this.edgeColumns.length);
    // States beyond the depth bound: no edges, nothing enabled.
    while (this.edgeStart.length < states + 1) this.edgeStart.push(this.edgeColumns.length);
    while (this.enabledGroups.length < states) this.enabledGroups.push(0);
    const edges = this.edgeColumns.length;
    const { targets, labels } = this.edgeColumns.done();
    const perStateBytes = counts.tableBytes / Math.max(states, 1) + 4 + this.enabledGroups.width + this.predicates.length / 8;
    return {
      states,
      edges,
      expanded,
      edgeStart: this.edgeStart.done(),
      edgeTarget: targets,
      edgePosition: labels.positions,
      edgeGroups: labels.groups,
      enabledGroups: this.enabledGroups.done(),
      predicateBits: this.predicateBits.map((bits) => bits.done()),
      stepPredicateWords: this.stepBits.words,
      stepPredicateBits: this.stepBits.done(),
      initialIndex: this.initialIndex.done(),
      generated: counts.generated,
      depth: counts.depth,
      bytesPerState: Math.round(perStateBytes * 100) / 100,
      bytesPerEdge: targets.width + labels.width + 4 * this.stepBits.words,
    };
  }

  /** The groups `step` from the current parent belongs to (a `where` condition reads that state). */
  private groupSetOf(step: StepRef): number {
    if (this.failure !== null) return 0;
    try {
      return this.groups.setOf(step, this.parentState!);
    } catch (error) {
      this.keep(error);
      return 0;
    }
  }

  private enabledSet(set: number): void {
    if (set !== 0 && !this.enabledScratch.includes(set)) this.enabledScratch.push(set);
  }

  /** A model's evaluation error, kept for finish() while the safety search records; anything else is thrown. */
  private keep(error: unknown): void {
    if (!this.deferErrors || !(error instanceof VigilError)) throw error;
    this.failure ??= error;
  }

  private evaluate(p: number, state: S): boolean {
    return statePredicateHolds(this.predicates[p]!, state);
  }
}

/** A temporal property's state predicate on `state`; an error or a non-boolean is one clear error (exit 76). */
export function statePredicateHolds(predicate: (s: any) => boolean, state: object): boolean {
  let value: unknown;
  try {
    value = predicate(state);
  } catch (error) {
    throw predicateFailed(error, 'state predicate', `in state ${formatValue(state)}`);
  }
  return booleanOf(value, 'state predicate');
}

/** A temporal property's step predicate on the step from `parent` to `next`, checked as statePredicateHolds. */
export function stepPredicateHoldsOn(predicate: (s: any, t: any) => boolean, parent: object, next: object): boolean {
  let value: unknown;
  try {
    value = predicate(parent, next);
  } catch (error) {
    throw predicateFailed(error, 'step predicate', `on the step from ${formatValue(parent)} to ${formatValue(next)}`);
  }
  return booleanOf(value, 'step predicate');
}

/** Explores the graph on its own, for the runs whose search could not record it. */
class GraphBuilder<S extends object> {
  private readonly words: number;
  private readonly table = new OrdinalTable();
  private readonly queue: StateQueue;
  private readonly fingerprint = new Fingerprinter();
  private readonly successorWords: Int32Array;
  private readonly current;
  private readonly draft;
  private readonly recorder: LivenessGraphRecorder<S>;
  private generated = 0;
  private depth = 0;
  private position = 0;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();

  constructor(
    private readonly model: RuntimeModel<S>,
    groups: FairnessGroups,
    private readonly options: GraphOptions,
  ) {
    this.words = model.codec.words;
    this.queue = new StateQueue(this.words);
    this.successorWords = new Int32Array(this.words);
    this.current = model.codec.createScratch();
    this.draft = model.codec.createScratch();
    this.recorder = new LivenessGraphRecorder(model, groups, options);
  }

  /**
   * Builds the graph in slices: the generator yields after every 1,024 expanded
   * states, where the caller may give the event loop a turn (so a signal handler
   * can set the stop request); the limits are enforced at the same points.
   */
  *build(): Generator<void, LivenessGraph> {
    this.model.forEachInitialState((state, index) => {
      this.generated++;
      this.model.codec.encode(state, this.successorWords, 0);
      if (!this.satisfiesConstraints(state)) return;
      this.addState(state, index);
    });
    const initialCount = this.recorder.states;
    this.depth = initialCount > 0 ? 1 : 0;
    let levelEnd = initialCount;
    let level = 1;
    let expanded = 0;
    while (this.queue.length > 0) {
      if (this.queue.headOrdinal === levelEnd) {
        level++;
        levelEnd = this.queue.tailOrdinal;
      }
      if (level >= this.options.maxDepth) break;
      const ordinal = this.queue.headOrdinal;
      const chunk = this.queue.take();
      this.expand(chunk, this.queue.takenBase, ordinal, level);
      expanded++;
      if ((expanded & 1023) === 0) {
        this.everyThousandStates();
        yield;
      }
    }
    return this.recorder.finish({ generated: this.generated, depth: this.depth, tableBytes: this.table.bytes });
  }

  private everyThousandStates(): void {
    const limits = this.options.limits ?? NO_LIMITS;
    const states = this.recorder.states;
    // What the graph holds now: the fingerprint table, the queue and every column at its allocated size.
    enforceLivenessLimits(limits, this.table.bytes + this.queue.bytes + this.recorder.bytes, states);
    const now = Date.now();
    if (!limits.onProgress || now - this.lastProgressAt < limits.progressIntervalMs) return;
    this.lastProgressAt = now;
    limits.onProgress({ phase: 'liveness', elapsedMs: now - this.startedAt, depth: this.depth, distinctStates: states, generatedStates: this.generated, queueLeft: this.queue.length });
  }

  private expand(words: Int32Array, base: number, ordinal: number, level: number): void {
    const state = this.current.decode(words, base);
    this.recorder.beginState(ordinal, state, words, base);
    this.position = 0;
    this.model.forEachSuccessor(state, this.draft, (next, step) => this.visit(next, step, level), isAssertionFailure);
    this.recorder.endState();
  }

  private visit(next: S, step: StepRef, level: number): void {
    const position = this.position++;
    this.generated++;
    this.model.codec.encode(next, this.successorWords, 0);
    if (!this.satisfiesConstraints(next)) return this.recorder.enabled(step);
    let target = this.addState(next, -1);
    if (target >= 0) {
      if (level + 1 > this.depth) this.depth = level + 1;
    } else target = -target - 1;
    this.recorder.edge(target, position, step, this.successorWords, 0);
  }

  /** Returns the new ordinal, or -(existing ordinal) - 1. */
  private addState(state: S, initialIndex: number): number {
    this.fingerprint.compute(this.successorWords, 0, this.words);
    const ordinal = this.recorder.states;
    const existing = this.table.findOrInsert(this.fingerprint.hi, this.fingerprint.lo, ordinal);
    if (existing >= 0) return -existing - 1;
    this.queue.push(this.successorWords, 0);
    this.recorder.addState(state, initialIndex);
    return ordinal;
  }

  private satisfiesConstraints(state: S): boolean {
    for (const constraint of this.model.def.constraints) if (!constraint.holds(state)) return false;
    return true;
  }
}

/** Whether predicate `p` holds in state `s`. */
export function predicateHolds(graph: LivenessGraph, s: number, p: number): boolean {
  return (graph.predicateBits[p]![s >>> 5]! & (1 << (s & 31))) !== 0;
}

/**
 * The general LTL check's step predicates, one bit each per edge. The expansion
 * decodes its parent into a scratch state that successors may share, so the
 * parent is decoded afresh once per expanded state (only with step predicates);
 * the successor is decoded from its words into a scratch of its own.
 */
class StepPredicateBits<S extends object> {
  readonly words: number;
  private readonly bits = uint32s();
  private readonly next;
  private parent: S | null = null;

  constructor(
    private readonly predicates: readonly ((s: any, t: any) => boolean)[],
    private readonly model: RuntimeModel<S>,
  ) {
    this.words = predicates.length === 0 ? 0 : Math.ceil(predicates.length / 32);
    this.next = this.words === 0 ? null : model.codec.createScratch();
  }

  get bytes(): number {
    return this.words === 0 ? 0 : this.bits.bytes;
  }

  from(words: Int32Array, base: number): void {
    if (this.words > 0) this.parent = this.model.codec.decodeFresh(words, base);
  }

  /** The bits of the step from the parent to the state at `words[base..]` (all clear when `evaluate` is false). */
  record(words: Int32Array, base: number, evaluate: boolean): void {
    if (this.words === 0) return;
    const at = this.bits.length;
    for (let w = 0; w < this.words; w++) this.bits.push(0);
    if (!evaluate) return;
    const parent = this.parent!;
    const next = this.next!.decode(words, base);
    for (let p = 0; p < this.predicates.length; p++) if (stepPredicateHoldsOn(this.predicates[p]!, parent, next)) this.bits.array[at + (p >>> 5)]! |= 1 << (p & 31);
  }

  /** Bits worked out elsewhere: `this.words` words from `words[at..]`. */
  push(words: Int32Array, at: number): void {
    for (let w = 0; w < this.words; w++) this.bits.push(words[at + w]! >>> 0);
  }

  done(): Uint32Array {
    return this.bits.done();
  }
}

/** The one clear error (exit 76) for a predicate that threw (no closure per call: the search records on its hot path). */
function predicateFailed(error: unknown, what: string, where: string): VigilError {
  const message = error instanceof Error ? error.message : String(error);
  return new VigilError(`evaluating a temporal property's ${what} failed: ${message} (${where})`, ExitCode.invariantEvaluation);
}

/** A predicate's value, or one clear error (exit 76) when it is not a boolean. */
function booleanOf(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new VigilError(`a temporal property's ${what} returned ${formatValue(value)}, not a boolean`, ExitCode.invariantEvaluation);
  return value;
}

/** Whether step predicate `p` holds on edge `e`. */
export function stepPredicateHolds(graph: LivenessGraph, e: number, p: number): boolean {
  return (graph.stepPredicateBits[e * graph.stepPredicateWords + (p >>> 5)]! & (1 << (p & 31))) !== 0;
}
