import { SnapshotPacing } from './snapshot-pacing.js';
import { choosePartition, type PartitionChoice } from './partition-choice.js';
import { ShardPartition } from './partition.js';
import { replyProblem } from './reply-check.js';
import { randomBytes } from 'node:crypto';
import { resolveSearchSettings, prepare, toCheckResult, type CheckOptions } from '../check.js';
import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { StateExpander, StepEvaluationError } from '../search/expander.js';
import type { Finding, LevelPoint, SearchOutcome, TraceRequest } from '../search/outcome.js';
import { SearchRecord, type CutReason } from '../search/search-record.js';
import { runLevels, type LevelSearch } from '../search/level-loop.js';
import { TraceLinks } from '../trace/trace-links.js';
import { rebuildTrace } from '../trace/trace.js';
import { confirmFinding } from '../trace/trace-verification.js';
import { loadSpecSource } from '../parallel/load-source.js';
import type { CheckResult, ClusterRunReport } from '../result.js';
import type { RuntimeModel } from '../runtime-model.js';
import { addStream, connectCluster, whileServerRecovers, type ClusterLink, type LinkOptions } from './nats-link.js';
import { collectModelFiles, vigilVersion } from './model-files.js';
import { batchSubject, runSubject, shardOfRef, type ControlReply, type ControlRequest, type ModelReference, type RunDescription, type ShardExpansion, type ShardLevelEnd, type SnapshotSegment } from './protocol.js';
import { batchStreamOf, parseJson, registryUrl } from './run-names.js';
import { RunStore, runObjects } from './run-store.js';
import { ShardRouter } from './shard-router.js';
import { gatherWorkers, type Member } from './join.js';
import { removeCoordinatorState, writeCoordinatorState, type CoordinatorState } from './coordinator-state.js';
import { pathToFileURL } from 'node:url';

/** The model of a cluster run: a registered name, or a model file (shipped with its local imports). */
export type ClusterModel = { readonly registered: string } | { readonly file: string };

export interface ClusterOptions extends CheckOptions, LinkOptions {
  /** nats://HOST:PORT of a running cluster. */
  readonly url: string;
  /** Workers to wait for (local:N knows how many it started); default: those that join within the join window. */
  readonly workers?: number;
  /** Fingerprint shards (default: one per worker). */
  readonly shards?: number;
  /** How long to collect workers when their number is not known (ms). */
  readonly joinWindowMs?: number;
  /** A worker whose heartbeat is older than this (ms) is lost: its shards go to a surviving worker. */
  readonly heartbeatTimeoutMs?: number;
  /**
   * Shard snapshots are saved at the first level boundary after this long (ms) since the last (default
   * DEFAULT_SNAPSHOT_INTERVAL_MS; 0: every level), and never so often that they take more than a tenth
   * of the run (snapshot-pacing.ts).
   */
  readonly snapshotIntervalMs?: number;
  /** Called after each level (tests use it to kill workers at chosen moments). */
  readonly onLevel?: (depth: number) => void;
  /** Called with one line when a lost worker's shards are taken over. */
  readonly onTakeover?: (line: string) => void;
  /** States per queue chunk of a spilling shard (tests spill small models with small chunks). */
  readonly queueChunkStates?: number;
  /** A line on the cluster (per worker and shard) at each progress report. */
  readonly onClusterProgress?: (line: string) => void;
  /** The run's wire and worker figures, once it ends. */
  readonly onFinished?: (stats: ClusterStats) => void;
  /**
   * How states get their owner shard: `auto` (default) hashes the packed words that
   * a sample of steps changes least, when that keeps most successors in their
   * parent's shard (partition-choice.ts); `fingerprint` always uses the fingerprint.
   */
  readonly partition?: 'auto' | 'fingerprint';
  /** Save the coordinator's state here at every level boundary (`--checkpoint DIR`), for `--resume`. */
  readonly stateDir?: string;
  /** Go on with a run whose coordinator was killed (its workers still hold it). */
  readonly resumeState?: CoordinatorState;
}

