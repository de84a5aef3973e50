import type { Worker } from 'node:worker_threads';
import { resolveSearchSettings, prepare, temporalOptions, toCheckResult, type CheckOptions } from '../check.js';
import { ConfigError } from '../errors.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from '../search/expander.js';
import type { Finding, SearchOutcome } from '../search/outcome.js';
import type { CheckResult } from '../result.js';
import type { RuntimeModel } from '../runtime-model.js';
import { SearchRecord, type CutReason } from '../search/search-record.js';
import { TraceLinks } from '../trace/trace-links.js';
import { rebuildTrace } from '../trace/trace.js';
import { confirmFinding } from '../trace/trace-verification.js';
import { LevelExpander } from './level-expander.js';
import { loadSpecSource } from './load-source.js';
import { nextMessage, WorkerPool } from './worker-pool.js';
import type { BlockOutput, LevelRequest, LevelResult, SpecSource, WorkerMessage, WorkerRequest, WorkItem } from './protocol.js';
import { copyPart, growRequests, PARALLEL_GROWTH_SLOTS } from './table-growth.js';
import { lanesFor, SharedFingerprintTable } from './shared-visited-set.js';
import { SlotReservations } from './slot-reservations.js';
import { livenessRecorderFor, withTemporalCheckYielding, type RecordedGraph } from '../temporal/check-temporal.js';
import { edgeLogFor, EdgeLogReplay, type LevelEdges } from '../temporal/edge-log.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { parallelSnapshot, restoreParallel } from '../checkpoint/parallel-snapshot.js';
import { runLevels, type LevelSearch } from '../search/level-loop.js';

const BLOCK_SIZE = 512;
/** The coordinator expands its share of a level in slices this long (ms), yielding in between. */
const SLICE_MS = 50;
/** Block sizes of a level (see levelBlocks). */
const MIN_BLOCK_SIZE = 8;
const BLOCKS_PER_WORKER = 4;
/** Each worker loads its own copy of the model; more than this only costs start-up time and memory. */
export { MAX_WORKERS } from './protocol.js';
import { MAX_WORKERS } from './protocol.js';
/** Levels with fewer states than this are expanded by the coordinator itself (a round trip costs more). */
const LOCAL_LEVEL_LIMIT = 32;
/**
 * While the workers are still loading the model, the coordinator expands alone and
 * looks this often (ms) whether they are ready to join the level it is on.
 */
const JOIN_POLL_MS = 2;
/**
 * Grow the shared table between levels when the next level is expected to fill it
 * past GROW_AT_LOAD, to hold it at FILL_LOAD. Only a level expected to pass 0.88
 * grows the table: the small levels at the end of a search then fill it rather
 * than grow it for a few states.
 */
const GROW_AT_LOAD = 0.88;
const FILL_LOAD = 0.8;
/** The table may never be fuller than this, even inside a level (see SlotReservations). */
const MAX_LOAD = 0.92;
/**
 * Growth factor of a large table (MODERATE_TABLE slots, 32 MB, or more): small,
 * so that the table stays 75-92% full (growing after a level that left it 0.88
 * full gives 0.765). Tables under SMALL_TABLE slots double, and those in between
 * grow by GROWTH_SMALL as the sequential table does: each growth is a full pass
 * over the table, and on runs of a few hundred thousand states the 1.15 steps were
 * a tenth of the run, while their bytes per state hardly matter yet.
 */
const GROWTH = 1.15;
const MODERATE_TABLE = 1 << 22;
const GROWTH_SMALL = 1.4;
const SMALL_TABLE = 1 << 16;
/** Safety margin on the predicted number of new states of a level. */
const PREDICTION_MARGIN = 1.1;

/**
 * Parallel breadth-first search, level by level. `workers` threads (this one and
 * `workers − 1` worker threads) expand disjoint blocks of the current level and
 * insert into one lock-free fingerprint table; the coordinator then numbers the new
 * states in block order and links them to their parents. Because every level is
 * finished before the next starts, the first violation is at the smallest depth, so
 * counterexamples stay shortest; distinct and generated counts do not depend on the
 * number of workers.
 */
