import { threadId } from 'node:worker_threads';
import { VigilError } from '../errors.js';
import type { RuntimeModel, StepRef } from '../runtime-model.js';
import type { FingerprintEdgeLog } from '../search/expander.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { FairnessGroups, type GroupSetDescription } from './fairness-groups.js';
import { statePredicateHolds, stepPredicateHoldsOn, type LivenessGraphRecorder } from './liveness-graph.js';
import { OrdinalTable } from './ordinal-table.js';
import { planTemporalChecks } from './property-plan.js';

/**
 * The liveness graph as the parallel engine's threads record it. A worker does not
 * know the ordinals of the successors it finds (the coordinator numbers a level's
 * new states after the level), nor the order the sequential engine would give them.
 * So each thread logs, for every state it expands, one record keyed by
 * fingerprints, and the coordinator replays a level's records in the sequential
 * engine's order into the one LivenessGraphRecorder (EdgeLogReplay): the graph,
 * its ordinals and so its lassos are the single engine's, and nothing is
 * explored again after the search.
 *
 * A record, in Int32 words:
 *   parent hi, parent lo, enabled set, edge count, predicate bits (one word per 32),
 *   then per edge: target hi, target lo, position << 16 | group set, step predicate bits.
 * Group sets are the thread's own interned ids; the sets interned since its last
 * output travel with it (FairnessGroups.describeSets) for the coordinator to translate.
 */
export interface LevelEdges {
  /** The thread that logged them (its sets' ids are its own). */
  readonly source: number;
  readonly records: Int32Array;
  /** The thread's sets from id `firstSet` on that the coordinator has not seen. */
  readonly firstSet: number;
  readonly sets: GroupSetDescription[];
  /** A predicate or `where` condition that failed (thrown by finish() if the safety search ends ok). */
  readonly failure: { readonly message: string; readonly exitCode: number } | null;
}

const HEADER = 4;