/** What a cluster run measured: bytes on the wire, messages, and each worker's expansion rate. */
export interface ClusterStats {
  readonly workers: number;
  readonly shards: number;
  /** Batch bytes published, successors routed, those to a shard of another worker, those put into batches, batches. */
  readonly wireBytes: number;
  readonly successors: number;
  readonly crossShard: number;
  readonly records: number;
  readonly batches: number;
  /** Bytes a successor takes when packed (its words, parent ordinal and position). */
  readonly recordBytes: number;
  readonly wallMs: number;
  readonly perWorker: readonly { readonly workerId: string; readonly expanded: number; readonly ms: number }[];
  readonly takeovers: readonly string[];
  /** The packed words whose hash chose the owners (empty: the fingerprint). */
  readonly partitionKey: readonly number[];
  /** Complete snapshots (every shard saved a segment), their bytes and the time their barriers took. */
  readonly snapshots: { readonly count: number; readonly bytes: number; readonly barrierMs: number };
}


/**
 * Snapshots every 10 s by default: a lost worker's shards then go on from at most
 * about 10 s back. Every second, full.yaml row 1 on local:2 spent 2.9-3.8 s of its
 * 46-54 s in 19-25 snapshot barriers (621-724 MB); every 10 s, 1.4-1.7 s in 4-5
 * (372-429 MB), and the runs were 2.3 and 5.0 s shorter (alternating runs, session 11).
 */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 10_000;

/** A worker that stopped answering: killed, hung, or cut off. */
class MemberLost extends Error {
  constructor(readonly member: Member) {
    super(`worker ${member.workerId} was lost`);
  }
}

/** One control request is waited for this long before it is sent again (the worker answers repeats alike). */
const ATTEMPT_MS = 2000;

/**
 * `vigil check --cluster`: the coordinator of a partitioned, level-synchronous
 * breadth-first search. Every state has one owner shard, chosen by fingerprint;
 * workers expand their shards' frontier and send each successor to its owner in
 * batches over JetStream. A level ends at a barrier where every shard has
 * received the batches the others say they sent; then the next level starts.
 * Counts follow the parallel engine's rule at a violation: the level is finished.
 */
export async function checkCluster(model: ClusterModel, options: ClusterOptions): Promise<CheckResult> {
  const started = Date.now();
  const source = 'registered' in model ? { moduleUrl: registryUrl, registryName: model.registered } : { moduleUrl: pathToFileURL(model.file).href };
  const spec = await loadSpecSource(source);
  const { runtime, constants } = prepare(spec, options.constants);
  refuseUnsupported(runtime, options);
  const settings = resolveSearchSettings(spec.name, runtime, options, 'parallel');
  const resumed = options.resumeState;
  if (resumed && (resumed.specName !== spec.name || JSON.stringify(resumed.constants) !== JSON.stringify(constants))) {
    throw new ConfigError(`--resume: the saved run checked ${resumed.specName} with other constants or another model`);
  }
  const link = await connectCluster(options.url, { ...options, reconnect: true });
  const runId = resumed?.runId ?? randomBytes(8).toString('hex');
  const identity = { model: 'registered' in model ? model.registered : model.file, specName: spec.name, constants };
  const store = await RunStore.open(link, runId, resumed === undefined);
  const search = new ClusterSearch(link, store, runId, runtime, settings, options, identity);
  try {
    const queue = options.queueMemoryBytes !== undefined ? { memoryBytes: options.queueMemoryBytes, chunkStates: options.queueChunkStates } : undefined;
    const partition = resumed ? undefined : choosePartitionFor(runtime, settings, options);
    if (partition) search.partitionChosen(partition);
    const outcome = resumed ? await search.resume(resumed) : await search.run({ ...(await describeRun(store, runId, model, runtime, settings, constants, undefined, queue)), partitionKey: partition?.keyWords ?? [] });
    const chains = await search.chainsFor(outcome.findings);
    const traceFor = (request: TraceRequest, finding: Finding) => {
      const { links, ordinal } = chains.get(finding)!;
      const steps = rebuildTrace(runtime, links, { ...request, ordinal });
      confirmFinding(runtime, finding, steps);
      return steps;
    };
    const result = { ...toCheckResult(spec.name, constants, outcome, traceFor, Date.now() - started, options.maxMemoryBytes, settings.symmetry), cluster: search.report() };
    if (options.stateDir) removeCoordinatorState(options.stateDir);
    options.onFinished?.(search.stats());
    return result;
  } finally {
    await search.close();
  }
}

