import type { ActionPropertyDef, StatePropertyDef } from '../../spec/definitions.js';
import type { ScratchState } from '../state/codec.js';
import { OutOfTypeError } from '../errors.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { ActionCoverage } from './coverage.js';
import { formatValue } from '../state/format-value.js';
import { typeScriptLocation } from '../report/source-location.js';
import type { Finding, TraceRequest } from './outcome.js';
import type { SymmetryReduction } from '../symmetry/canonicalizer.js';
import { ActionFailure, formatStep, isAssertionFailure, type FailureHandler, type RuntimeModel, type StepRef } from '../runtime-model.js';

/** What the expander needs checked on every state and step. */
export interface PropertyOptions {
  readonly checkDeadlock: boolean;
  /** Report failed step assertions and go on (skipping the step) instead of stopping. */
  readonly continueAfterViolation: boolean;
  readonly invariants: readonly StatePropertyDef<any>[];
  readonly actionProperties: readonly ActionPropertyDef<any>[];
  readonly possibles: readonly StatePropertyDef<any>[];
  /** Count enabled / generated / new states per action (--coverage). */
  readonly coverage?: boolean;
  /** Fingerprint each state's orbit representative instead of the state (symmetry reduction). */
  readonly symmetry?: SymmetryReduction | null;
  /** 96: a third fingerprint lane goes to the sink's `insert` (default 64). */
  readonly fingerprintBits?: 64 | 96;
}

/**
 * Where expanded states go. The sequential engine backs it with its own
 * fingerprint table and queue; a parallel worker with the shared table and a
 * per-level output buffer.
 */
export interface ExpansionSink {
  /** Inserts a fingerprint (`extra`: its third lane, 96-bit runs only); true if it was new. */
  insert(hi: number, lo: number, extra: number): boolean;
  /**
   * Reads the fingerprint's home slot without inserting. Called for a whole batch
   * of successors before their inserts, so the CPU overlaps the cache misses
   * (when successors are routed, the second argument is the successor's owner
   * shard instead of `lo`: the router reads its own shard's table or the table of
   * fingerprints sent before, whichever the successor will use).
   */
  touch(hi: number, loOrOwner: number): number;
  /**
   * Optional: called before a state's inserts with how many may follow. It may
   * throw (the parallel table must grow first) before any of them is made, so the
   * state can be expanded again.
   */
  reserve?(count: number): void;
  /** Keeps a new state: its packed words at `base`, its parent's ordinal and its position among the parent's successors. */
  store(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number): void;
  /** A violation or error; the sink decides whether the search goes on. */
  report(finding: Finding): void;
  /**
   * Optional: the successors go elsewhere to be deduplicated (the cluster sends each
   * to the shard that owns its fingerprint, which calls `admitRecords`). When present, the
   * expander neither inserts nor stores nor checks successors here: it hands each
   * over with its fingerprint, and only the owner knows whether it is new.
   */
  route?(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number, hi: number, lo: number, extra: number, owner: number): void;
  /**
   * With `route`: the owner of a successor, asked as it is fingerprinted, from the
   * words that name its orbit (its representative under symmetry, else itself).
   */
  ownerOf?(words: Int32Array, base: number, lo: number): number;
  /**
   * Optional, for an EdgeRecorder: `insert` that returns -1 for a new fingerprint
   * and the ordinal of its state for one seen before.
   */
  insertOrFind?(hi: number, lo: number, extra: number): number;
}

/**
 * Receives the state graph as a search builds it, for the liveness checks
 * (temporal/liveness-graph.ts), so they need not explore it again. States arrive
 * in ordinal order (`addState`); the successors of each expanded state, in
 * ordinal order too, between `beginState` and `endState`: `edge` for a kept
 * successor (in successor order, stuttering steps included: the recorder drops
 * them) and `enabled` for one a state constraint dropped. The recorder works out
 * each step's fairness groups itself (a `where` condition reads the parent state,
 * and only steps that are not stuttering count). Needs the sink's `insertOrFind`.
 */
