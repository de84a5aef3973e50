import type { ActionPropertyDef, StatePropertyDef } from '../spec/definitions.js';
import type { ScratchState } from './codec.js';
import { OutOfTypeError } from './errors.js';
import { Fingerprinter } from './fingerprint.js';
import type { Finding, ProgressInfo, SearchOutcome, TraceRequest } from './outcome.js';
import { ActionFailure, formatStep, type RuntimeModel, type StepRef } from './runtime-model.js';
import { smallestGap } from './collision.js';
import { formatValue } from './format-value.js';
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
  /** Whether to compute the fingerprint-gap collision estimate when it matters. */
  readonly collisionGapThreshold: number;
}

/** Thrown from the successor visitor to unwind to the engine's error handling. */
class StepEvaluationError extends Error {
  constructor(
    readonly step: StepRef,
    override readonly cause: unknown,
    readonly partialState: unknown,
  ) {
    super('step evaluation failed');
  }
}

/**
 * Breadth-first search over packed states. The per-state step order is fixed:
 *
 *   take the next packed state (its ordinal is its queue position) and decode it;
 *   for each action instance in order, on a fresh draft:
 *     1. guard and effect (the runtime model);
 *     2. encode the draft, validating every field against the schema;
 *     3. check action properties on (s, s');
 *     4. state constraint: a violating successor is counted but not stored;
 *     5. fingerprint and insert; a new state gets its trace link, is queued, and
 *        has its invariants and "possible" properties evaluated;
 *   after the actions: zero successors is a deadlock unless the state is terminal.
 */
export class BreadthFirstSearch<S extends object> {
  private readonly words: number;
  private readonly visited: FingerprintSet;
  private readonly links = new TraceLinks();
  private readonly queue: StateQueue;
  private readonly fingerprint = new Fingerprinter();
  private readonly successorWords: Int32Array;
  /** The packed words of the state being expanded; each successor starts from them. */
  private readonly parentWords: Int32Array;
  private readonly current: ScratchState<S>;
  private readonly draft: ScratchState<S>;
  private readonly findings: Finding[] = [];
  private readonly violatedNames = new Set<string>();
  private readonly satisfiedPossibles = new Set<string>();
  private readonly cutBy = new Set<SearchOutcome['cutBy'][number]>();
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();

