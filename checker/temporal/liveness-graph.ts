import { Fingerprinter } from '../state/fingerprint.js';
import { ExitCode, VigilError } from '../errors.js';
import { formatValue } from '../state/format-value.js';
import { isAssertionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { StateQueue } from '../search/state-queue.js';
import type { FairnessGroups } from './fairness-groups.js';
import type { EdgeRecorder } from '../search/expander.js';
import { int32s, NarrowColumn, uint32s, type Growable } from './growable.js';
import { OrdinalTable } from './ordinal-table.js';

/**
 * The reachable state graph as the liveness checks need it, in CSR form with no
 * object per state or edge. State ordinals are BFS order (initial states first);
 * the out-edges of state s are `edgeStart[s] .. edgeStart[s + 1]`. Per edge: the
 * target ordinal, the successor's position among its parent's successors (to
 * rebuild the step by re-execution, as traces are) and the interned set of
 * fairness groups the step belongs to. Per state: the interned set of groups
 * enabled there; per property predicate, one bit per state.
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
  readonly edgeTarget: Int32Array;
  /** One byte per edge, or two when some value needs them (so are the two columns below). */
  readonly edgePosition: Uint8Array | Uint16Array;
  readonly edgeGroups: Uint8Array | Uint16Array;
  readonly enabledGroups: Uint8Array | Uint16Array;
  /** One bitset per predicate: bit s (word s >>> 5) says whether it holds in state s. */
  readonly predicateBits: readonly Uint32Array[];
  /** For initial ordinals (0 .. initialStates - 1): the index among the generated initial states. */
  readonly initialIndex: Int32Array;
  readonly generated: number;
  readonly depth: number;
  /** Bytes kept per state (table, CSR offsets, sets, bits) and per edge. */
  readonly bytesPerState: number;
  readonly bytesPerEdge: number;
}

export interface GraphOptions {
  readonly maxDepth: number;
  readonly predicates: readonly ((s: any) => boolean)[];
}

export function buildLivenessGraph<S extends object>(model: RuntimeModel<S>, groups: FairnessGroups, options: GraphOptions): LivenessGraph {
  return new GraphBuilder(model, groups, options).run();
}

/**
 * The graph's columns, appended state by state in ordinal order. The safety
 * search feeds it as it goes (an EdgeRecorder: the liveness pass then explores
 * nothing again); GraphBuilder feeds it from its own exploration when the search
 * could not (symmetry, 96-bit fingerprints, workers, checkpoints, a depth bound).
 */
export class LivenessGraphRecorder<S extends object> implements EdgeRecorder<S> {
  private readonly edgeStart = int32s();
  private readonly edgeTarget = int32s();
  private readonly edgePosition = new NarrowColumn();
  private readonly edgeGroups = new NarrowColumn();
  private readonly enabledGroups = new NarrowColumn();
  private readonly predicateBits: Growable<Uint32Array>[];
  private readonly initialIndex = int32s();
  private readonly enabledScratch: number[] = [];
  private parent = -1;
  /** A predicate that failed while the search recorded (reported only if the safety search ends ok). */
  private failure: VigilError | null = null;
  states = 0;

  constructor(
    private readonly model: RuntimeModel<S>,
    readonly groups: FairnessGroups,
    private readonly predicates: readonly ((s: any) => boolean)[],
    /** Keep a failing predicate's error for finish() instead of throwing it at once (the search must finish first). */
    private readonly deferErrors = false,
  ) {
    this.predicateBits = predicates.map(() => uint32s());
  }

  groupSetOf(step: StepRef): number {
    return this.groups.setOf(step);
  }

  get bytes(): number {
    const columns = [this.edgeStart, this.edgeTarget, this.edgePosition, this.edgeGroups, this.enabledGroups, ...this.predicateBits, this.initialIndex];
    return columns.reduce((sum, column) => sum + column.bytes, 0);
  }

  addState(state: S, initialIndex: number): void {
    const ordinal = this.states++;
    if (initialIndex >= 0) this.initialIndex.push(initialIndex);
    if ((ordinal & 31) === 0) for (const bits of this.predicateBits) bits.push(0);
    if (this.failure !== null) return;
    try {
      for (let p = 0; p < this.predicates.length; p++) if (this.evaluate(p, state)) this.predicateBits[p]!.array[ordinal >>> 5]! |= 1 << (ordinal & 31);
    } catch (error) {
      if (!this.deferErrors || !(error instanceof VigilError)) throw error;
      this.failure = error;
    }
  }