export async function checkParallel(source: SpecSource, workers: number, options: CheckOptions = {}, tuning: ParallelTuning = {}): Promise<CheckResult> {
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) throw new ConfigError(`--workers: expected an integer from 1 to ${MAX_WORKERS}, got ${workers}`);
  const started = Date.now();
  // The workers start loading the model now, while this thread loads it too.
  const pool = new WorkerPool({ source, constants: options.constants ?? {} }, workers - 1);
  let spec: Awaited<ReturnType<typeof loadSpecSource>>;
  let prepared: ReturnType<typeof prepare>;
  let settings: Settings;
  try {
    spec = await loadSpecSource(source);
    prepared = prepare(spec, options.constants);
    settings = resolveSearchSettings(spec.name, prepared.runtime, options, 'parallel');
    // The queue does not spill: refuse rather than ignore.
    if (settings.queueMemoryBytes !== undefined) throw new ConfigError('--queue-memory: the queue spills with one worker only (--workers 1)');
  } catch (error) {
    await pool.terminate();
    throw error;
  }
  const { runtime, constants } = prepared;
  // The threads log the liveness graph's edges as they expand, when the search can record it (as check() does).
  const recorder = options.temporal === false ? undefined : livenessRecorderFor(runtime, settings);
  const replay = recorder ? new EdgeLogReplay(recorder) : undefined;
  pool.configure({
    kind: 'setup',
    invariantNames: settings.invariants.map((inv) => inv.name),
    checkDeadlock: settings.checkDeadlock,
    continueAfterViolation: settings.continueAfterViolation,
    symmetry: Boolean(settings.symmetry),
    fingerprintBits: settings.fingerprintBits,
    recordEdges: replay !== undefined,
  });
  // The shared table is dropped before the liveness pass, which has its own graph and budget.
  const result = await (async () => {
    let search: ParallelSearch;
    try {
      search = new ParallelSearch(runtime, settings, workers, tuning, replay);
    } catch (error) {
      await pool.terminate();
      throw error;
    }
    const outcome = await search.run(pool);
    const traceFor = (request: Parameters<typeof rebuildTrace>[2], finding: Finding) => {
      const steps = rebuildTrace(runtime, search.links, request, { stored: (hi, lo, extra) => search.stored(hi, lo, extra), symmetry: settings.symmetry });
      confirmFinding(runtime, finding, steps);
      return steps;
    };
    return toCheckResult(spec.name, constants, outcome, traceFor, Date.now() - started, options.maxMemoryBytes, settings.symmetry);
  })();
  // Liveness: the graph the threads recorded, replayed in the sequential engine's order, so verdicts and lassos agree
  // (a search that stopped inside a level leaves it incomplete: the pass then explores the graph itself).
  const recorded = replay?.recorded();
  if (recorded) tuning.onRecordedGraph?.(recorded);
  return options.temporal === false ? result : withTemporalCheckYielding(runtime, result, temporalOptions(options, started, recorded));
}

type Settings = ReturnType<typeof resolveSearchSettings>;

/** How the engine schedules its threads; for tests (the defaults are what a run should use). */
export interface ParallelTuning {
  /**
   * Wait for every worker to load the model before the first level they could
   * take, as the engine once did, instead of going on alone until they join: a
   * small model then still exercises the workers (a test of their results).
   */
  readonly waitForWorkers?: boolean;
  /** Called with the liveness graph the threads recorded, when they did, before the temporal properties are checked. */
  readonly onRecordedGraph?: (recorded: RecordedGraph) => void;
}

class ParallelSearch implements ExpansionSink, LevelSearch {
  links = new TraceLinks();
  private table: SharedFingerprintTable;
  private frontier: Int32Array = new Int32Array(0);
  frontierCount = 0;
  /** The frontier of the level before, whose array the next level may reuse. */
  private spareFrontier: Int32Array | null = null;
  private readonly record: SearchRecord;
  private readonly localLevels: LevelExpander;
  private generated = 0;
  /** States expanded so far (for the branching estimate). */
  private explored = 0;
  private constrainedOut = 0;
  depth = 0;
  private readonly words: number;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();
  /** States seeded in the coordinator before the workers start. */
  private seeded: { words: number[]; parent: number; index: number }[] = [];
  private readonly reservations = SlotReservations.createBuffer();
  private resumed = false;
  /** Search time of the runs before a resume (progress rates are averages over the whole search). */
  private elapsedBefore = 0;
  /** States of an interrupted level that were never expanded (part of the queue left). */
  private unexpanded = 0;
  /** 1 once the time budget ran out during a level (see armTimeBudget): the workers read it between work items. */
  private readonly timeUp = new Int32Array(new SharedArrayBuffer(4));
  /** The last finished level: states expanded and new states found (for the next level's table size). */
  private lastLevelStates = 0;
  private lastLevelNew = 0;
  private pool: WorkerPool | undefined;
  /** The edge logs of the level merged last, not yet replayed (see replayPending). */
  private pendingEdges: LevelEdges[] | null = null;