export interface EdgeRecorder<S> {
  /** A new state, the next ordinal; `initialIndex` for an initial state, else -1. */
  addState(state: S, initialIndex: number): void;
  /** The state `ordinal` (decoded as `state`, encoded at `words[base..]`) is expanded next. */
  beginState(ordinal: number, state: S, words: Int32Array, base: number): void;
  /** A kept successor: its state's ordinal, its position among the successors, its step and its words. */
  edge(target: number, position: number, step: StepRef, words: Int32Array, base: number): void;
  /** A successor a state constraint dropped (its step counts as enabled). */
  enabled(step: StepRef): void;
  endState(): void;
  /** The ordinal the next `addState` gets. */
  readonly states: number;
  /** Bytes held so far (the search counts them against its memory budget). */
  readonly bytes: number;
}

/**
 * The state graph as a parallel thread logs it (temporal/edge-log.ts): it knows
 * its successors by fingerprint only, since ordinals are given after the level.
 * Each expanded state: `beginState`, then `enabled` for successors a state
 * constraint dropped (during the steps) and `edge` for every kept successor in
 * successor order (after the inserts), then `endState`. An expansion that throws
 * leaves its record open (the caller rolls it back).
 */
export interface FingerprintEdgeLog<S> {
  readonly byFingerprint: true;
  beginState(state: S, words: Int32Array, base: number): void;
  edge(hi: number, lo: number, position: number, step: StepRef, words: Int32Array, base: number): void;
  enabled(step: StepRef): void;
  endState(): void;
}

/** Thrown when a step cannot be evaluated; the driver stops the search. */
export class StepEvaluationError extends Error {
  constructor(
    readonly step: StepRef,
    override readonly cause: unknown,
    /** The state being expanded (-1 for an initial state, then `initialIndex` says which). */
    readonly parentOrdinal: number,
    readonly initialIndex?: number,
  ) {
    super('step evaluation failed');
  }
}

/**
 * Expands one state at a time, in a fixed step order shared by every engine:
 *
 *   decode the packed state;
 *   for each action instance in order (steps of actors whose pc is elsewhere are
 *   skipped before any model code runs), on a fresh draft:
 *     1. guard and effect (the runtime model); on sampled states, check that the
 *        effect left the current state alone;
 *     2. encode the draft from the parent's words, validating the changed fields;
 *     3. check action properties on (s, s');
 *     4. state constraint: a violating successor is counted but not stored
 *        (its invariants and "possible" properties are still evaluated, as TLC
 *        evaluates invariants there);
 *     5. fingerprint, kept in a batch;
 *   after the actions:
 *     6. touch every batched fingerprint's slot in the visited table, then insert
 *        them in successor order; a new state is stored and has its invariants
 *        and "possible" properties evaluated (decoded again from its words, as
 *        the draft has been reused);
 *     7. zero successors (not counting steps skipped for a failed assertion) is a
 *        deadlock unless the state is terminal.
 *
 * Batching the inserts (steps 5–6) lets the memory latency of a large table
 * overlap across a state's successors instead of being paid one miss at a time.
 */
export class StateExpander<S extends object> {
  readonly words: number;
  /** Successors produced so far (TLC's "states generated", minus initial states). */
  generated = 0;
  /** Successors dropped by a state constraint. */
  constrainedOut = 0;
  readonly satisfiedPossibles = new Set<string>();
  /** 1 for each action (index in def.actions) that produced a successor: never-enabled actions are flagged on every run. */
  readonly enabledOnce: Uint8Array;
  /** Symmetry: successors whose normal form had too many tied orders to try (0 without symmetry). */
  get untriedTies(): number {
    return this.symmetry?.untriedTies ?? 0;
  }
  /** Per-action counters, with --coverage only. */
  readonly coverage: ActionCoverage | undefined;