/** The log of a thread's expansions, for the expander (see FingerprintEdgeLog). */
export class EdgeLog<S extends object> implements FingerprintEdgeLog<S> {
  readonly byFingerprint = true;
  private readonly predicateWords: number;
  private readonly stepWords: number;
  private readonly fingerprint = new Fingerprinter();
  private readonly enabledScratch: number[] = [];
  private readonly next;
  /** Levels alternate between two buffers: the coordinator replays a level's records while the next one is logged. */
  private readonly buffers = [sharedInt32(1 << 14), sharedInt32(1 << 14)];
  private current = 0;
  private records = this.buffers[0]!;
  private length = 0;
  private outputStart = 0;
  private level = -1;
  /** Where the record of the state being expanded starts (-1: none open). */
  private open = -1;
  private parentHi = 0;
  private parentLo = 0;
  private parentState: S | null = null;
  private parentCopy: S | null = null;
  private setsSent = 1;
  private failure: VigilError | null = null;

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly groups: FairnessGroups,
    private readonly predicates: readonly ((s: any) => boolean)[],
    private readonly stepPredicates: readonly ((s: any, t: any) => boolean)[],
  ) {
    this.predicateWords = Math.ceil(predicates.length / 32);
    this.stepWords = Math.ceil(stepPredicates.length / 32);
    this.next = this.stepWords === 0 ? null : model.codec.createScratch();
  }

  /** Starts a level (`level`: its first ordinal); the rounds of one level append. */
  startLevel(level: number): void {
    if (level === this.level) return;
    this.level = level;
    this.current = 1 - this.current;
    this.records = this.buffers[this.current]!;
    this.length = 0;
    this.outputStart = 0;
  }

  beginState(state: S, words: Int32Array, base: number): void {
    this.fingerprint.compute(words, base, this.model.codec.words);
    this.parentHi = this.fingerprint.hi;
    this.parentLo = this.fingerprint.lo;
    this.parentState = state;
    // Step predicates read the parent beside a decoded successor: the parent's scratch may be shared, so a copy.
    if (this.stepWords > 0) this.parentCopy = this.model.codec.decodeFresh(words, base);
    this.enabledScratch.length = 0;
    this.open = this.length;
    this.reserve(HEADER + this.predicateWords);
    const at = this.length;
    this.records[at] = this.parentHi;
    this.records[at + 1] = this.parentLo;
    this.records[at + 2] = 0;
    this.records[at + 3] = 0;
    for (let w = 0; w < this.predicateWords; w++) this.records[at + HEADER + w] = 0;
    this.length += HEADER + this.predicateWords;
    if (this.failure !== null) return;
    try {
      for (let p = 0; p < this.predicates.length; p++) if (statePredicateHolds(this.predicates[p]!, state)) this.records[at + HEADER + (p >>> 5)]! |= 1 << (p & 31);
    } catch (error) {
      this.keep(error);
    }
  }

  edge(hi: number, lo: number, position: number, step: StepRef, words: Int32Array, base: number): void {
    if (hi === this.parentHi && lo === this.parentLo) return; // a stuttering step: neither an edge nor <<A>>_vars
    if (position > 0xffff) throw new Error('a state with more than 65,536 successors: the liveness graph stores positions in 16 bits');
    const set = this.groupSetOf(step);
    this.enabledSet(set);
    this.reserve(3 + this.stepWords);
    const at = this.length;
    this.records[at] = hi;
    this.records[at + 1] = lo;
    this.records[at + 2] = (position << 16) | set;
    for (let w = 0; w < this.stepWords; w++) this.records[at + 3 + w] = 0;
    this.length += 3 + this.stepWords;
    this.records[this.open + 3]!++;
    if (this.stepWords === 0 || this.failure !== null) return;
    try {
      const next = this.next!.decode(words, base);
      for (let p = 0; p < this.stepPredicates.length; p++) if (stepPredicateHoldsOn(this.stepPredicates[p]!, this.parentCopy!, next)) this.records[at + 3 + (p >>> 5)]! |= 1 << (p & 31);
    } catch (error) {
      this.keep(error);
    }
  }

  enabled(step: StepRef): void {
    this.enabledSet(this.groupSetOf(step));
  }

  endState(): void {
    this.records[this.open + 2] = this.enabledScratch.length === 0 ? 0 : this.groups.union(this.enabledScratch);
    this.open = -1;
  }

  /** Drops the record of a state whose expansion did not finish (it is expanded again, or the search stops). */
  rollback(): void {
    if (this.open < 0) return;
    this.length = this.open;
    this.open = -1;
  }

  /**
   * The records logged since the last take, with the sets the coordinator has not
   * seen. A view of shared memory: posting it shares it; the rounds of a level
   * append, so earlier views stay valid until the level after the next one.
   */
  take(): LevelEdges {
    const records = this.records.subarray(this.outputStart, this.length);
    this.outputStart = this.length;
    const firstSet = this.setsSent;
    const sets = this.groups.describeSets(firstSet);
    this.setsSent += sets.length;
    const failure = this.failure === null ? null : { message: this.failure.message, exitCode: this.failure.exitCode };
    return { source: threadId, records, firstSet, sets, failure };
  }

  private reserve(words: number): void {
    if (this.length + words <= this.records.length) return;
    // Views taken before keep the old array, which no one writes again.
    const grown = sharedInt32(Math.max(this.length + words, this.records.length * 2));
    grown.set(this.records.subarray(0, this.length));
    this.records = this.buffers[this.current] = grown;
  }

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

  private keep(error: unknown): void {
    if (!(error instanceof VigilError)) throw error;
    this.failure ??= error;
  }
}

/** A thread's log for a model with temporal properties (the caller checked that the search can record). */
export function edgeLogFor<S extends object>(model: RuntimeModel<S>): EdgeLog<S> {
  const plan = planTemporalChecks(model.def.temporal!);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  return new EdgeLog(model, groups, plan.predicates, plan.stepPredicates ?? []);
}