/** The run as workers read it; the model's files are put into the run's object store on the way. */
export async function describeRun(
  store: RunStore,
  runId: string,
  model: ClusterModel,
  runtime: RuntimeModel<any>,
  settings: ReturnType<typeof resolveSearchSettings>,
  constants: Readonly<Record<string, unknown>>,
  simulation?: RunDescription['simulation'],
  queue?: RunDescription['queue'],
): Promise<RunDescription> {
  return {
    runId,
    version: vigilVersion(),
    model: await publishModel(store, model),
    constants,
    invariantNames: settings.invariants.map((inv) => inv.name),
    checkDeadlock: settings.checkDeadlock,
    continueAfterViolation: settings.continueAfterViolation,
    fingerprintBits: settings.fingerprintBits ?? 64,
    ...(settings.symmetry ? { symmetry: true } : {}),
    ...(settings.expectedStates ? { expectedStates: settings.expectedStates } : {}),
    shards: 0,
    wordsPerState: runtime.codec.words,
    ...(simulation ? { simulation } : {}),
    ...(queue ? { queue } : {}),
  };
}

/** The locality key of a new run (ShardPartition); under symmetry, of the orbit representatives' words. */
function choosePartitionFor(runtime: RuntimeModel<any>, settings: ReturnType<typeof resolveSearchSettings>, options: ClusterOptions): PartitionChoice | undefined {
  const shards = options.shards ?? options.workers ?? 0;
  if (options.partition === 'fingerprint' || shards < 2) return undefined;
  return choosePartition(runtime, shards, settings.symmetry !== null && settings.symmetry !== undefined);
}

/** What does not run distributed yet is refused with one line (exit 151), never silently skipped. */
function refuseUnsupported(runtime: RuntimeModel<any>, options: ClusterOptions): void {
  const def = runtime.def;
  if (options.coverage) throw new ConfigError('--cluster: --coverage runs on one machine only');
  if (options.temporal !== false && (def.temporal?.length ?? 0) > 0) {
    throw new ConfigError(`--cluster checks safety only: the model has temporal properties (${def.temporal!.map((p) => p.name).join(', ')}); add --no-liveness, or check them on one machine`);
  }
  if (options.checkpoint !== undefined || options.resume !== undefined) throw new ConfigError('internal: a cluster run saves its own state (stateDir, resumeState)');
}

/** The run's model: a registered name travels as is; a file and its local imports go to the run's object store. */
export async function publishModel(store: RunStore, model: ClusterModel): Promise<ModelReference> {
  if ('registered' in model) return { kind: 'registered', name: model.registered };
  const { entry, files } = collectModelFiles(model.file);
  for (const [name, text] of files) await store.putText(runObjects.modelFile(name), text);
  return { kind: 'files', entry, files: [...files.keys()] };
}

class ClusterSearch implements LevelSearch {
  frontierCount = 0;
  depth = 0;
  private readonly record: SearchRecord;
  private distinct = 0;
  private generated = 0;
  private constrainedOut = 0;
  private members: Member[] = [];
  private shards = 0;
  private readonly startedAt = Date.now();
  private lastProgressAt = Date.now();
  private elapsedBefore = 0;
  private readonly heartbeatTimeoutMs: number;
  private readonly lastSeen = new Map<string, number>();
  private readonly lost = new Set<string>();
  /** The level of the last complete set of shard snapshots (every shard saved a segment there). */
  private snapshotLevel: number | null = null;
  /** Each shard's snapshot segments, oldest first: it is restored from all of them up to `snapshotLevel`. */
  private segments = new Map<number, SnapshotSegment[]>();
  private readonly snapshotPacing: SnapshotPacing;
  /** The locality key and its sampled figures (absent: owners by fingerprint, or a resumed run). */
  private partition: PartitionChoice | undefined;
  /** Batches each shard was to receive, per level since the last snapshot (what a takeover replays). */
  private readonly history = new Map<number, Record<number, number[]>>();
  /** Complete snapshots taken in this coordinator's run so far. */
  private readonly snapshotStats = { count: 0, bytes: 0, barrierMs: 0 };
  /** Wire statistics: bytes and successors sent, those to a shard of another worker. */
  readonly wire = { bytes: 0, successors: 0, crossShard: 0, records: 0, batches: 0 };
  /** States expanded and milliseconds spent, per worker; states waiting per shard. */
  private readonly perWorker = new Map<string, { expanded: number; ms: number }>();
  private queues = new Map<number, number>();
  private readonly spilled = new Map<number, { chunksWritten: number; peakBytesOnDisk: number }>();
  /** Per level: distinct states and queue as it starts; each worker's rate; each shard's queue. */
  private readonly levels: LevelPoint[] = [];
  private readonly workerRates = new Map<string, [number, number][]>();
  private readonly shardQueues = new Map<number, [number, number][]>();
  /** Workers lost and shards taken over during the run. */
  readonly takeovers: string[] = [];