  constructor(
    private readonly model: RuntimeModel<any>,
    private readonly settings: Settings,
    private readonly workerCount: number,
    private readonly tuning: ParallelTuning = {},
    /** Replays the threads' edge logs into the liveness graph, when the run records it. */
    private readonly replay?: EdgeLogReplay,
  ) {
    this.words = model.codec.words;
    this.record = new SearchRecord(settings.continueAfterViolation, settings.collisionGapThreshold);
    this.localLevels = new LevelExpander(model, settings, replay ? edgeLogFor(model) : undefined);
    const expected = settings.expectedStates ?? 1 << 14;
    this.table = SharedFingerprintTable.create(Math.ceil(expected / FILL_LOAD), lanesFor(settings.fingerprintBits));
    if (settings.resume) this.resumeFrom(restoreParallel(settings.resume, model.codec));
  }

  /** Runs the search with `pool`'s workers (terminated at the end). */
  async run(pool: WorkerPool): Promise<SearchOutcome> {
    // The workers load the model while this thread seeds and expands the first levels.
    this.pool = pool;
    try {
      // The table as created may already pass a small budget: then nothing is stored.
      if (this.table.bytes + this.links.bytes + this.graphBytes > this.settings.maxMemoryBytes) this.stop('memory');
      else if (!this.resumed) this.seed();
      if (!this.record.stopped) await runLevels(this, this.settings, this.startedAt);
      this.replayPending();
    } finally {
      await this.pool.terminate();
      this.settings.checkpoint?.close();
    }
    return this.outcome();
  }

  get stopped(): boolean {
    return this.record.stopped;
  }

  /** Whether a fingerprint was stored (after the run, for trace verification). */
  stored(hi: number, lo: number, extra: number): boolean {
    return this.table.contains(hi, lo, extra);
  }

  // ExpansionSink, used only while seeding the initial states in this thread.
  reserve(count: number): void {
    const needed = this.seeded.length + count;
    if (needed <= this.table.capacity * MAX_LOAD) return;
    if (!this.growTable(needed)) throw new SeedingStopped();
  }
  insert(hi: number, lo: number, extra: number): boolean {
    return this.table.insert(hi, lo, extra);
  }
  touch(hi: number): number {
    return this.table.touch(hi);
  }
  store(words: Int32Array, base: number, parent: number, index: number): void {
    this.seeded.push({ words: [...words.subarray(base, base + this.words)], parent, index });
  }
  report(finding: Finding): void {
    this.record.report(finding);
  }

  private seed(): void {
    const expander = new StateExpander(this.model, this.settings, this);
    try {
      this.model.forEachInitialState((state, index) => {
        this.generated++;
        expander.seed(state, index);
      });
    } catch (error) {
      if (error instanceof StepEvaluationError) this.report(expander.describeStepError(error));
      else if (!(error instanceof SeedingStopped)) throw error;
    }
    this.constrainedOut += expander.constrainedOut;
    for (const name of expander.satisfiedPossibles) this.record.satisfiedPossibles.add(name);
    this.frontier = new Int32Array(new SharedArrayBuffer(Math.max(4, this.seeded.length * this.words * 4)));
    const fingerprint = new Fingerprinter();
    this.seeded.forEach((state, i) => {
      this.frontier.set(state.words, i * this.words);
      this.links.add(state.parent, state.index);
      if (this.replay === undefined) return;
      fingerprint.compute(this.frontier, i * this.words, this.words);
      this.replay.seed(fingerprint.hi, fingerprint.lo, state.index);
    });
    this.frontierCount = this.seeded.length;
    if (this.frontierCount > 0) this.depth = 1;
    this.seeded = [];
  }