  private generated = 0;
  private depth = 0;
  private expandingLevel = 1;
  private levelEnd = 0;
  private parentOrdinal = -1;
  private parentState: S | undefined;
  private successorIndex = 0;
  private constrainedOut = 0;
  private stopped = false;
  private peakTableBytes = 0;

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly options: SearchOptions,
  ) {
    this.words = model.codec.words;
    this.visited = new FingerprintSet(options.expectedStates ? Math.ceil(options.expectedStates / 0.7) : 1 << 12);
    this.queue = new StateQueue(this.words);
    this.successorWords = new Int32Array(this.words);
    this.parentWords = new Int32Array(this.words);
    this.current = model.codec.createScratch();
    this.draft = model.codec.createScratch();
  }

  run(): SearchOutcome {
    try {
      this.seedInitialStates();
      while (this.queue.length > 0 && !this.stopped) this.expandNext();
    } catch (error) {
      if (error instanceof StepEvaluationError) this.recordStepError(error);
      else if (!(error instanceof MemoryBudgetReached)) throw error;
    }
    return this.outcome();
  }

  /** Rebuilds the counterexample for a finding of this search. */
  traceFor(request: TraceRequest): TraceStep[] {
    return rebuildTrace(this.model, this.links, request);
  }

  private seedInitialStates(): void {
    const initial = this.model.initialStates();
    initial.forEach((state, index) => {
      if (this.stopped) return;
      this.generated++;
      this.encodeOrThrow(state, undefined);
      if (!this.satisfiesConstraints(state)) {
        this.constrainedOut++;
        this.cutBy.add('constraint');
        return;
      }
      this.storeIfNew(state, -1, index);
    });
    this.levelEnd = this.queue.tailOrdinal;
    if (this.queue.tailOrdinal > 0) this.depth = 1;
  }

  private expandNext(): void {
    if (this.queue.headOrdinal === this.levelEnd) {
      this.expandingLevel++;
      this.levelEnd = this.queue.tailOrdinal;
    }
    if (this.expandingLevel >= this.options.maxDepth) {
      this.cutBy.add('depth');
      this.stopped = true;
      return;
    }
    this.parentOrdinal = this.queue.headOrdinal;
    const chunk = this.queue.take();
    const base = this.queue.takenBase;
    for (let i = 0; i < this.words; i++) this.parentWords[i] = chunk[base + i]!;
    const state = this.current.decode(chunk, base);
    this.parentState = state;
    this.successorIndex = 0;
    let successors: number;
    try {
      successors = this.model.forEachSuccessor(state, this.draft, this.visitSuccessor);
    } catch (error) {
      if (error instanceof ActionFailure) throw new StepEvaluationError(error.step, error.cause, error.partialState);
      throw error;
    }
    if (successors === 0 && this.options.checkDeadlock && !this.isTerminal(state)) {
      this.record({ verdict: 'deadlock', property: null, message: 'Deadlock reached.', trace: { ordinal: this.parentOrdinal } });
    }
    if ((this.parentOrdinal & 1023) === 0) this.maybeReportProgress();
  }

  /** Steps 2–5 of the fixed order, for one successor (an arrow function: it is passed as a callback). */
  private readonly visitSuccessor = (next: S, step: StepRef): void => {
    const index = this.successorIndex++;
    this.generated++;
    this.encodeSuccessorOrThrow(next, step);
    if (this.options.actionProperties.length > 0) this.checkActionProperties(next, step, index);
    if (!this.satisfiesConstraints(next)) {
      this.constrainedOut++;
      this.cutBy.add('constraint');
      this.checkInvariants(next, { ordinal: this.parentOrdinal, successorIndex: index });
      return;
    }
    this.storeIfNew(next, this.parentOrdinal, index);
  };

  private storeIfNew(state: S, parent: number, index: number): void {
    const words = this.successorWords;
    this.fingerprint.compute(words, 0, this.words);
    if (this.visited.needsGrowth || this.queue.pushNeedsChunk) this.enforceMemoryBudget();
    if (!this.visited.insert(this.fingerprint.hi, this.fingerprint.lo)) return;
    const ordinal = this.links.size;
    this.links.add(parent, index);
    this.queue.push(words, 0);
    if (this.expandingLevel + (parent < 0 ? 0 : 1) > this.depth) this.depth = this.expandingLevel + (parent < 0 ? 0 : 1);
    this.checkInvariants(state, { ordinal });
    this.notePossibles(state);
  }

  private encodeOrThrow(state: S, step: StepRef | undefined): void {
    try {
      this.model.codec.encode(state, this.successorWords, 0);
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      throw new StepEvaluationError(step ?? initialStep, error, state);
    }
  }

  /** Starts from the parent's words and patches the fields the step changed. */
  private encodeSuccessorOrThrow(next: S, step: StepRef): void {
    const words = this.successorWords;
    for (let i = 0; i < this.words; i++) words[i] = this.parentWords[i]!;
    try {
      this.model.codec.encodeDelta(next, this.parentState!, words, 0);
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      throw new StepEvaluationError(step, error, next);
    }
  }

  private satisfiesConstraints(state: S): boolean {
    for (const constraint of this.model.def.constraints) if (!constraint.holds(state)) return false;
    return true;
  }

  private checkInvariants(state: S, trace: TraceRequest): void {
    for (const invariant of this.options.invariants) {
      let holds: boolean;
      try {
        holds = invariant.holds(state);
      } catch (error) {
        this.record({ verdict: 'error', property: invariant.name, exitCode: 76, message: `evaluating invariant ${invariant.name} failed: ${messageOf(error)}`, trace });
        this.stopped = true;
        return;
      }
      if (!holds) this.record({ verdict: 'invariant', property: invariant.name, message: `Invariant ${invariant.name} is violated.`, trace });
    }
  }

  private checkActionProperties(next: S, step: StepRef, index: number): void {
    for (const property of this.options.actionProperties) {
      if (!property.holds(this.parentState!, next)) {
        this.record({
          verdict: 'action',
          property: property.name,
          message: `Action property ${property.name} is violated by step ${formatStep(step)}.`,
          trace: { ordinal: this.parentOrdinal, successorIndex: index },
        });
      }
    }
  }

  private notePossibles(state: S): void {
    for (const possible of this.options.possibles) {
      if (!this.satisfiedPossibles.has(possible.name) && possible.holds(state)) this.satisfiedPossibles.add(possible.name);
    }
  }

  private isTerminal(state: S): boolean {
    return this.model.def.terminal ? this.model.def.terminal(state) : false;
  }

  private record(finding: Finding): void {
    const key = `${finding.verdict}:${finding.property ?? ''}`;
    if (this.violatedNames.has(key)) return;
    this.violatedNames.add(key);
    this.findings.push(finding);
    if (!this.options.continueAfterViolation || finding.verdict === 'error') {
      this.stopped = true;
      this.cutBy.add('violation');
    }
  }

  private recordStepError(error: StepEvaluationError): void {
    if (this.findings.some((f) => f.verdict === 'error')) return;
    const assertion = (error.cause as { name?: string })?.name === 'AssertionViolation';
    const property = assertion ? (error.cause as { property: string }).property : null;
    const where = error.step === initialStep ? 'initial state' : `action ${formatStep(error.step)}`;
    this.findings.push({
      verdict: assertion ? 'assertion' : 'error',
      property,
      exitCode: assertion ? undefined : 75,
      message: assertion
        ? `Assertion ${property} failed in ${where}${detailOf(error.cause)}.`
        : `${where}: ${messageOf(error.cause)} (in state ${this.parentState ? formatValue(this.parentState) : 'none'})`,
      trace: { ordinal: this.parentOrdinal, failedStep: { step: error.step, partialState: error.partialState } },
    });
    this.stopped = true;
    this.cutBy.add('violation');
  }

  private enforceMemoryBudget(): void {
    const growth = (this.visited.needsGrowth ? this.visited.bytesAfterGrowth : 0) + (this.queue.pushNeedsChunk ? this.queue.chunkBytes : 0);
    const projected = this.visited.bytes + this.links.bytes + this.queue.bytes + growth;
    this.peakTableBytes = Math.max(this.peakTableBytes, this.visited.bytes);
    if (projected <= this.options.maxMemoryBytes) return;
    this.cutBy.add('memory');
    this.stopped = true;
    throw new MemoryBudgetReached();
  }

  private maybeReportProgress(): void {
    if (!this.options.onProgress) return;
    const now = Date.now();
    if (now - this.lastProgressAt < this.options.progressIntervalMs) return;
    this.lastProgressAt = now;
    this.options.onProgress(this.progress(now));
  }

  private progress(now: number): ProgressInfo {
    return {
      elapsedMs: now - this.startedAt,
      depth: this.depth,
      distinctStates: this.links.size,
      generatedStates: this.generated,
      queueLeft: this.queue.length,
    };
  }

  private outcome(): SearchOutcome {
    const distinct = this.links.size;
    const optimistic = (distinct * Math.max(0, this.generated - distinct)) / 2 ** 64;
    const gap = optimistic >= this.options.collisionGapThreshold && distinct > 1 ? smallestGap(this.visited.toBigUint64Array()) : null;
    const complete = this.cutBy.size === 0 || (this.cutBy.size === 1 && this.cutBy.has('constraint'));
    return {
      distinctStates: distinct,
      generatedStates: this.generated,
      depth: this.depth,
      queueLeft: this.queue.length,
      findings: this.findings,
      cutBy: [...this.cutBy],
      constrainedOut: this.constrainedOut,
      bytesPerState: distinct === 0 ? 0 : (this.visited.bytes + distinct * this.links.bytesPerEntry) / distinct,
      peakTableBytes: Math.max(this.peakTableBytes, this.visited.bytes),
      smallestFingerprintGap: gap,
      unsatisfiedPossibles: complete ? this.options.possibles.map((p) => p.name).filter((n) => !this.satisfiedPossibles.has(n)) : [],
    };
  }
}

export class MemoryBudgetReached extends Error {
  constructor() {
    super('memory budget reached');
  }
}

const initialStep: StepRef = Object.freeze({ action: { name: 'Init', effect: () => undefined }, params: {}, actor: undefined });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function detailOf(cause: unknown): string {
  const detail = (cause as { detail?: string })?.detail;
  return detail ? `: ${detail}` : '';
}