  constructor(
    private readonly link: ClusterLink,
    private readonly store: RunStore,
    private readonly runId: string,
    private readonly model: RuntimeModel<any>,
    private readonly settings: ReturnType<typeof resolveSearchSettings>,
    private readonly options: ClusterOptions,
    private readonly identity: Pick<CoordinatorState, 'model' | 'specName' | 'constants'>,
  ) {
    this.record = new SearchRecord(settings.continueAfterViolation, settings.collisionGapThreshold);
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
    this.snapshotPacing = new SnapshotPacing(options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS);
  }

  /** Goes on with a saved run: its workers still hold it and answer the current level's requests again alike. */
  async resume(state: CoordinatorState): Promise<SearchOutcome> {
    this.shards = state.shards;
    this.members = state.members.map((member) => ({ index: member.index, workerId: member.workerId, shards: [...member.shards] }));
    this.depth = state.depth;
    this.distinct = state.distinct;
    this.generated = state.generated;
    this.constrainedOut = state.constrainedOut;
    this.frontierCount = state.frontierCount;
    this.record.restore(state.record);
    this.snapshotLevel = state.snapshotLevel;
    this.segments = new Map(state.segments.map(([shard, chain]) => [shard, [...chain]]));
    for (const [level, expected] of state.history) this.history.set(level, expected);
    this.elapsedBefore = state.elapsedMs;
    this.watchHeartbeats();
    for (const member of this.members) this.lastSeen.set(member.workerId, Date.now());
    await runLevels(this, this.settings, this.startedAt);
    return this.outcome();
  }

  private saveState(): void {
    if (!this.options.stateDir) return;
    writeCoordinatorState(this.options.stateDir, {
      format: 1,
      runId: this.runId,
      ...this.identity,
      shards: this.shards,
      members: this.members,
      depth: this.depth,
      distinct: this.distinct,
      generated: this.generated,
      constrainedOut: this.constrainedOut,
      frontierCount: this.frontierCount,
      record: this.record.snapshot(),
      snapshotLevel: this.snapshotLevel,
      segments: [...this.segments],
      history: [...this.history],
      elapsedMs: Date.now() - this.startedAt + this.elapsedBefore,
    });
  }

  get stopped(): boolean {
    return this.record.stopped;
  }

  async run(description: RunDescription): Promise<SearchOutcome> {
    await addStream(this.link, batchStreamOf(this.runId), [runSubject(this.runId, 'b.>')]);
    this.watchHeartbeats();
    this.members = await this.gatherWorkers(description);
    for (const member of this.members) this.lastSeen.set(member.workerId, Date.now());
    await Promise.all(this.members.map((member) => this.ask(member, { kind: 'assign', shards: member.shards }, 'assigned')));
    await this.seed();
    await runLevels(this, this.settings, this.startedAt);
    return this.outcome();
  }

  private watchHeartbeats(): void {
    this.link.nc.subscribe(runSubject(this.runId, 'hb'), {
      callback: (error, message) => {
        const beat = error ? null : parseJson<{ workerId: string }>(message.data);
        if (beat && typeof beat.workerId === 'string' && this.lastSeen.has(beat.workerId)) this.lastSeen.set(beat.workerId, Date.now());
      },
    });
    // While this process was cut off from the server, nobody's heartbeat could arrive.
    void (async () => {
      for await (const status of this.link.nc.status()) {
        if (status.type === 'reconnect') for (const id of this.lastSeen.keys()) this.lastSeen.set(id, Date.now());
      }
    })().catch(() => {});
  }