  private resumeFrom(saved: ReturnType<typeof restoreParallel>): void {
    this.table = saved.table;
    this.links = saved.links;
    this.frontier = saved.frontier;
    this.frontierCount = saved.frontierCount;
    this.generated = saved.counters.generated;
    this.explored = saved.counters.explored;
    this.constrainedOut = saved.counters.constrainedOut;
    this.depth = saved.counters.depth;
    this.elapsedBefore = saved.counters.elapsedMs;
    this.record.restore(saved.record);
    this.resumed = true;
  }

  /** Between levels, when the frontier is exactly one whole level. */
  saveCheckpoint(): void {
    const snapshot = parallelSnapshot({
      table: this.table,
      links: this.links,
      frontier: this.frontier.subarray(0, this.frontierCount * this.words),
      frontierCount: this.frontierCount,
      record: this.record.snapshot(),
      counters: {
        generated: this.generated,
        explored: this.explored,
        constrainedOut: this.constrainedOut,
        depth: this.depth,
        elapsedMs: Date.now() - this.startedAt + this.elapsedBefore,
      },
    });
    this.settings.checkpoint!.write(snapshot, this.links.size);
  }

  /** One level, on the shared table: where the successors go is this engine's one lock-free table. */
  async expandLevel(): Promise<void> {
    const pool = this.pool!;
    // A small level costs less to expand here than to hand to the workers and wait.
    const local = this.frontierCount < LOCAL_LEVEL_LIMIT;
    if (local) this.replayPending();
    if (!local && this.tuning.waitForWorkers) await pool.allReady();
    await this.growTableIfNeeded(local ? [] : pool.readyWorkers());
    if (this.record.stopped) return;
    const results: LevelResult[] = [];
    const work = levelBlocks(this.frontierCount, this.workerCount);
    const timer = this.armTimeBudget();
    try {
      await this.expandRounds(pool, local, work, results);
    } finally {
      clearTimeout(timer);
    }
    this.explored += this.frontierCount;
    const cut: CutReason | null = this.settings.stop?.requested === true ? 'interrupt' : Atomics.load(this.timeUp, 0) !== 0 ? 'time' : null;
    if (cut !== null) this.unexpanded = this.frontierCount - expandedStates(results);
    await this.merge(results);
    // A budget that ran out as the last level ended left nothing unchecked.
    if (cut === 'time' && this.unexpanded === 0 && this.frontierCount === 0) return;
    if (cut !== null) this.stop(cut);
  }

  /**
   * Sets `timeUp` when the time budget runs out, so that a long level stops where it
   * is (as the sequential engine does, within a work item) instead of at its end.
   * Not with --checkpoint: a level cut short cannot be saved, so the level is
   * finished and the snapshot taken at its end (the level loop's time check) holds
   * all of it, as a run to be resumed later needs.
   */
  private armTimeBudget(): ReturnType<typeof setTimeout> | undefined {
    if (this.settings.checkpoint) return undefined;
    const left = this.settings.maxTimeMs - (Date.now() - this.startedAt);
    // setTimeout cannot wait longer than 2^31 - 1 ms; such a budget is checked between levels.
    if (!(left < 2 ** 31 - 1)) return undefined;
    return setTimeout(() => Atomics.store(this.timeUp, 0, 1), Math.max(0, left));
  }

  /** The rounds of one level; a round ends early when the table must grow, and the rest of the level goes on after growing it. */
  private async expandRounds(pool: WorkerPool, local: boolean, firstWork: WorkItem[], results: LevelResult[]): Promise<void> {
    let work = firstWork;
    while (work.length > 0) {
      const occupied = this.links.size + countNew(results);
      SlotReservations.reset(this.reservations, occupied, Math.floor(this.table.capacity * MAX_LOAD));
      const { request, nextItem } = this.levelRequest(work);
      const round = local
        ? [this.localLevels.expandLevel(request, new Int32Array(nextItem))]
        : await this.sharedRound(pool, request, new Int32Array(nextItem));
      results.push(...round);
      // Interrupted by a signal or the time budget: what was not taken stays unexpanded (counted by expandLevel).
      if (this.settings.stop?.requested || Atomics.load(this.timeUp, 0) !== 0) break;
      work = [...round.flatMap((r) => r.interrupted), ...work.slice(Math.min(new Int32Array(nextItem)[0]!, work.length))];
      if (work.length > 0 && !(await this.growTableInParallel(this.expectedAfterLevel(results, work) + Math.max(...round.map((r) => r.needed)), local ? [] : pool.readyWorkers()))) break;
    }
  }