  private readonly fingerprint = new Fingerprinter();
  private readonly successorWords: Int32Array;
  private readonly symmetry: SymmetryReduction | null;
  private readonly edges?: EdgeRecorder<S>;
  private readonly edgeLog?: FingerprintEdgeLog<S>;
  private readonly representativeWords: Int32Array;
  private readonly parentWords: Int32Array;
  private readonly current: ScratchState<S>;
  private readonly draft: ScratchState<S>;
  private readonly stored: ScratchState<S>;
  private readonly batch: SuccessorBatch;
  /** Sum of touched slots: keeps the touches from being optimised away. */
  private touched = 0;
  private readonly hasActionProperties: boolean;
  /** Action properties the current successor violates: the first `violatedCount` indexes (reused, no allocation). */
  private readonly violatedActionProperties: number[] = [];
  private violatedCount = 0;
  private readonly wide: boolean;
  /** Successors go to owners (ExpansionSink.route): each batched one gets its owner as it is fingerprinted. */
  private readonly routing: boolean;
  private readonly constraints: readonly StatePropertyDef<any>[];
  private parentOrdinal = -1;
  private parentState: S | undefined;
  private successorIndex = 0;
  /** Steps of the current state that failed an assertion and were skipped (--continue). */
  private failedSteps = 0;
  /** The first 4,096 states, then one in 1,024, have every step audited for writes to the current state. */
  private expansions = 0;
  private audit = false;
  private readonly auditWords: Int32Array;

  constructor(
    readonly model: RuntimeModel<S>,
    private readonly options: PropertyOptions,
    private readonly sink: ExpansionSink,
    /** Receives the graph's edges (an EdgeRecorder needs the sink's `insertOrFind`). */
    edges?: EdgeRecorder<S> | FingerprintEdgeLog<S>,
  ) {
    if (edges !== undefined && 'byFingerprint' in edges) this.edgeLog = edges;
    else this.edges = edges;
    this.words = model.codec.words;
    this.successorWords = new Int32Array(this.words);
    this.symmetry = options.symmetry ?? null;
    this.representativeWords = new Int32Array(this.words);
    this.parentWords = new Int32Array(this.words);
    this.current = model.codec.createScratch();
    this.draft = model.codec.createScratch();
    this.stored = model.codec.createScratch();
    this.auditWords = new Int32Array(this.words);
    this.batch = new SuccessorBatch(this.words);
    this.hasActionProperties = options.actionProperties.length > 0;
    this.enabledOnce = new Uint8Array(model.def.actions.length);
    this.coverage = options.coverage ? new ActionCoverage(model.def.actions.length) : undefined;
    this.wide = options.fingerprintBits === 96;
    this.routing = sink.route !== undefined;
    if (this.routing && sink.ownerOf === undefined) throw new Error('internal: a routing sink names owners (ownerOf)');
    this.constraints = model.def.constraints;
    this.onStepFailure = options.continueAfterViolation ? (failure) => this.skipFailedAssertion(failure) : undefined;
  }

  /** Handles initial state number `index` (already counted as generated by the caller). */
  seed(state: S, index: number): void {
    try {
      this.model.codec.encode(state, this.successorWords, 0);
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      throw new StepEvaluationError(initialStep, error, -1, index);
    }
    if (!this.satisfiesConstraints(state)) {
      this.constrainedOut++;
      this.checkDroppedState(state, -1, index);
      return;
    }
    const named = this.fingerprintSuccessor();
    if (this.sink.route) {
      const owner = this.sink.ownerOf!(named, 0, this.fingerprint.lo);
      this.sink.route(this.successorWords, 0, -1, index, this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra, owner);
      return;
    }
    if (this.sink.reserve) this.sink.reserve(1);
    if (this.edges !== undefined) {
      if (this.sink.insertOrFind!(this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra) >= 0) return;
      this.edges.addState(state, index);
    } else if (!this.sink.insert(this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra)) return;
    this.sink.store(this.successorWords, 0, -1, index);
    this.checkNewState(state, -1, index);
  }