  private async gatherWorkers(description: RunDescription): Promise<Member[]> {
    const { members, shards } = await gatherWorkers(this.link, this.store, this.runId, description, this.options);
    this.shards = shards;
    return members;
  }

  /** The initial states, routed to their owners from the coordinator (sender number `shards`). */
  private async seed(): Promise<void> {
    const router = new ShardRouter(this.link, this.runId, this.shards, new ShardPartition(this.shards, this.partition?.keyWords ?? []), this.model.codec.words, this.settings.fingerprintBits === 96);
    router.startLevel(0);
    const expander = new StateExpander(this.model, this.settings, router);
    try {
      this.model.forEachInitialState((state, index) => {
        this.generated++;
        expander.seed(state, index);
      });
    } catch (error) {
      if (!(error instanceof StepEvaluationError)) throw error;
      router.findings.push(expander.describeStepError(error));
    }
    await router.finish();
    this.constrainedOut += expander.constrainedOut;
    for (const name of expander.satisfiedPossibles) this.record.satisfiedPossibles.add(name);
    const sent = router.sent();
    const expected: Record<number, number[]> = {};
    for (let shard = 0; shard < this.shards; shard++) expected[shard] = [...new Array<number>(this.shards).fill(0), sent[shard]!];
    await this.finishLevel(0, expected, router.findings);
  }

  async expandLevel(): Promise<void> {
    const level = this.depth;
    this.levels.push({ level, distinctStates: this.distinct, queueSize: this.frontierCount });
    const expansions = await this.onEveryShard((shards) => ({ kind: 'expand', level, shards }), 'expanded', (reply) => reply.shards);
    this.noteRates(level, expansions);
    const findings: Finding[] = [];
    for (const expansion of expansions) {
      this.generated += expansion.generated;
      this.constrainedOut += expansion.constrainedOut;
      if (expansion.untriedTies && this.settings.symmetry) this.settings.symmetry.untriedTies += expansion.untriedTies;
      findings.push(...expansion.findings);
      this.noteWire(expansion);
      const owner = this.members.find((member) => member.shards.includes(expansion.shard));
      if (owner) {
        const rate = this.perWorker.get(owner.workerId) ?? { expanded: 0, ms: 0 };
        rate.expanded += expansion.expanded;
        rate.ms += expansion.ms;
        this.perWorker.set(owner.workerId, rate);
      }
    }
    const expected: Record<number, number[]> = {};
    for (let to = 0; to < this.shards; to++) {
      expected[to] = new Array<number>(this.shards + 1).fill(0);
      for (const expansion of expansions) expected[to]![expansion.shard] = expansion.sent[to]!;
    }
    await this.finishLevel(level, expected, findings);
    this.options.onLevel?.(this.depth);
  }

  /** Each worker's states per second in this level (its shards' states over their expansion time). */
  private noteRates(level: number, expansions: readonly ShardExpansion[]): void {
    for (const member of this.members) {
      const mine = expansions.filter((expansion) => member.shards.includes(expansion.shard));
      const ms = mine.reduce((sum, e) => sum + e.ms, 0);
      const states = mine.reduce((sum, e) => sum + e.expanded, 0);
      if (states > 0) series(this.workerRates, member.workerId).push([level, Math.round(states / (Math.max(ms, 1) / 1000))]);
    }
  }

  /** The per-worker and per-shard series for the run report. */
  report(): ClusterRunReport {
    return {
      workers: [...this.workerRates].map(([workerId, statesPerSecond]) => ({ workerId, statesPerSecond })),
      shards: [...this.shardQueues].sort((a, b) => a[0] - b[0]).map(([shard, queue]) => ({ shard, queue })),
      wireBytes: this.wire.bytes,
      batches: this.wire.batches,
      successors: this.wire.successors,
      crossShard: this.wire.crossShard,
      records: this.wire.records,
      recordBytes: (this.model.codec.words + 2) * 4,
      partition: { keyWords: this.partition?.keyWords ?? [], sampledCrossing: this.partition?.keyCrossing ?? 0, fingerprintCrossing: this.partition?.fingerprintCrossing ?? 0 },
    };
  }

  /** The run's owners are chosen by this key (sent to the workers in the run's description). */
  partitionChosen(choice: PartitionChoice): void {
    this.partition = choice;
  }

