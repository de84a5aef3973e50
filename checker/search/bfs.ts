import type { ActionPropertyDef, StatePropertyDef } from '../../spec/definitions.js';
import { StateExpander, StepEvaluationError, type EdgeRecorder, type ExpansionSink } from './expander.js';
import type { Finding, ProgressInfo, SearchOutcome, TraceRequest } from './outcome.js';
import type { RuntimeModel } from '../runtime-model.js';
import { SearchRecord, type CutReason } from './search-record.js';
import { StateQueue } from './state-queue.js';
import { QueueSpill } from './queue-spill.js';
import { TraceLinks } from '../trace/trace-links.js';
import { rebuildTrace, type TraceStep } from '../trace/trace.js';
import { FingerprintSet } from './visited-set.js';
import { WideFingerprintSet } from './wide-visited-set.js';
import { confirmFinding } from '../trace/trace-verification.js';
import { actionReportOf } from './action-report.js';
import type { LevelPoint } from './outcome.js';
import type { Checkpointer } from '../checkpoint/checkpointer.js';
import type { SavedSearch } from '../checkpoint/saved-search.js';
import { restoreSequential, sequentialSnapshot, type SequentialParts } from '../checkpoint/sequential-snapshot.js';
import type { StopRequest } from './stop-request.js';
import type { SymmetryReduction } from '../symmetry/canonicalizer.js';

export interface SearchOptions {
  /** Keep searching after a violation, collecting the first violation of each property. */
  readonly continueAfterViolation: boolean;
  /** Deepest BFS level to explore (initial states are level 1). */
  readonly maxDepth: number;
  readonly checkDeadlock: boolean;
  readonly invariants: readonly StatePropertyDef<any>[];
  readonly actionProperties: readonly ActionPropertyDef<any>[];
  readonly possibles: readonly StatePropertyDef<any>[];
  readonly maxMemoryBytes: number;
  /** Wall-clock budget of the search in milliseconds (Infinity: none). */
  readonly maxTimeMs: number;
  readonly progressIntervalMs: number;
  readonly onProgress?: (info: ProgressInfo) => void;
  /** Presize the visited table for this many states. */
  readonly expectedStates?: number;
  /** Below this optimistic collision probability the fingerprint-gap estimate is skipped. */
  readonly collisionGapThreshold: number;
  /** Count enabled / generated / new states per action. */
  readonly coverage?: boolean;
  /** Ends the search early when requested (verdict incomplete). */
  readonly stop?: StopRequest;
  /** Writes a snapshot of the search at its interval, and when a signal or the time budget ends it. */
  readonly checkpoint?: Checkpointer;
  /** A snapshot to continue from instead of seeding the initial states. */
  readonly resume?: SavedSearch;
  /** Symmetry reduction (null or absent: none). */
  readonly symmetry?: SymmetryReduction | null;
  /** Bytes of BFS queue kept in memory; whole chunks beyond it go to disk (default: no spill). */
  readonly queueMemoryBytes?: number;
  /** Where spilled queue chunks go (default: the OS temporary directory). */
  readonly spillDirectory?: string;
  /** 96 stores 96-bit fingerprints (12-byte table slots); default 64. */
  readonly fingerprintBits?: 64 | 96;
  /** States per queue chunk (tests use small chunks to spill small models). */
  readonly queueChunkStates?: number;
  /**
   * Receives the state graph for the liveness checks. The visited table then keeps
   * each state's ordinal beside its 64-bit fingerprint (4 bytes a slot more); not
   * with 96-bit fingerprints, symmetry or checkpoints.
   */
  readonly edgeRecorder?: EdgeRecorder<any>;
}

/**
 * The sequential breadth-first search: one StateExpander over a queue of packed
 * states. A state's ordinal is its queue position (states are queued in insertion
 * order), so the queue stores no ordinals and the trace links are indexed by it.
 */