  /**
   * The owner's half of routed successors (see ExpansionSink.route), for a
   * received batch: inserts each state and, when it is new, stores it and checks
   * its invariants and "possible" properties, exactly as a local insert would.
   * Records are `stride` words each: the state's words, then its position among
   * its parent's successors at `words + 1`; `parents` has their parents'
   * references (-1: an initial state, whose position says which). As insertBatch
   * does, each block's fingerprints are computed and their table slots touched
   * before the inserts, so the cache misses of a large table overlap.
   */
  admitRecords(records: Int32Array, stride: number, count: number, parents: Float64Array): void {
    const batch = this.batch;
    for (let start = 0; start < count; start += ADMIT_BLOCK) {
      const end = Math.min(count, start + ADMIT_BLOCK);
      batch.clear();
      for (let r = start; r < end; r++) {
        const at = r * stride;
        for (let i = 0; i < this.words; i++) this.successorWords[i] = records[at + i]!;
        this.fingerprintSuccessor();
        batch.add(this.successorWords, this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra, records[at + this.words + 1]!);
      }
      for (let k = 0; k < batch.count; k++) this.touched += this.sink.touch(batch.his[k]!, batch.los[k]!);
      for (let k = 0; k < batch.count; k++) this.admitFingerprinted(records, (start + k) * stride, parents[start + k]!, batch.indexes[k]!, batch.his[k]!, batch.los[k]!, batch.extras[k]!);
    }
  }

  /** The owner's half of one successor whose fingerprint its sender computed (one routed to its own shard). */
  admitFingerprinted(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number, hi: number, lo: number, extra: number): void {
    if (!this.sink.insert(hi, lo, extra)) return;
    this.sink.store(words, base, parentOrdinal, successorIndex);
    const checks = this.options.invariants.length > 0 || this.options.possibles.length > 0;
    if (checks) this.checkNewState(this.stored.decode(words, base), parentOrdinal, successorIndex);
  }

  /** Expands the state at `words[base..]`, whose ordinal is `ordinal`. Returns its successor count. */
  expand(words: Int32Array, base: number, ordinal: number): number {
    for (let i = 0; i < this.words; i++) this.parentWords[i] = words[base + i]!;
    const state = this.current.decode(words, base);
    this.parentOrdinal = ordinal;
    this.parentState = state;
    this.successorIndex = 0;
    this.failedSteps = 0;
    this.audit = this.expansions < 4096 || (this.expansions & 1023) === 0;
    this.expansions++;
    this.batch.clear();
    if (this.edges !== undefined) this.edges.beginState(ordinal, state, this.parentWords, 0);
    else if (this.edgeLog !== undefined) this.edgeLog.beginState(state, this.parentWords, 0);
    let successors: number;
    try {
      successors = this.model.forEachSuccessor(state, this.draft, this.visitSuccessor, this.onStepFailure);
    } catch (error) {
      if (error instanceof ActionFailure) throw new StepEvaluationError(error.step, error.cause, ordinal);
      throw error;
    }
    if (this.edges !== undefined) this.insertRecordingEdges(ordinal);
    else this.insertBatch(ordinal);
    if (this.edgeLog !== undefined) this.logEdges();
    if (successors + this.failedSteps === 0 && this.options.checkDeadlock && !this.isTerminal(state)) {
      this.sink.report({ verdict: 'deadlock', property: null, message: 'Deadlock reached.', trace: { ordinal } });
    }
    return successors;
  }

  /**
   * With --continue, a failed step assertion is reported and the step skipped, so
   * the search goes on and reports the other properties too. Errors always stop.
   */
  private readonly onStepFailure: FailureHandler | undefined;

  private skipFailedAssertion(failure: ActionFailure): boolean {
    if (!isAssertionFailure(failure)) return false;
    this.failedSteps++;
    this.sink.report(this.describeStepError(new StepEvaluationError(failure.step, failure.cause, this.parentOrdinal)));
    return true;
  }