  /**
   * One round on the worker threads and on this thread, which takes items like a
   * worker (its model is loaded and compiled already, so `--workers N` costs N − 1
   * more copies of the model, not N). It yields to the event loop every SLICE_MS so
   * that signal handlers run. Workers still loading the model join the round when
   * they are ready, taking the items left: the coordinator never waits for their
   * start-up (which cost runs of a few hundred thousand states most of their gain).
   */
  private async sharedRound(pool: WorkerPool, request: LevelRequest, nextItem: Int32Array): Promise<LevelResult[]> {
    const replies: Promise<LevelResult>[] = [];
    const join = (workers: Worker[]) => {
      for (const worker of workers) {
        const reply = expandOn(worker, request);
        // Awaited below; a failure here first must not leave it unhandled.
        reply.catch(() => {});
        replies.push(reply);
      }
    };
    join(pool.readyWorkers());
    // The last level's edges go into the liveness graph while the workers expand this one.
    this.replayPending();
    const results: LevelResult[] = [];
    for (;;) {
      if (replies.length < pool.size) join(pool.readyWorkers().slice(replies.length));
      const slice = replies.length < pool.size ? JOIN_POLL_MS : SLICE_MS;
      const result = this.localLevels.expandLevel(request, nextItem, Date.now() + slice);
      results.push(result);
      if (!result.paused) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    results.push(...(await Promise.all(replies)));
    return results;
  }

  private levelRequest(work: WorkItem[]): { request: LevelRequest; nextItem: SharedArrayBuffer } {
    const items = new Int32Array(new SharedArrayBuffer(Math.max(16, work.length * 16)));
    work.forEach((item, i) => items.set([item.block, item.part, item.first, item.last], i * 4));
    const nextItem = new SharedArrayBuffer(4);
    const request = {
      kind: 'level' as const,
      frontier: this.frontier.buffer as SharedArrayBuffer,
      count: this.frontierCount,
      firstOrdinal: this.links.size - this.frontierCount,
      table: this.table.buffer,
      work: items.buffer as SharedArrayBuffer,
      workCount: work.length,
      nextItem,
      reservations: this.reservations,
      stop: this.settings.stop?.flag,
      timeUp: this.timeUp,
    };
    return { request, nextItem };
  }

  private async merge(results: LevelResult[]): Promise<void> {
    const blocks = results.flatMap((r) => r.blocks).sort((a, b) => a.block - b.block || a.part - b.part);
    const newCount = blocks.reduce((sum, b) => sum + b.count, 0);
    this.appendLevel(blocks, newCount);
    if (this.replay) {
      this.replayPending();
      this.pendingEdges = results.flatMap((r) => (r.edges ? [r.edges] : []));
    }
    for (const result of results) {
      this.generated += result.generated;
      this.constrainedOut += result.constrainedOut;
      if (result.untriedTies && this.settings.symmetry) this.settings.symmetry.untriedTies += result.untriedTies;
      for (const name of result.satisfiedPossibles) this.record.satisfiedPossibles.add(name);
    }
    // Report in a fixed order (by parent, then successor) so runs are reproducible.
    const findings = results.flatMap((r) => r.findings).sort(byTracePosition);
    for (const finding of findings) this.report(finding);
  }

  private appendLevel(blocks: BlockOutput[], newCount: number): void {
    this.frontier = this.nextFrontier(newCount * this.words);
    let at = 0;
    for (const block of blocks) {
      this.frontier.set(block.words, at * this.words);
      this.links.addAll(block.parents, block.successorIndexes);
      at += block.count;
    }
    this.lastLevelStates = this.frontierCount;
    this.lastLevelNew = newCount;
    this.frontierCount = newCount;
    if (newCount > 0) this.depth++;
  }

  /**
   * A shared array for the next level's states: the one of the level before this
   * one when it is large enough (two arrays take turns, so levels leave no garbage).
   */
  private nextFrontier(length: number): Int32Array {
    let next = this.spareFrontier;
    if (next === null || next.length < length) next = new Int32Array(new SharedArrayBuffer(Math.max(16, Math.ceil(length * 1.25)) * 4));
    this.spareFrontier = this.frontier;
    return next;
  }

  /**
   * The table cannot grow while workers insert, so before each level make room for
   * the states it is expected to add: the new states per expanded state of the last
   * level (the branching seen so far before that), with a margin. A level that adds
   * more fills the table up to MAX_LOAD, and then grows it while it runs. A growth
   * makes room for the level after it too (at the same ratio): each growth is a
   * full pass, and while the levels widen, one per level was most of the serial time.
   */
  private async growTableIfNeeded(workers: readonly Worker[]): Promise<void> {
    const perState = this.newPerState();
    const expected = this.links.size + this.boundedPrediction(this.frontierCount * perState);
    if (expected <= this.table.capacity * GROW_AT_LOAD) return;
    await this.growTableInParallel(this.links.size + this.boundedPrediction(this.frontierCount * perState * (1 + perState)), workers);
  }

  /** New states per expanded state: of the last level, or a guess before there is one. */
  private newPerState(): number {
    if (this.lastLevelStates > 0) return this.lastLevelNew / this.lastLevelStates;
    return this.explored > 0 ? this.generated / this.explored : 2;
  }

  /** Inside a level that filled the table: the states so far plus those the rest of the level is expected to add. */
  private expectedAfterLevel(results: readonly LevelResult[], work: readonly WorkItem[]): number {
    const added = countNew(results);
    const expanded = expandedStates(results);
    let remaining = 0;
    for (const item of work) remaining += item.last - item.first;
    const perState = expanded > 0 ? added / expanded : this.newPerState();
    return this.links.size + added + this.boundedPrediction(remaining * perState);
  }

  /**
   * A prediction of new states with its margin, at most twice the states so far:
   * one state of a level may fan out to many times the whole level, and sizing
   * the table for that would waste memory; a level that does fill the table grows
   * it again while it runs.
   */
  private boundedPrediction(predicted: number): number {
    return Math.ceil(Math.min(predicted * PREDICTION_MARGIN, Math.max(2 * this.links.size, SMALL_TABLE)));
  }

  /**
   * Grows the table (when nobody inserts) to hold `needed` entries at FILL_LOAD,
   * by at least GROWTH; false, and the search stops as incomplete, when that
   * would pass the memory budget.
   */
  private growTable(needed: number): boolean {
    const grown = this.grownCapacity(needed);
    if (grown === null) return false;
    this.table = this.table.grownTo(grown);
    return true;
  }

  /** growTable, with the worker threads copying parts of a large table too (see copyPart). */
  private async growTableInParallel(needed: number, workers: readonly Worker[]): Promise<boolean> {
    if (workers.length === 0 || this.table.capacity < PARALLEL_GROWTH_SLOTS) return this.growTable(needed);
    const grown = this.grownCapacity(needed);
    if (grown === null) return false;
    const { requests, table } = growRequests(this.table, grown, workers.length + 1);
    const replies = Promise.all(workers.map((worker, i) => askWorker(worker, requests[i + 1]!, 'grown')));
    replies.catch(() => {});
    const left = copyPart(requests[0]!);
    table.insertPairs(left);
    for (const reply of await replies) table.insertPairs((reply as { left: Int32Array }).left);
    this.table = table;
    return true;
  }

  /** The grown table's slot count, or null (and the search stops as incomplete) when it would pass the memory budget. */
  private grownCapacity(needed: number): number | null {
    const capacity = this.table.capacity;
    const grown = Math.max(Math.ceil(capacity * growthFactor(capacity)), Math.ceil(needed / FILL_LOAD));
    if (grown * SharedFingerprintTable.slotBytes(this.table.lanes) + this.links.bytes + this.graphBytes > this.settings.maxMemoryBytes) {
      this.stop('memory');
      return null;
    }
    return grown;
  }

  stop(reason: CutReason): void {
    this.record.stop(reason);
  }

  /**
   * Replays the edge logs of the level merged last into the liveness graph. It
   * waits for the next level's round, so that the workers expand while this
   * thread replays; the logs alternate between two buffers, so the next level's
   * records do not overwrite them.
   */
  private replayPending(): void {
    if (this.pendingEdges === null) return;
    this.replay!.replayLevel(this.pendingEdges);
    this.pendingEdges = null;
  }

  /** What the liveness graph recorded so far holds (it counts against --max-memory, as with one worker). */
  private get graphBytes(): number {
    return this.replay?.bytes ?? 0;
  }

  reportProgress(): void {
    const now = Date.now();
    if (!this.settings.onProgress || now - this.lastProgressAt < this.settings.progressIntervalMs) return;
    this.lastProgressAt = now;
    this.settings.onProgress({
      elapsedMs: now - this.startedAt + this.elapsedBefore,
      depth: this.depth,
      distinctStates: this.links.size,
      generatedStates: this.generated,
      queueLeft: this.frontierCount,
    });
  }

  private outcome(): SearchOutcome {
    const counts = {
      distinct: this.links.size,
      generated: this.generated,
      depth: this.depth,
      queueLeft: this.record.stopped ? this.frontierCount + this.unexpanded : 0,
      constrainedOut: this.constrainedOut,
      tableBytes: this.table.bytes,
      linkBytesPerState: this.links.bytesPerEntry,
      smallestGap: () => this.table.smallestGap(),
    };
    const outcome = this.record.outcome(counts, this.model.def.possibles.map((p) => p.name));
    return this.settings.fingerprintBits === 96 ? { ...outcome, fingerprintBits: 96 } : outcome;
  }
}

async function expandOn(worker: Worker, request: LevelRequest): Promise<LevelResult> {
  return (await askWorker(worker, request, 'level-done')) as LevelResult;
}

async function askWorker(worker: Worker, request: WorkerRequest, expected: WorkerMessage['kind']): Promise<WorkerMessage> {
  worker.postMessage(request);
  const reply = await nextMessage(worker);
  if (reply.kind === 'failed') throw new Error(`a worker failed: ${reply.message}`);
  if (reply.kind !== expected) throw new Error(`internal: unexpected worker message ${reply.kind}`);
  return reply;
}

/**
 * Items covering a level of `count` states, in shrinking blocks (guided
 * self-scheduling): each is 1/(workers × BLOCKS_PER_WORKER) of what is left,
 * between MIN_BLOCK_SIZE and BLOCK_SIZE states. The last blocks are small, so the
 * threads finish a level close together: whoever takes the last block makes the
 * others wait for it.
 */
function levelBlocks(count: number, workers: number): WorkItem[] {
  const items: WorkItem[] = [];
  for (let first = 0, block = 0; first < count; block++) {
    const size = Math.max(MIN_BLOCK_SIZE, Math.min(BLOCK_SIZE, Math.ceil((count - first) / (workers * BLOCKS_PER_WORKER))));
    const last = Math.min(first + size, count);
    items.push({ block, part: 0, first, last });
    first = last;
  }
  return items;
}

/** How much a table of `capacity` slots grows at least (see GROWTH). */
function growthFactor(capacity: number): number {
  if (capacity < SMALL_TABLE) return 2;
  return capacity < MODERATE_TABLE ? GROWTH_SMALL : GROWTH;
}

function countNew(results: readonly LevelResult[]): number {
  let count = 0;
  for (const result of results) for (const block of result.blocks) count += block.count;
  return count;
}

/** Seeding stopped at the memory budget. */
class SeedingStopped extends Error {}

function byTracePosition(a: Finding, b: Finding): number {
  const ordinalA = a.trace?.ordinal ?? -1;
  const ordinalB = b.trace?.ordinal ?? -1;
  return ordinalA - ordinalB || (a.trace?.successorIndex ?? -1) - (b.trace?.successorIndex ?? -1);
}

/** Frontier states in the blocks the workers finished (all of them unless the level was interrupted). */
function expandedStates(results: readonly LevelResult[]): number {
  let expanded = 0;
  for (const result of results) expanded += result.expanded;
  return expanded;
}