export class BreadthFirstSearch<S extends object> implements ExpansionSink {
  private readonly visited: FingerprintSet | WideFingerprintSet;
  private readonly links: TraceLinks;
  private readonly queue: StateQueue;
  /** Disk behind the queue when `queueMemoryBytes` is set. */
  readonly spill: QueueSpill | undefined;
  private readonly expander: StateExpander<S>;
  private readonly record: SearchRecord;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();
  private initialGenerated = 0;
  private depth = 0;
  private expandingLevel = 1;
  private levelEnd = 0;
  /** Distinct states and queue size as each BFS level starts (one entry per level, for the run report). */
  private readonly levels: LevelPoint[] = [];
  private resumed = false;
  /** Search time of the runs before a resume, so progress rates stay averages over the whole search. */
  private elapsedBefore = 0;
  /** End of the current slice of work (see runYielding). */
  private sliceEndsAt = Infinity;
  private paused = false;

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly options: SearchOptions,
  ) {
    const saved = options.resume ? restoreSequential(options.resume, model.codec) : undefined;
    // Room for the expected states at the table's 0.85 load limit (one slot more against
    // rounding): a billion-state run cannot afford a growth copy for its last state.
    const slots = options.expectedStates ? Math.ceil(options.expectedStates / 0.85) + 1 : 1 << 12;
    this.visited = saved?.visited ?? visitedSetFor(options, slots);
    this.links = saved?.links ?? new TraceLinks(options.expectedStates);
    this.spill = options.queueMemoryBytes !== undefined ? new QueueSpill(options.spillDirectory) : undefined;
    const spill = this.spill ? { store: this.spill, memoryBytes: options.queueMemoryBytes! } : undefined;
    this.queue = saved?.queue ?? new StateQueue(model.codec.words, options.queueChunkStates, spill);
    this.expander = new StateExpander(model, options, this, options.edgeRecorder);
    this.record = new SearchRecord(options.continueAfterViolation, options.collisionGapThreshold);
    if (saved) this.resumeFrom(saved);
  }

  run(): SearchOutcome {
    try {
      this.guarded(() => {
        this.begin();
        this.advance(Infinity);
      });
    } finally {
      this.spill?.close();
      this.options.checkpoint?.close();
    }
    return this.outcome();
  }

  /**
   * The same search in slices of about `sliceMs`, yielding to the event loop in
   * between so that signal handlers (and a StopRequest they set) can run.
   */
  async runYielding(sliceMs: number): Promise<SearchOutcome> {
    try {
      let more = this.guarded(() => {
        this.begin();
        return this.advance(sliceMs);
      });
      while (more) {
        await new Promise((resolve) => setImmediate(resolve));
        more = this.guarded(() => this.advance(sliceMs));
      }
    } finally {
      this.spill?.close();
      this.options.checkpoint?.close();
    }
    return this.outcome();
  }

  /** Runs `work`; an evaluation error or the memory budget ends the search (returns false then). */
  private guarded(work: () => boolean | void): boolean {
    try {
      return work() === true;
    } catch (error) {
      if (error instanceof StepEvaluationError) this.stopWith(this.expander.describeStepError(error));
      else if (!(error instanceof MemoryBudgetReached)) throw error;
      return false;
    }
  }

  private begin(): void {
    if (!this.resumed) this.seedInitialStates();
  }

  /** Expands states until the search ends or the slice is used up; true if there is more to do. */
  private advance(sliceMs: number): boolean {
    this.paused = false;
    this.sliceEndsAt = Date.now() + sliceMs;
    while (this.queue.length > 0 && !this.record.stopped && !this.paused) this.expandNext();
    return this.paused && !this.record.stopped && this.queue.length > 0;
  }

  /** Bytes of the visited table. */
  get tableBytes(): number {
    return this.visited.bytes;
  }

  /** Rebuilds the counterexample for a finding of this search. */
  traceFor(request: TraceRequest, finding?: Finding): TraceStep[] {
    const steps = rebuildTrace(this.model, this.links, request, { stored: (hi, lo, extra) => this.visited.has(hi, lo, extra), symmetry: this.options.symmetry });
    if (finding) confirmFinding(this.model, finding, steps);
    return steps;
  }

  // ExpansionSink: called by the expander for each successor.

  insert(hi: number, lo: number, extra: number): boolean {
    if (this.visited.needsGrowth || this.queue.pushNeedsChunk) this.enforceMemoryBudget();
    return this.visited.insert(hi, lo, extra);
  }

  insertOrFind(hi: number, lo: number): number {
    if (this.visited.needsGrowth || this.queue.pushNeedsChunk) this.enforceMemoryBudget();
    return (this.visited as WideFingerprintSet).ordinalOrInsert(hi, lo, this.links.size);
  }

  touch(hi: number): number {
    return this.visited.touch(hi);
  }

  store(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number): void {
    this.links.add(parentOrdinal, successorIndex);
    this.queue.push(words, base);
    const level = parentOrdinal < 0 ? 1 : this.expandingLevel + 1;
    if (level > this.depth) this.depth = level;
  }

  report(finding: Finding): void {
    this.record.report(finding);
  }

  private seedInitialStates(): void {
    this.model.forEachInitialState((state, index) => {
      if (this.record.stopped) return;
      this.initialGenerated++;
      this.expander.seed(state, index);
    });
    this.levelEnd = this.queue.tailOrdinal;
    this.levels.push({ level: 1, distinctStates: this.links.size, queueSize: this.queue.length });
  }

  private expandNext(): void {
    if (this.queue.headOrdinal === this.levelEnd) {
      this.expandingLevel++;
      this.levelEnd = this.queue.tailOrdinal;
      this.levels.push({ level: this.expandingLevel, distinctStates: this.links.size, queueSize: this.queue.length });
    }
    if (this.expandingLevel >= this.options.maxDepth) {
      this.stop('depth');
      return;
    }
    const ordinal = this.queue.headOrdinal;
    const chunk = this.queue.take();
    this.expander.expand(chunk, this.queue.takenBase, ordinal);
    if ((ordinal & 1023) === 0) this.everyThousandStates();
  }

  private everyThousandStates(): void {
    const now = Date.now();
    if (now - this.startedAt > this.options.maxTimeMs) this.stopResumably('time');
    else if (this.options.stop?.requested) this.stopResumably('interrupt');
    else if (this.options.checkpoint?.due(now)) this.saveCheckpoint();
    if (now >= this.sliceEndsAt) this.paused = true;
    this.maybeReportProgress();
  }

  /** Stops between two states, where a snapshot is consistent: save one so the run can go on later. */
  private stopResumably(reason: CutReason): void {
    if (this.options.checkpoint) this.saveCheckpoint();
    this.stop(reason);
  }

  private saveCheckpoint(): void {
    const record = this.record.snapshot();
    const parts: SequentialParts = {
      // resolveSearchSettings refuses checkpoints with 96-bit fingerprints, so this is the 64-bit table.
      visited: this.visited as FingerprintSet,
      links: this.links,
      queue: this.queue,
      record: { ...record, satisfiedPossibles: [...new Set([...record.satisfiedPossibles, ...this.expander.satisfiedPossibles])] },
      counters: {
        initialGenerated: this.initialGenerated,
        generated: this.expander.generated,
        constrainedOut: this.expander.constrainedOut,
        depth: this.depth,
        expandingLevel: this.expandingLevel,
        levelEnd: this.levelEnd,
        elapsedMs: Date.now() - this.startedAt + this.elapsedBefore,
      },
    };
    this.options.checkpoint!.write(sequentialSnapshot(parts), this.links.size);
  }

  private resumeFrom(saved: NonNullable<ReturnType<typeof restoreSequential>>): void {
    const counters = saved.counters;
    this.initialGenerated = counters.initialGenerated;
    this.expander.generated = counters.generated;
    this.expander.constrainedOut = counters.constrainedOut;
    this.depth = counters.depth;
    this.expandingLevel = counters.expandingLevel;
    this.levelEnd = counters.levelEnd;
    this.elapsedBefore = counters.elapsedMs;
    this.record.restore(saved.record);
    for (const name of saved.record.satisfiedPossibles) this.expander.satisfiedPossibles.add(name);
    this.resumed = true;
  }

  private stop(reason: CutReason): void {
    this.record.stop(reason);
  }

  private stopWith(finding: Finding): void {
    this.record.report(finding);
    this.record.stop('violation');
  }

  private enforceMemoryBudget(): void {
    const growth = (this.visited.needsGrowth ? this.visited.bytesAfterGrowth : 0) + (this.queue.pushNeedsChunk ? this.queue.chunkBytes : 0);
    // A recorded liveness graph counts too: the run holds it until the liveness pass.
    const projected = this.visited.bytes + this.links.bytes + this.queue.bytes + growth + (this.options.edgeRecorder?.bytes ?? 0);
    if (projected <= this.options.maxMemoryBytes) return;
    this.stop('memory');
    throw new MemoryBudgetReached();
  }

  private maybeReportProgress(): void {
    if (!this.options.onProgress) return;
    const now = Date.now();
    if (now - this.lastProgressAt < this.options.progressIntervalMs) return;
    this.lastProgressAt = now;
    this.options.onProgress({
      elapsedMs: now - this.startedAt + this.elapsedBefore,
      depth: this.depth,
      distinctStates: this.links.size,
      generatedStates: this.initialGenerated + this.expander.generated,
      queueLeft: this.queue.length,
    });
  }

  private outcome(): SearchOutcome {
    for (const name of this.expander.satisfiedPossibles) this.record.satisfiedPossibles.add(name);
    const counts = {
      distinct: this.links.size,
      generated: this.initialGenerated + this.expander.generated,
      depth: this.depth,
      queueLeft: this.queue.length,
      constrainedOut: this.expander.constrainedOut,
      tableBytes: this.visited.bytes,
      linkBytesPerState: this.links.bytesPerEntry,
      smallestGap: () => this.visited.smallestGap(),
    };
    const outcome = {
      ...this.record.outcome(counts, this.options.possibles.map((p) => p.name)),
      actionReport: actionReportOf(this.model, this.expander),
      levels: this.levels,
      ...(this.spill ? { queueSpill: { memoryBytes: this.options.queueMemoryBytes!, chunksWritten: this.spill.chunksWritten, peakBytesOnDisk: this.spill.peakBytesOnDisk } } : {}),
    };
    return this.options.fingerprintBits === 96 ? { ...outcome, fingerprintBits: 96 } : outcome;
  }
}

function visitedSetFor(options: SearchOptions, slots: number): FingerprintSet | WideFingerprintSet {
  if (options.edgeRecorder) {
    if (options.fingerprintBits === 96 || options.symmetry || options.checkpoint || options.resume) throw new Error('internal error: the search records edges only with 64-bit fingerprints, no symmetry and no checkpoints');
    return new WideFingerprintSet(slots, true);
  }
  return options.fingerprintBits === 96 ? new WideFingerprintSet(slots) : new FingerprintSet(slots);
}

export class MemoryBudgetReached extends Error {
  constructor() {
    super('memory budget reached');
  }
}