  private noteWire(expansion: ShardExpansion): void {
    this.wire.bytes += expansion.bytes;
    this.wire.successors += expansion.successors;
    this.wire.crossShard += expansion.crossShard;
    this.wire.records += expansion.records;
    for (const count of expansion.sent) this.wire.batches += count;
  }

  /** The barrier: every shard has what was sent to it; the new states are the next level. */
  private async finishLevel(level: number, expected: Record<number, number[]>, findings: Finding[]): Promise<void> {
    this.history.set(level, expected);
    const barrierStarted = Date.now();
    const snapshot = this.snapshotPacing.due(barrierStarted);
    const ends = await this.onEveryShard((shards) => ({ kind: 'barrier', level, shards, expected, snapshot }), 'level-end', (reply) => reply.shards);
    let added = 0;
    for (const end of ends) {
      added += end.newStates;
      findings.push(...end.findings);
      this.queues.set(end.shard, end.newStates);
      series(this.shardQueues, end.shard).push([level + 1, end.newStates]);
      if (end.spilled) this.spilled.set(end.shard, end.spilled);
    }
    if (snapshot) {
      // Every segment saved is recorded (a shard's next one starts after it), even when another shard saved none.
      for (const end of ends) if (end.snapshotBytes > 0) series(this.segments, end.shard).push({ level: level + 1, bytes: end.snapshotBytes });
      if (ends.every((end) => end.snapshotBytes > 0)) {
        this.snapshotPacing.taken(barrierStarted, Date.now());
        this.snapshotStats.count++;
        this.snapshotStats.bytes += ends.reduce((sum, end) => sum + end.snapshotBytes, 0);
        this.snapshotStats.barrierMs += Date.now() - barrierStarted;
        await this.snapshotTaken(level + 1);
      }
    }
    this.distinct += added;
    this.frontierCount = added;
    if (added > 0) this.depth++;
    // Report in a fixed order (by parent, then successor) so runs are reproducible.
    findings.sort(byTracePosition);
    for (const finding of findings) this.record.report(finding);
    this.saveState();
  }

  /** Every shard saved a segment at `level`: batches before it are not needed again (the segments all are). */
  private async snapshotTaken(level: number): Promise<void> {
    this.snapshotLevel = level;
    const purge = (stream: string, filter: string) => whileServerRecovers(this.link, () => this.link.jsm.streams.purge(stream, { filter }));
    for (const old of [...this.history.keys()].filter((l) => l < level)) {
      this.history.delete(old);
      await purge(batchStreamOf(this.runId), batchSubject(this.runId, '*', old));
    }
  }

