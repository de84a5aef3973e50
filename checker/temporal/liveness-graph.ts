import { Fingerprinter } from '../state/fingerprint.js';
import { ExitCode, VigilError } from '../errors.js';
import { formatValue } from '../state/format-value.js';
import { isAssertionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { StateQueue } from '../search/state-queue.js';
import type { FairnessGroups } from './fairness-groups.js';
import { int32s, uint16s, uint32s } from './growable.js';
import { OrdinalTable } from './ordinal-table.js';
import { enforceLivenessLimits, NO_LIMITS, type LivenessLimits } from './liveness-limits.js';

/**
 * The reachable state graph as the liveness checks need it, in CSR form with no
 * object per state or edge. State ordinals are BFS order (initial states first);
 * the out-edges of state s are `edgeStart[s] .. edgeStart[s + 1]`. Per edge: the
 * target ordinal, the successor's position among its parent's successors (to
 * rebuild the step by re-execution, as traces are) and the interned set of
 * fairness groups the step belongs to. Per state: the interned set of groups
 * enabled there and one bit per property predicate.
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
  readonly edgePosition: Uint16Array;
  readonly edgeGroups: Uint16Array;
  readonly enabledGroups: Uint16Array;
  readonly predicateWords: number;
  readonly predicateBits: Uint32Array;
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

export interface GraphOptions {
  readonly maxDepth: number;
  readonly predicates: readonly ((s: any) => boolean)[];
  readonly limits?: LivenessLimits;
  /** Predicates of a step (s, t), evaluated on every edge; none for the fixed forms. */
  readonly stepPredicates?: readonly ((s: any, t: any) => boolean)[];
}

/** The graph builder as a generator that yields every 1,024 states (see GraphBuilder.build). */
export function buildLivenessGraph<S extends object>(model: RuntimeModel<S>, groups: FairnessGroups, options: GraphOptions): Generator<void, LivenessGraph> {
  return new GraphBuilder(model, groups, options).build();
}

class GraphBuilder<S extends object> {
  private readonly words: number;
  private readonly table = new OrdinalTable();
  private readonly queue: StateQueue;
  private readonly fingerprint = new Fingerprinter();
  private readonly successorWords: Int32Array;
  private readonly parentWords: Int32Array;
  private readonly current;
  private readonly draft;
  private readonly edgeStart = int32s();
  private readonly edgeTarget = int32s();
  private readonly edgePosition = uint16s();
  private readonly edgeGroups = uint16s();
  private readonly enabledGroups = uint16s();
  private readonly predicateBits = uint32s();
  private readonly stepBits: StepPredicateBits<S>;
  private readonly initialIndex = int32s();
  private readonly predicateWords: number;
  private readonly enabledScratch: number[] = [];
  private states = 0;
  private generated = 0;
  private depth = 0;
  private position = 0;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly groups: FairnessGroups,
    private readonly options: GraphOptions,
  ) {
    this.words = model.codec.words;
    this.queue = new StateQueue(this.words);
    this.successorWords = new Int32Array(this.words);
    this.parentWords = new Int32Array(this.words);
    this.current = model.codec.createScratch();
    this.draft = model.codec.createScratch();
    this.predicateWords = Math.max(1, Math.ceil(options.predicates.length / 32));
    this.stepBits = new StepPredicateBits(options.stepPredicates ?? [], model);
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
      if (this.addState(state) >= 0) this.initialIndex.push(index);
    });
    const initialCount = this.states;
    this.depth = this.states > 0 ? 1 : 0;
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
    this.edgeStart.push(this.edgeTarget.length);
    // States beyond the depth bound: no edges, nothing enabled.
    while (this.edgeStart.length < this.states + 1) this.edgeStart.push(this.edgeTarget.length);
    while (this.enabledGroups.length < this.states) this.enabledGroups.push(0);
    return this.finish(expanded);
  }

  private everyThousandStates(): void {
    const limits = this.options.limits ?? NO_LIMITS;
    enforceLivenessLimits(limits, this.bytes(), this.states);
    const now = Date.now();
    if (!limits.onProgress || now - this.lastProgressAt < limits.progressIntervalMs) return;
    this.lastProgressAt = now;
    limits.onProgress({ phase: 'liveness', elapsedMs: now - this.startedAt, depth: this.depth, distinctStates: this.states, generatedStates: this.generated, queueLeft: this.queue.length });
  }

  /** What the graph holds now: the fingerprint table, the queue and every column at its allocated size. */
  private bytes(): number {
    const columns = [this.edgeStart, this.edgeTarget, this.edgePosition, this.edgeGroups, this.enabledGroups, this.predicateBits, this.initialIndex];
    return this.table.bytes + this.queue.bytes + columns.reduce((sum, column) => sum + column.array.byteLength, 0);
  }

  private expand(words: Int32Array, base: number, ordinal: number, level: number): void {
    for (let i = 0; i < this.words; i++) this.parentWords[i] = words[base + i]!;
    const state = this.current.decode(words, base);
    this.stepBits.from(words, base);
    this.edgeStart.push(this.edgeTarget.length);
    this.enabledScratch.length = 0;
    this.position = 0;
    this.model.forEachSuccessor(state, this.draft, (next, step) => this.visit(state, next, step, level), isAssertionFailure);
    const enabled = this.enabledScratch.length === 0 ? 0 : this.groups.union(this.enabledScratch);
    this.enabledGroups.push(enabled);
    void ordinal;
  }

  private visit(state: S, next: S, step: StepRef, level: number): void {
    const position = this.position++;
    if (position > 0xffff) throw new Error('a state with more than 65,536 successors: the liveness graph stores positions in 16 bits');
    this.generated++;
    this.model.codec.encode(next, this.successorWords, 0);
    if (this.sameAsParent()) return; // a stuttering step: neither an edge nor <<A>>_vars
    const set = this.groups.setOf(step, state);
    if (set !== 0 && !this.enabledScratch.includes(set)) this.enabledScratch.push(set);
    if (!this.satisfiesConstraints(next)) return;
    let target = this.addState(next);
    if (target >= 0) {
      if (level + 1 > this.depth) this.depth = level + 1;
    } else target = -target - 1;
    this.edgeTarget.push(target);
    this.edgePosition.push(position);
    this.edgeGroups.push(set);
    this.stepBits.record(next);
  }

  /** Returns the new ordinal, or -(existing ordinal) - 1. */
  private addState(state: S): number {
    this.fingerprint.compute(this.successorWords, 0, this.words);
    const existing = this.table.findOrInsert(this.fingerprint.hi, this.fingerprint.lo, this.states);
    if (existing >= 0) return -existing - 1;
    const ordinal = this.states++;
    this.queue.push(this.successorWords, 0);
    const predicates = this.options.predicates;
    for (let w = 0; w < this.predicateWords; w++) this.predicateBits.push(0);
    const bits = this.predicateBits.array;
    const at = ordinal * this.predicateWords;
    for (let p = 0; p < predicates.length; p++) if (this.evaluate(p, state)) bits[at + (p >>> 5)]! |= 1 << (p & 31);
    return ordinal;
  }

  private evaluate(p: number, state: S): boolean {
    return evaluatePredicate(() => this.options.predicates[p]!(state), 'state predicate', () => `in state ${formatValue(this.model.codec.decodeFresh(this.successorWords, 0))}`);
  }

  private sameAsParent(): boolean {
    for (let i = 0; i < this.words; i++) if (this.successorWords[i] !== this.parentWords[i]) return false;
    return true;
  }

  private satisfiesConstraints(state: S): boolean {
    for (const constraint of this.model.def.constraints) if (!constraint.holds(state)) return false;
    return true;
  }

  private finish(expanded: number): LivenessGraph {
    const states = this.states;
    const edges = this.edgeTarget.length;
    const perStateBytes = this.table.bytes / Math.max(states, 1) + 4 + 2 + 4 * this.predicateWords;
    return {
      states,
      edges,
      expanded,
      edgeStart: this.edgeStart.done(),
      edgeTarget: this.edgeTarget.done(),
      edgePosition: this.edgePosition.done(),
      edgeGroups: this.edgeGroups.done(),
      enabledGroups: this.enabledGroups.done(),
      predicateWords: this.predicateWords,
      predicateBits: this.predicateBits.done(),
      stepPredicateWords: this.stepBits.words,
      stepPredicateBits: this.stepBits.done(),
      initialIndex: this.initialIndex.done(),
      generated: this.generated,
      depth: this.depth,
      bytesPerState: Math.round(perStateBytes * 100) / 100,
      bytesPerEdge: 8,
    };
  }
}