  /**
   * Steps 2–5, for one successor (an arrow function: it is passed as a callback).
   * Action properties and constraints are evaluated on the draft first, because
   * encoding puts the draft back to the current state; their findings are reported
   * after the encoding succeeded, in the order of the steps above. Returns true when
   * the draft is the current state again, sparing the next step its copy.
   */
  private readonly visitSuccessor = (next: S, step: StepRef): boolean => {
    const index = this.successorIndex++;
    this.generated++;
    const action = this.model.firingSlot;
    this.enabledOnce[action] = 1;
    if (this.coverage !== undefined) this.coverage.noteSuccessor(action, index, this.parentOrdinal);
    if (this.audit) this.auditCurrentState(step);
    if (this.hasActionProperties) this.evaluateActionProperties(next);
    if (this.constraints.length > 0 && !this.satisfiesConstraints(next)) {
      // Rare: the dropped state's invariants are checked on the draft, so it is not restored.
      this.encodeSuccessor(next, step);
      this.reportActionProperties(step, index);
      this.constrainedOut++;
      this.checkDroppedState(next, this.parentOrdinal, index);
      if (this.edges !== undefined) this.edges.enabled(step);
      else if (this.edgeLog !== undefined) this.edgeLog.enabled(step);
      return false;
    }
    const restored = this.encodeAndRestore(step);
    if (this.hasActionProperties) this.reportActionProperties(step, index);
    this.addToBatch(index, step);
    return restored;
  };

  private addToBatch(index: number, step: StepRef): void {
    const named = this.fingerprintSuccessor();
    this.batch.add(this.successorWords, this.fingerprint.hi, this.fingerprint.lo, this.fingerprint.extra, index);
    if (this.routing) this.batch.owners[this.batch.count - 1] = this.sink.ownerOf!(named, 0, this.fingerprint.lo);
    if (this.edges !== undefined || this.edgeLog !== undefined) this.batch.steps[this.batch.count - 1] = step;
  }

  /**
   * Under symmetry the orbit's representative is fingerprinted; the state itself is
   * what gets stored and explored (as TLC does). 96-bit runs add a third lane.
   */
  private fingerprintSuccessor(): Int32Array {
    let words = this.successorWords;
    if (this.symmetry !== null) {
      this.symmetry.canonicalize(this.successorWords, 0, this.representativeWords);
      words = this.representativeWords;
    }
    if (this.wide) this.fingerprint.computeWide(words, 0, this.words);
    else this.fingerprint.compute(words, 0, this.words);
    return words;
  }

  /** Step 6: inserts the batched successors in order. */
  private insertBatch(parent: number): void {
    const batch = this.batch;
    if (this.sink.route) {
      // The router's tables (see ShardRouter.touch): their misses overlap too.
      for (let k = 0; k < batch.count; k++) this.touched += this.sink.touch(batch.his[k]!, batch.owners[k]!);
      for (let k = 0; k < batch.count; k++) this.sink.route(batch.words, k * this.words, parent, batch.indexes[k]!, batch.his[k]!, batch.los[k]!, batch.extras[k]!, batch.owners[k]!);
      return;
    }
    const checks = this.options.invariants.length > 0 || this.options.possibles.length > 0;
    if (this.sink.reserve) this.sink.reserve(batch.count);
    // Independent loads issued back to back: their cache misses overlap.
    for (let k = 0; k < batch.count; k++) this.touched += this.sink.touch(batch.his[k]!, batch.los[k]!);
    for (let k = 0; k < batch.count; k++) {
      if (!this.sink.insert(batch.his[k]!, batch.los[k]!, batch.extras[k]!)) continue;
      this.sink.store(batch.words, k * this.words, parent, batch.indexes[k]!);
      if (this.coverage !== undefined) this.coverage.noteNewState(batch.indexes[k]!);
      if (checks) this.checkNewState(this.stored.decode(batch.words, k * this.words), parent, batch.indexes[k]!);
    }
  }

  /** Step 6 when recording the graph: as insertBatch, and every successor becomes an edge to its state's ordinal. */
  private insertRecordingEdges(parent: number): void {
    const batch = this.batch;
    const edges = this.edges!;
    const checks = this.options.invariants.length > 0 || this.options.possibles.length > 0;
    if (this.sink.reserve) this.sink.reserve(batch.count);
    for (let k = 0; k < batch.count; k++) this.touched += this.sink.touch(batch.his[k]!, batch.los[k]!);
    for (let k = 0; k < batch.count; k++) {
      let target = this.sink.insertOrFind!(batch.his[k]!, batch.los[k]!, batch.extras[k]!);
      if (target < 0) {
        target = edges.states;
        const state = this.stored.decode(batch.words, k * this.words);
        edges.addState(state, -1);
        this.sink.store(batch.words, k * this.words, parent, batch.indexes[k]!);
        if (this.coverage !== undefined) this.coverage.noteNewState(batch.indexes[k]!);
        if (checks) this.checkNewState(state, parent, batch.indexes[k]!);
      }
      edges.edge(target, batch.indexes[k]!, batch.steps[k]!, batch.words, k * this.words);
    }
    edges.endState();
  }