  /**
   * Sends a request for every shard to its owner and collects the per-shard
   * answers. When an owner is lost, a surviving worker takes its shards over
   * (see takeOver) and is asked for them in turn: requests are answered alike
   * when repeated, so a shard already done is not done twice.
   */
  private async onEveryShard<K extends 'expanded' | 'level-end', T extends { shard: number }>(
    request: (shards: number[]) => ControlRequest,
    kind: K,
    pick: (reply: Extract<ControlReply, { kind: K }>) => readonly T[],
  ): Promise<T[]> {
    const results = new Map<number, T>();
    for (;;) {
      const asked = this.members.filter((member) => member.shards.some((shard) => !results.has(shard)));
      if (asked.length === 0) return [...results.values()];
      // Heartbeats are counted from here: time this process itself spent busy (seeding, rebuilding traces) is no worker's fault.
      for (const member of asked) this.lastSeen.set(member.workerId, Math.max(this.lastSeen.get(member.workerId) ?? 0, Date.now()));
      const outcomes = await Promise.allSettled(
        asked.map(async (member) => {
          const reply = await this.ask(member, request(member.shards.filter((shard) => !results.has(shard))), kind);
          for (const name of (reply as unknown as { satisfiedPossibles: readonly string[] }).satisfiedPossibles) this.record.satisfiedPossibles.add(name);
          for (const result of pick(reply)) results.set(result.shard, result);
        }),
      );
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') continue;
        if (!(outcome.reason instanceof MemberLost)) throw outcome.reason;
        await this.takeOver(asked[i]!);
      }
    }
  }

  /** Gives a lost worker's shards to the surviving workers with the fewest, from the last snapshot. */
  private async takeOver(member: Member): Promise<void> {
    this.lost.add(member.workerId);
    this.members = this.members.filter((other) => other !== member);
    if (this.members.length === 0) throw new VigilError(`--cluster: every worker was lost (the last: ${member.workerId})`, ExitCode.system);
    if (this.snapshotLevel === null) throw new VigilError(`--cluster: worker ${member.workerId} was lost before the first snapshot of the run`, ExitCode.system);
    for (const shard of member.shards) {
      for (;;) {
        const adopter = this.members.reduce((a, b) => (b.shards.length < a.shards.length ? b : a));
        const history: Record<number, number[]> = {};
        for (let level = this.snapshotLevel; level < this.depth; level++) history[level] = this.history.get(level)![shard]!;
        // Segments the lost owner saved after the last complete snapshot are dropped: the adopter saves its own from there.
        const chain = (this.segments.get(shard) ?? []).filter((segment) => segment.level <= this.snapshotLevel!);
        this.segments.set(shard, chain);
        const request: ControlRequest = { kind: 'adopt', shard, snapshotLevel: this.snapshotLevel, segments: chain, current: this.depth, history };
        try {
          await this.ask(adopter, request, 'adopted');
          adopter.shards.push(shard);
          this.takeovers.push(`worker ${member.workerId} lost at level ${this.depth}: worker ${adopter.workerId} took over shard ${shard} from its snapshot at level ${this.snapshotLevel}`);
          break;
        } catch (error) {
          if (!(error instanceof MemberLost)) throw error;
          await this.takeOver(adopter);
        }
      }
    }
    this.options.onTakeover?.(this.takeovers[this.takeovers.length - 1]!);
  }

  /**
   * One control request, sent again every ATTEMPT_MS until answered (a lost reply,
   * a server restart), unless the worker's heartbeat stops: it is lost then.
   */
  private async ask<K extends ControlReply['kind']>(member: Member, request: ControlRequest, expected: K): Promise<Extract<ControlReply, { kind: K }>> {
    const subject = runSubject(this.runId, `w.${member.workerId}`);
    const payload = JSON.stringify(request);
    for (;;) {
      if (this.lost.has(member.workerId) || Date.now() - (this.lastSeen.get(member.workerId) ?? 0) > this.heartbeatTimeoutMs) throw new MemberLost(member);
      let reply: ControlReply | null;
      try {
        reply = parseJson<ControlReply>((await this.link.nc.request(subject, payload, { timeout: ATTEMPT_MS })).data);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (reply?.kind === 'failed') throw new VigilError(`--cluster: worker ${member.workerId}: ${reply.message}`, ExitCode.system);
      if (reply?.kind !== expected) throw new VigilError(`--cluster: worker ${member.workerId} answered ${reply?.kind ?? 'garbage'} to ${request.kind}`, ExitCode.system);
      const problem = replyProblem(reply, this.shards);
      if (problem !== null) throw new VigilError(`--cluster: worker ${member.workerId} sent a malformed ${reply.kind} reply: ${problem}`, ExitCode.system);
      return reply as Extract<ControlReply, { kind: K }>;
    }
  }

  /** For each finding with a trace: the chain of links from an initial state to the state its trace starts from. */
  async chainsFor(findings: readonly Finding[]): Promise<Map<Finding, { links: TraceLinks; ordinal: number }>> {
    const chains = new Map<Finding, { links: TraceLinks; ordinal: number }>();
    for (const finding of findings) {
      if (!finding.trace) continue;
      const links = new TraceLinks(64);
      if (finding.trace.ordinal < 0) {
        chains.set(finding, { links, ordinal: -1 });
        continue;
      }
      const positions: number[] = [];
      let ref = finding.trace.ordinal;
      let initialIndex = 0;
      for (let guard = 0; ; guard++) {
        if (guard > this.depth + 1) throw new VigilError('--cluster: the parent links form a cycle', ExitCode.system);
        const owner = this.members.find((member) => member.shards.includes(shardOfRef(ref)))!;
        const [link] = (await this.ask(owner, { kind: 'links', refs: [ref] }, 'links')).links;
        if (link!.parent < 0) {
          initialIndex = link!.successorIndex;
          break;
        }
        positions.push(link!.successorIndex);
        ref = link!.parent;
      }
      links.add(-1, initialIndex);
      positions.reverse().forEach((position, i) => links.add(i, position));
      chains.set(finding, { links, ordinal: positions.length });
    }
    return chains;
  }

  stop(reason: CutReason): void {
    this.record.stop(reason);
  }

  saveCheckpoint(): void {}

  reportProgress(): void {
    const now = Date.now();
    if (!this.settings.onProgress || now - this.lastProgressAt < this.settings.progressIntervalMs) return;
    this.lastProgressAt = now;
    this.settings.onProgress({ elapsedMs: now - this.startedAt + this.elapsedBefore, depth: this.depth, distinctStates: this.distinct, generatedStates: this.generated, queueLeft: this.frontierCount });
    this.options.onClusterProgress?.(this.progressLine());
  }

  /** States/s per worker (while expanding), queue per shard, bytes on the wire. */
  private progressLine(): string {
    const rates = [...this.perWorker].map(([id, rate]) => `${id} ${rate.ms > 0 ? Math.round(rate.expanded / (rate.ms / 1000)).toLocaleString('en-US') : '-'}`);
    const queues = [...this.queues].sort((a, b) => a[0] - b[0]).map(([, count]) => count.toLocaleString('en-US'));
    return `cluster: states/s per worker: ${rates.join(', ')}; queue per shard: ${queues.join(', ')}; ${(this.wire.bytes / 2 ** 20).toFixed(1)} MiB on the wire in ${this.wire.batches.toLocaleString('en-US')} batches`;
  }

  stats(): ClusterStats {
    return {
      workers: this.members.length,
      shards: this.shards,
      wireBytes: this.wire.bytes,
      successors: this.wire.successors,
      crossShard: this.wire.crossShard,
      records: this.wire.records,
      batches: this.wire.batches,
      recordBytes: (this.model.codec.words + 2) * 4,
      wallMs: Date.now() - this.startedAt + this.elapsedBefore,
      perWorker: [...this.perWorker].map(([workerId, rate]) => ({ workerId, ...rate })),
      takeovers: this.takeovers,
      partitionKey: this.partition?.keyWords ?? [],
      snapshots: { ...this.snapshotStats },
    };
  }

  private outcome(): SearchOutcome {
    const counts = {
      distinct: this.distinct,
      generated: this.generated,
      depth: this.depth,
      queueLeft: this.record.stopped ? this.frontierCount : 0,
      constrainedOut: this.constrainedOut,
      tableBytes: 0,
      linkBytesPerState: 12,
      smallestGap: () => null,
    };
    let outcome: SearchOutcome = { ...this.record.outcome(counts, this.model.def.possibles.map((p) => p.name)), levels: this.levels };
    if (this.options.queueMemoryBytes !== undefined) {
      const spills = [...this.spilled.values()];
      outcome = { ...outcome, queueSpill: { memoryBytes: this.options.queueMemoryBytes, chunksWritten: spills.reduce((sum, s) => sum + s.chunksWritten, 0), peakBytesOnDisk: spills.reduce((sum, s) => sum + s.peakBytesOnDisk, 0) } };
    }
    return this.settings.fingerprintBits === 96 ? { ...outcome, fingerprintBits: 96 } : outcome;
  }

  async close(): Promise<void> {
    if (this.link.nc.isClosed()) return;
    // A worker that does not answer within a second is gone; its copy of the run is dropped when it is.
    await Promise.all(this.members.map((member) => this.link.nc.request(runSubject(this.runId, `w.${member.workerId}`), JSON.stringify({ kind: 'end' }), { timeout: 1000 }).catch(() => undefined)));
    await this.link.jsm.streams.delete(batchStreamOf(this.runId)).catch(() => false);
    await this.store.destroy();
    await this.link.nc.drain().catch(() => this.link.nc.close());
  }
}

function series<K, V>(map: Map<K, V[]>, key: K): V[] {
  let points = map.get(key);
  if (!points) map.set(key, (points = []));
  return points;
}

function byTracePosition(a: Finding, b: Finding): number {
  const ordinalA = a.trace?.ordinal ?? -1;
  const ordinalB = b.trace?.ordinal ?? -1;
  return ordinalA - ordinalB || (a.trace?.successorIndex ?? a.trace?.initialIndex ?? -1) - (b.trace?.successorIndex ?? b.trace?.initialIndex ?? -1);
}