/** Whether predicate `p` holds in state `s`. */
export function predicateHolds(graph: LivenessGraph, s: number, p: number): boolean {
  return (graph.predicateBits[s * graph.predicateWords + (p >>> 5)]! & (1 << (p & 31))) !== 0;
}

/**
 * The general LTL check's step predicates, one bit each per edge. The expansion
 * decodes its parent into a scratch state that successors may share, so the
 * parent is decoded afresh once per expanded state (only with step predicates).
 */
class StepPredicateBits<S extends object> {
  readonly words: number;
  private readonly bits = uint32s();
  private parent: S | null = null;

  constructor(
    private readonly predicates: readonly ((s: any, t: any) => boolean)[],
    private readonly model: RuntimeModel<S>,
  ) {
    this.words = predicates.length === 0 ? 0 : Math.ceil(predicates.length / 32);
  }

  from(words: Int32Array, base: number): void {
    if (this.words > 0) this.parent = this.model.codec.decodeFresh(words, base);
  }

  record(next: S): void {
    if (this.words === 0) return;
    const at = this.bits.length;
    for (let w = 0; w < this.words; w++) this.bits.push(0);
    const parent = this.parent!;
    for (let p = 0; p < this.predicates.length; p++) {
      const where = () => `on the step from ${formatValue(parent)} to ${formatValue(next)}`;
      if (evaluatePredicate(() => this.predicates[p]!(parent, next), 'step predicate', where)) this.bits.array[at + (p >>> 5)]! |= 1 << (p & 31);
    }
  }

  done(): Uint32Array {
    return this.bits.done();
  }
}

/** A predicate's value, or one clear error (exit 76) when it throws or is not a boolean. */
function evaluatePredicate(call: () => unknown, what: string, where: () => string): boolean {
  let value: unknown;
  try {
    value = call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new VigilError(`evaluating a temporal property's ${what} failed: ${message} (${where()})`, ExitCode.invariantEvaluation);
  }
  if (typeof value !== 'boolean') throw new VigilError(`a temporal property's ${what} returned ${formatValue(value)}, not a boolean`, ExitCode.invariantEvaluation);
  return value;
}

/** Whether step predicate `p` holds on edge `e`. */
export function stepPredicateHolds(graph: LivenessGraph, e: number, p: number): boolean {
  return (graph.stepPredicateBits[e * graph.stepPredicateWords + (p >>> 5)]! & (1 << (p & 31))) !== 0;
}