  /** After the inserts, when a parallel thread logs the graph: every kept successor, by fingerprint. */
  private logEdges(): void {
    const batch = this.batch;
    const log = this.edgeLog!;
    for (let k = 0; k < batch.count; k++) log.edge(batch.his[k]!, batch.los[k]!, batch.indexes[k]!, batch.steps[k]!, batch.words, k * this.words);
    log.endState();
  }

  /**
   * An effect that writes to the current state instead of its draft would make
   * every later successor of that state wrong without any error (the fast engine
   * reuses the decoded state). Sampled states re-encode the current state after
   * each step and compare it with the words it was decoded from.
   */
  private auditCurrentState(step: StepRef): void {
    let changed: boolean;
    try {
      this.model.codec.encode(this.parentState!, this.auditWords, 0);
      changed = false;
      for (let i = 0; i < this.words; i++) if (this.auditWords[i] !== this.parentWords[i]) changed = true;
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      changed = true;
    }
    if (!changed) return;
    const cause = new Error('the step changed the current state; an effect may change only its draft (the first argument)');
    throw new StepEvaluationError(step, cause, this.parentOrdinal);
  }

  /** encodeSuccessor that also puts the draft back to the parent (see ScratchState.encodeAndRestore). */
  private encodeAndRestore(step: StepRef): boolean {
    try {
      return this.draft.encodeAndRestore(this.parentState!, this.parentWords, this.successorWords);
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      throw new StepEvaluationError(step, error, this.parentOrdinal);
    }
  }

  /** Starts from the parent's words and patches the fields the step changed. */
  private encodeSuccessor(next: S, step: StepRef): void {
    const words = this.successorWords;
    for (let i = 0; i < this.words; i++) words[i] = this.parentWords[i]!;
    try {
      this.model.codec.encodeDelta(next, this.parentState!, words, 0);
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      throw new StepEvaluationError(step, error, this.parentOrdinal);
    }
  }

  /** `parent` -1 means initial state number `position`; else successor `position` of `parent`. */
  private checkNewState(state: S, parent: number, position: number): void {
    this.checkInvariants(state, parent, position);
    if (this.options.possibles.length > 0) this.notePossibles(state);
  }

  /**
   * A successor the state constraint drops is not stored, but its invariants are
   * evaluated (TLC's rule), and so are "possible" properties: a witness there is
   * what TLC's usual encoding (checking the invariant ~P) would report.
   */
  private checkDroppedState(state: S, parent: number, position: number): void {
    this.checkInvariants(state, parent, position);
    if (this.options.possibles.length > 0) this.notePossibles(state);
  }

  private satisfiesConstraints(state: S): boolean {
    const constraints = this.constraints;
    for (let i = 0; i < constraints.length; i++) if (!constraints[i]!.holds(state)) return false;
    return true;
  }

  private checkInvariants(state: S, parent: number, position: number): void {
    for (const invariant of this.options.invariants) {
      let holds: boolean;
      try {
        holds = invariant.holds(state);
      } catch (error) {
        const message = `evaluating invariant ${invariant.name} failed: ${messageOf(error)}`;
        this.sink.report({ verdict: 'error', property: invariant.name, exitCode: 76, message, trace: traceTo(parent, position) });
        return;
      }
      if (!holds) {
        this.sink.report({ verdict: 'invariant', property: invariant.name, message: `Invariant ${invariant.name} is violated.`, trace: traceTo(parent, position) });
      }
    }
  }