  beginState(ordinal: number): void {
    this.parent = ordinal;
    this.edgeStart.push(this.edgeTarget.length);
    this.enabledScratch.length = 0;
  }

  edge(target: number, position: number, groupSet: number): void {
    if (target === this.parent) return; // a stuttering step: neither an edge nor <<A>>_vars
    if (position > 0xffff) throw new Error('a state with more than 65,536 successors: the liveness graph stores positions in 16 bits');
    this.enabled(groupSet);
    this.edgeTarget.push(target);
    this.edgePosition.push(position);
    this.edgeGroups.push(groupSet);
  }

  enabled(groupSet: number): void {
    if (groupSet !== 0 && !this.enabledScratch.includes(groupSet)) this.enabledScratch.push(groupSet);
  }

  endState(): void {
    this.enabledGroups.push(this.enabledScratch.length === 0 ? 0 : this.groups.union(this.enabledScratch));
  }

  /** The graph, once every state is in; `tableBytes`: what the fingerprint-to-ordinal map took. */
  finish(counts: { generated: number; depth: number; tableBytes: number }): LivenessGraph {
    if (this.failure !== null) throw this.failure;
    const states = this.states;
    const expanded = this.enabledGroups.length;
    this.edgeStart.push(this.edgeTarget.length);
    // States beyond the depth bound: no edges, nothing enabled.
    while (this.edgeStart.length < states + 1) this.edgeStart.push(this.edgeTarget.length);
    while (this.enabledGroups.length < states) this.enabledGroups.push(0);
    const edges = this.edgeTarget.length;
    const perStateBytes = counts.tableBytes / Math.max(states, 1) + 4 + this.enabledGroups.width + this.predicates.length / 8;
    return {
      states,
      edges,
      expanded,
      edgeStart: this.edgeStart.done(),
      edgeTarget: this.edgeTarget.done(),
      edgePosition: this.edgePosition.done(),
      edgeGroups: this.edgeGroups.done(),
      enabledGroups: this.enabledGroups.done(),
      predicateBits: this.predicateBits.map((bits) => bits.done()),
      initialIndex: this.initialIndex.done(),
      generated: counts.generated,
      depth: counts.depth,
      bytesPerState: Math.round(perStateBytes * 100) / 100,
      bytesPerEdge: 4 + this.edgePosition.width + this.edgeGroups.width,
    };
  }

  private evaluate(p: number, state: S): boolean {
    let value: unknown;
    try {
      value = this.predicates[p]!(state);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new VigilError(`evaluating a temporal property's state predicate failed: ${message} (in state ${formatValue(state)})`, ExitCode.invariantEvaluation);
    }
    if (typeof value !== 'boolean') throw new VigilError(`a temporal property's state predicate returned ${formatValue(value)}, not a boolean`, ExitCode.invariantEvaluation);
    return value;
  }
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
    this.recorder = new LivenessGraphRecorder(model, groups, options.predicates);
  }

  run(): LivenessGraph {
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
    while (this.queue.length > 0) {
      if (this.queue.headOrdinal === levelEnd) {
        level++;
        levelEnd = this.queue.tailOrdinal;
      }
      if (level >= this.options.maxDepth) break;
      const ordinal = this.queue.headOrdinal;
      const chunk = this.queue.take();
      this.expand(chunk, this.queue.takenBase, ordinal, level);
    }
    return this.recorder.finish({ generated: this.generated, depth: this.depth, tableBytes: this.table.bytes });
  }

  private expand(words: Int32Array, base: number, ordinal: number, level: number): void {
    const state = this.current.decode(words, base);
    this.recorder.beginState(ordinal);
    this.position = 0;
    this.model.forEachSuccessor(state, this.draft, (next, step) => this.visit(next, step, level), isAssertionFailure);
    this.recorder.endState();
  }

  private visit(next: S, step: StepRef, level: number): void {
    const position = this.position++;
    this.generated++;
    this.model.codec.encode(next, this.successorWords, 0);
    const set = this.recorder.groupSetOf(step);
    if (!this.satisfiesConstraints(next)) return this.recorder.enabled(set);
    let target = this.addState(next, -1);
    if (target >= 0) {
      if (level + 1 > this.depth) this.depth = level + 1;
    } else target = -target - 1;
    this.recorder.edge(target, position, set);
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