/**
 * The coordinator's side: replays each level's records, parents in the order the
 * sequential engine expands them and each parent's edges in successor order, so a
 * successor seen for the first time gets the ordinal the sequential engine gives
 * it. A fingerprint-to-ordinal table (these ordinals, not the parallel engine's)
 * finds the targets seen before. A level whose records do not cover it exactly
 * (the search stopped inside it) ends the replay: `complete` turns false and the
 * liveness pass, if it runs at all, explores the graph itself.
 */
export class EdgeLogReplay {
  private readonly table = new OrdinalTable();
  private readonly translations = new Map<number, number[]>();
  /** States whose records were replayed (the next level starts here). */
  private expanded = 0;
  complete = true;

  constructor(readonly recorder: LivenessGraphRecorder<any>) {}

  get bytes(): number {
    return this.table.bytes + this.recorder.bytes;
  }

  get tableBytes(): number {
    return this.table.bytes;
  }

  /** An initial state, in the order they are stored (`initialIndex`: its index among the generated ones). */
  seed(hi: number, lo: number, initialIndex: number): void {
    if (this.table.findOrInsert(hi, lo, this.recorder.states) < 0) this.recorder.appendState(initialIndex);
  }

  /** The records of one whole level, from every thread that expanded part of it. */
  replayLevel(logs: readonly LevelEdges[]): void {
    if (!this.complete) return;
    for (const log of logs) this.adopt(log);
    const first = this.expanded;
    const count = this.recorder.states - first;
    const placed = this.place(logs, first, count);
    if (placed === null) {
      this.complete = false;
      return;
    }
    const { predicates, stepWords } = this.recorder.shape;
    const predicateWords = Math.ceil(predicates / 32);
    for (let i = 0; i < count; i++) {
      const log = logs[placed[2 * i]!]!;
      const records = log.records;
      const translation = this.translations.get(log.source)!;
      let at = placed[2 * i + 1]!;
      const edges = records[at + 3]!;
      this.recorder.setPredicates(first + i, records, at + HEADER);
      this.recorder.beginEdges();
      const enabled = translation[records[at + 2]!]!;
      at += HEADER + predicateWords;
      for (let e = 0; e < edges; e++, at += 3 + stepWords) {
        let target = this.table.findOrInsert(records[at]!, records[at + 1]!, this.recorder.states);
        if (target < 0) target = this.recorder.appendState(-1);
        const packed = records[at + 2]!;
        this.recorder.appendEdge(target, packed >>> 16, translation[packed & 0xffff]!);
        if (stepWords > 0) this.recorder.appendStepBits(records, at + 3);
      }
      this.recorder.endEdges(enabled);
    }
    this.expanded += count;
  }

  /** For the level's i-th state (ordinal first + i): its log and where its record starts; null if they do not match the level. */
  private place(logs: readonly LevelEdges[], first: number, count: number): Int32Array | null {
    const placed = new Int32Array(2 * count).fill(-1);
    const { predicates, stepWords } = this.recorder.shape;
    const fixed = HEADER + Math.ceil(predicates / 32);
    let records = 0;
    for (let l = 0; l < logs.length; l++) {
      const log = logs[l]!.records;
      for (let at = 0; at < log.length; at += fixed + log[at + 3]! * (3 + stepWords)) {
        const i = this.table.find(log[at]!, log[at + 1]!) - first;
        if (i < 0 || i >= count || placed[2 * i]! >= 0) return null;
        placed[2 * i] = l;
        placed[2 * i + 1] = at;
        records++;
      }
    }
    return records === count ? placed : null;
  }

  /** Translates the thread's new sets into the recorder's, and keeps its first failure. */
  private adopt(log: LevelEdges): void {
    let translation = this.translations.get(log.source);
    if (translation === undefined) this.translations.set(log.source, (translation = [0]));
    log.sets.forEach((set, i) => (translation![log.firstSet + i] = this.recorder.groups.setFromDescription(set)));
    if (log.failure) this.recorder.fail(new VigilError(log.failure.message, log.failure.exitCode));
  }
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}