  private evaluateActionProperties(next: S): void {
    const properties = this.options.actionProperties;
    this.violatedCount = 0;
    for (let i = 0; i < properties.length; i++) if (!properties[i]!.holds(this.parentState!, next)) this.violatedActionProperties[this.violatedCount++] = i;
  }

  private reportActionProperties(step: StepRef, index: number): void {
    const violated = this.violatedActionProperties;
    for (let i = 0; i < this.violatedCount; i++) {
      const property = this.options.actionProperties[violated[i]!]!;
      this.sink.report({
        verdict: 'action',
        property: property.name,
        message: `Action property ${property.name} is violated by step ${formatStep(step)}.`,
        trace: { ordinal: this.parentOrdinal, successorIndex: index },
      });
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

  /** The finding for a step that could not be evaluated (an assertion or an error). */
  describeStepError(error: StepEvaluationError): Finding {
    const assertion = (error.cause as { name?: string })?.name === 'AssertionViolation';
    const property = assertion ? (error.cause as { property: string }).property : null;
    const where = error.step === initialStep ? 'initial state' : `action ${formatStep(error.step)}`;
    // Decoded from the packed words, not the live object, which a faulty step may have changed.
    const parent = error.parentOrdinal >= 0 ? this.model.codec.decodeFresh(this.parentWords, 0) : undefined;
    return {
      verdict: assertion ? 'assertion' : 'error',
      property,
      exitCode: assertion ? undefined : 75,
      message: assertion
        ? `Assertion ${property} failed in ${where}${detailOf(error.cause)}.`
        : `${where}: ${messageOf(error.cause)}${typeScriptLocation(error.cause)}${parent ? ` (in state ${formatValue(parent)})` : ''}`,
      trace:
        error.initialIndex !== undefined
          ? { ordinal: -1, initialIndex: error.initialIndex, failedStepLabel: 'Init' }
          : { ordinal: error.parentOrdinal, failedStepLabel: formatStep(error.step) },
    };
  }
}

/** Received records fingerprinted and touched together before their inserts (admitRecords). */
const ADMIT_BLOCK = 64;

/** The successors of one state, waiting for their inserts: packed words, fingerprints, positions. */
class SuccessorBatch {
  words: Int32Array;
  his = new Int32Array(64);
  los = new Int32Array(64);
  extras = new Int32Array(64);
  indexes = new Int32Array(64);
  /** Owner shards, when successors are routed. */
  owners = new Int32Array(64);
  /** The successors' steps, only while the search records the graph (StepRefs are the model's, not allocated per step). */
  readonly steps: StepRef[] = [];
  count = 0;

  constructor(private readonly wordsPerState: number) {
    this.words = new Int32Array(64 * wordsPerState);
  }

  clear(): void {
    this.count = 0;
  }

  add(words: Int32Array, hi: number, lo: number, extra: number, index: number): void {
    if (this.count === this.his.length) this.grow();
    const at = this.count * this.wordsPerState;
    for (let i = 0; i < this.wordsPerState; i++) this.words[at + i] = words[i]!;
    this.his[this.count] = hi;
    this.los[this.count] = lo;
    this.extras[this.count] = extra;
    this.indexes[this.count] = index;
    this.count++;
  }

  private grow(): void {
    const widen = (array: Int32Array) => {
      const wider = new Int32Array(array.length * 2);
      wider.set(array);
      return wider;
    };
    this.words = widen(this.words);
    this.his = widen(this.his);
    this.los = widen(this.los);
    this.extras = widen(this.extras);
    this.indexes = widen(this.indexes);
    this.owners = widen(this.owners);
  }
}

/** The trace to initial state `position` (parent -1) or to successor `position` of `parent`; built only for a report. */
function traceTo(parent: number, position: number): TraceRequest {
  return parent < 0 ? { ordinal: -1, initialIndex: position } : { ordinal: parent, successorIndex: position };
}

export const initialStep: StepRef = Object.freeze({ action: { name: 'Init', effect: () => undefined }, params: {}, actor: undefined });

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function detailOf(cause: unknown): string {
  const detail = (cause as { detail?: string })?.detail;
  return detail ? `: ${detail}` : '';
}
