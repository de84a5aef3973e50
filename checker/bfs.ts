import type { ActionPropertyDef, StatePropertyDef } from '../spec/definitions.js';
import { smallestGap } from './collision.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from './expander.js';
import type { Finding, ProgressInfo, SearchOutcome, TraceRequest } from './outcome.js';
import type { RuntimeModel } from './runtime-model.js';
import { StateQueue } from './state-queue.js';
import { TraceLinks } from './trace-links.js';
import { rebuildTrace, type TraceStep } from './trace.js';
import { FingerprintSet } from './visited-set.js';

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
  readonly progressIntervalMs: number;
  readonly onProgress?: (info: ProgressInfo) => void;
  /** Presize the visited table for this many states. */
  readonly expectedStates?: number;
  /** Below this optimistic collision probability the fingerprint-gap estimate is skipped. */
  readonly collisionGapThreshold: number;
}

/** Why a search stopped early or is partial. */
type CutReason = SearchOutcome['cutBy'][number];

/**
 * The sequential breadth-first search: one StateExpander over a queue of packed
 * states. A state's ordinal is its queue position (states are queued in insertion
 * order), so the queue stores no ordinals and the trace links are indexed by it.
 */
export class BreadthFirstSearch<S extends object> implements ExpansionSink {
  private readonly visited: FingerprintSet;
  private readonly links = new TraceLinks();
  private readonly queue: StateQueue;
  private readonly expander: StateExpander<S>;
  private readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();
  private readonly cutBy = new Set<CutReason>();
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();
  private initialGenerated = 0;
  private depth = 0;
  private expandingLevel = 1;
  private levelEnd = 0;
  private stopped = false;

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly options: SearchOptions,
  ) {
    this.visited = new FingerprintSet(options.expectedStates ? Math.ceil(options.expectedStates / 0.7) : 1 << 12);
    this.queue = new StateQueue(model.codec.words);
    this.expander = new StateExpander(model, options, this);
  }

  run(): SearchOutcome {
    try {
      this.seedInitialStates();
      while (this.queue.length > 0 && !this.stopped) this.expandNext();
    } catch (error) {
      if (error instanceof StepEvaluationError) this.stopWith(this.expander.describeStepError(error));
      else if (!(error instanceof MemoryBudgetReached)) throw error;
    }
    return this.outcome();
  }

  /** Rebuilds the counterexample for a finding of this search. */
  traceFor(request: TraceRequest): TraceStep[] {
    return rebuildTrace(this.model, this.links, request);
  }

  // ExpansionSink: called by the expander for each successor.

  insert(hi: number, lo: number): boolean {
    if (this.visited.needsGrowth || this.queue.pushNeedsChunk) this.enforceMemoryBudget();
    return this.visited.insert(hi, lo);
  }

  store(words: Int32Array, parentOrdinal: number, successorIndex: number): void {
    this.links.add(parentOrdinal, successorIndex);
    this.queue.push(words, 0);
    const level = parentOrdinal < 0 ? 1 : this.expandingLevel + 1;
    if (level > this.depth) this.depth = level;
  }

  report(finding: Finding): void {
    const key = `${finding.verdict}:${finding.property ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
    if (!this.options.continueAfterViolation || finding.verdict === 'error') this.stop('violation');
  }

  private seedInitialStates(): void {
    this.model.forEachInitialState((state, index) => {
      if (this.stopped) return;
      this.initialGenerated++;
      this.expander.seed(state, index);
    });
    this.levelEnd = this.queue.tailOrdinal;
  }

  private expandNext(): void {
    if (this.queue.headOrdinal === this.levelEnd) {
      this.expandingLevel++;
      this.levelEnd = this.queue.tailOrdinal;
    }
    if (this.expandingLevel >= this.options.maxDepth) {
      this.stop('depth');
      return;
    }
    const ordinal = this.queue.headOrdinal;
    const chunk = this.queue.take();
    this.expander.expand(chunk, this.queue.takenBase, ordinal);
    if ((ordinal & 1023) === 0) this.maybeReportProgress();
  }

  private stop(reason: CutReason): void {
    this.cutBy.add(reason);
    this.stopped = true;
  }

  private stopWith(finding: Finding): void {
    if (!this.findings.some((f) => f.verdict === 'error')) this.findings.push(finding);
    this.stop('violation');
  }

  private enforceMemoryBudget(): void {
    const growth = (this.visited.needsGrowth ? this.visited.bytesAfterGrowth : 0) + (this.queue.pushNeedsChunk ? this.queue.chunkBytes : 0);
    const projected = this.visited.bytes + this.links.bytes + this.queue.bytes + growth;
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
      elapsedMs: now - this.startedAt,
      depth: this.depth,
      distinctStates: this.links.size,
      generatedStates: this.initialGenerated + this.expander.generated,
      queueLeft: this.queue.length,
    });
  }

  private outcome(): SearchOutcome {
    const distinct = this.links.size;
    const generated = this.initialGenerated + this.expander.generated;
    const optimistic = (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
    const gap = optimistic >= this.options.collisionGapThreshold && distinct > 1 ? smallestGap(distinct, (visit) => this.visited.forEachFingerprint(visit)) : null;
    if (this.expander.constrainedOut > 0) this.cutBy.add('constraint');
    // "Possible" properties can only be refuted by a search that saw every state.
    const exhaustive = [...this.cutBy].every((reason) => reason === 'constraint');
    return {
      distinctStates: distinct,
      generatedStates: generated,
      depth: this.depth,
      queueLeft: this.queue.length,
      findings: this.findings,
      cutBy: [...this.cutBy],
      constrainedOut: this.expander.constrainedOut,
      bytesPerState: distinct === 0 ? 0 : (this.visited.bytes + distinct * this.links.bytesPerEntry) / distinct,
      peakTableBytes: this.visited.bytes,
      smallestFingerprintGap: gap,
      unsatisfiedPossibles: exhaustive ? this.options.possibles.map((p) => p.name).filter((n) => !this.expander.satisfiedPossibles.has(n)) : [],
    };
  }
}

export class MemoryBudgetReached extends Error {
  constructor() {
    super('memory budget reached');
  }
}
