import { DeliverPolicy, type Consumer, type ConsumerMessages } from '@nats-io/jetstream';
import { StateExpander, StepEvaluationError, type PropertyOptions } from '../search/expander.js';
import { symmetryReductionFor } from '../symmetry/canonicalizer.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { Finding } from '../search/outcome.js';
import { whileServerRecovers, type ClusterLink } from './nats-link.js';
import { batchSubject, globalRef, localOfRef, runSubject, shardOfRef, type ControlReply, type ControlRequest, type RunDescription, type ShardExpansion, type ShardLevelEnd } from './protocol.js';
import { runObjects, type RunStore } from './run-store.js';
import { Shard } from './shard.js';
import { ShardPartition } from './partition.js';
import { ShardRouter } from './shard-router.js';
import { BatchScratch, MalformedBatch, readBatch, runTagOf, type BatchHeader } from './wire.js';

/** Expansion yields to the event loop this often (ms), so that batches are received and published meanwhile. */
const SLICE_MS = 50;
/** A worker says it is alive this often (ms), also while it expands. */
export const HEARTBEAT_MS = 400;
/** A level's barrier that sees no batch arrive for this long reads the level again from the stream (see waitForLevel). */
const STALLED_DELIVERY_MS = 3000;
/** The longest wait before reading a level again (each further reading waits twice the last). */
const MAX_STALL_PATIENCE_MS = 60_000;

interface OwnedShard {
  readonly shard: Shard;
  /** The owner's half of expansion: admits routed successors into this shard. */
  readonly admitter: StateExpander<any>;
  /** Where the successors of this shard's frontier go, and the expander that produces them. */
  readonly router: ShardRouter;
  readonly expander: StateExpander<any>;
  messages?: ConsumerMessages;
  /** The consumer `messages` reads (deleted on the server when it is replaced). */
  consumer?: Consumer;
  /** The stream sequence of the last batch read. */
  lastSequence: number;
  /** Batches read so far, again or not (waitForLevel's measure of progress). */
  deliveries: number;
  /**
   * lastSequence when the shard last ended a level: every batch of the level it
   * collects now comes after it in the stream (a level is expanded only after
   * the barrier of the one before).
   */
  levelFloor: number;
  /** The last level expanded and ended, with their replies: a request sent again gets the same answer. */
  expansion?: { level: number; reply: Promise<ShardExpansion> };
  ended?: { level: number; reply: Promise<ShardLevelEnd> };
}

/** What a WorkerRun tells its worker, and a fault tests inject. */
export interface WorkerRunEvents {
  /** One line about the run (the worker prefixes its id). */
  readonly log?: (line: string) => void;
  /** A batch delivery for which this returns true is dropped unread, as a lossy connection would. */
  readonly loseDelivery?: () => boolean;
}

/**
 * One run on a worker: the shards it owns, the expander of their frontier states
 * (whose successors a ShardRouter sends to their owners), and the consumers that
 * admit the batches sent to its shards. It answers the coordinator's control
 * requests, each of which may come again (after a lost reply, a server restart,
 * a coordinator that resumed) and gets the same answer. A malformed batch fails
 * the run (every later request gets that one line) and never the worker.
 */
export class WorkerRun {
  private readonly owned = new Map<number, OwnedShard>();
  private failure: string | null = null;
  /** The aligned copy of the batch being read (one at a time: reading and admitting are synchronous). */
  private readonly scratch = new BatchScratch();
  /** Parent references of a received batch's records (admitBatch), reused. */
  private parentRefs = new Float64Array(1024);
  private readonly waiters = new Set<() => void>();
  private readonly runTag: number;
  private readonly options: PropertyOptions;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly partition: ShardPartition;

  constructor(
    private readonly link: ClusterLink,
    private readonly store: RunStore,
    private readonly run: RunDescription,
    private readonly model: RuntimeModel<any>,
    private readonly stream: string,
    workerId: string,
    private readonly events: WorkerRunEvents = {},
  ) {
    this.runTag = runTagOf(run.runId);
    this.partition = new ShardPartition(run.shards, run.partitionKey ?? []);
    this.options = {
      checkDeadlock: run.checkDeadlock,
      continueAfterViolation: run.continueAfterViolation,
      invariants: run.invariantNames.map((name) => model.def.invariants.find((inv) => inv.name === name)!),
      actionProperties: model.def.actionProperties,
      possibles: model.def.possibles,
      fingerprintBits: run.fingerprintBits,
    };
    const beat = JSON.stringify({ workerId });
    this.heartbeat = setInterval(() => {
      if (!link.nc.isClosed()) link.nc.publish(runSubject(run.runId, 'hb'), beat);
    }, HEARTBEAT_MS);
  }

  async handle(request: ControlRequest): Promise<ControlReply> {
    if (this.failure !== null) return { kind: 'failed', message: this.failure };
    try {
      switch (request.kind) {
        case 'assign':
          for (const shard of request.shards) {
            const owned = await this.own(shard);
            if (!owned.messages) await this.startConsuming(owned);
          }
          return { kind: 'assigned' };
        case 'adopt':
          await this.adopt(request);
          return { kind: 'adopted' };
        case 'expand': {
          const shards = await Promise.all(request.shards.map((shard) => this.expandOnce(this.ownedShard(shard), request.level)));
          return { kind: 'expanded', shards, satisfiedPossibles: this.satisfiedPossibles() };
        }
        case 'barrier':
          return await this.endLevel(request.level, request.shards, request.expected, request.snapshot);
        case 'links':
          return { kind: 'links', links: request.refs.map((ref) => this.ownedShard(shardOfRef(ref)).shard.linkOf(localOfRef(ref))) };
        case 'end':
          this.close();
          return { kind: 'ended' };
        default:
          return { kind: 'failed', message: `a search worker cannot answer ${String(request.kind)}` };
      }
    } catch (error) {
      if (error instanceof MalformedBatch) this.fail(error.message);
      return { kind: 'failed', message: this.failure ?? (error instanceof Error ? error.message : String(error)) };
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const owned of this.owned.values()) {
      void owned.messages?.close();
      owned.shard.close();
    }
    this.owned.clear();
  }

  /** Owns `number` (once): its shard, expanders and batch consumer. */
  private async own(number: number): Promise<OwnedShard> {
    const existing = this.owned.get(number);
    if (existing) return existing;
    if (!(Number.isInteger(number) && number >= 0 && number < this.run.shards)) throw new MalformedBatch(`an assignment of shard ${number}`);
    const words = this.model.codec.words;
    const expected = this.run.expectedStates;
    // A shard's share, with 1% to spare (fingerprints spread states evenly: the deviation is about the square root).
    const share = Number.isSafeInteger(expected) && expected! > 0 ? Math.ceil((expected! / this.run.shards) * 1.01) : undefined;
    const shard = new Shard(number, this.run.shards, words, this.run.fingerprintBits === 96, this.run.queue, share);
    // Each expander its own symmetry reduction: the expanding one's counts what the single engine counts (every successor once).
    const symmetry = () => symmetryReductionFor(this.model.def, words, this.run.symmetry === true);
    const admitter = new StateExpander(this.model, { ...this.options, symmetry: symmetry() }, shard);
    const router = new ShardRouter(this.link, this.run.runId, number, this.partition, words, this.run.fingerprintBits === 96, this.owned, { admitter, shard });
    const owned: OwnedShard = { shard, admitter, router, expander: new StateExpander(this.model, { ...this.options, symmetry: symmetry() }, router), lastSequence: 0, deliveries: 0, levelFloor: 0 };
    this.owned.set(number, owned);
    return owned;
  }

  /**
   * Reads the batches sent to the shard, from `fromSequence` of the stream on
   * (default: those not read yet). A consumer replaced by another stops reading.
   */
  private async startConsuming(owned: OwnedShard, fromSequence?: number): Promise<void> {
    const filter = batchSubject(this.run.runId, owned.shard.shard, '*');
    const start = fromSequence !== undefined ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSequence } : {};
    const consumer = await whileServerRecovers(this.link, () => this.link.js.consumers.get(this.stream, { filter_subjects: filter, ...start }));
    // Short pull requests: after a server restart a consumer notices within seconds, not the default 30 s.
    const messages = await consumer.consume({ expires: 2000 });
    owned.messages = messages;
    owned.consumer = consumer;
    void (async () => {
      try {
        for await (const message of messages) {
          if (owned.messages !== messages) break;
          if (this.events.loseDelivery?.()) continue;
          owned.deliveries++;
          await this.receive(owned, message.data);
          // After receive: a batch held there (mustWait) is read again by a new consumer, and admitted once.
          owned.lastSequence = message.seq;
        }
      } catch (error) {
        if (owned.messages === messages) this.fail(`receiving batches failed: ${(error as Error).message}`);
      }
    })();
  }

  /**
   * Waits until the shard has every batch `expected` of a level. All of them are
   * in the stream by then (each was stored before its sender's expansion ended),
   * but a delivery can be lost between the server and this process without the
   * ordered consumer noticing (nothing after it shows the gap): when no batch
   * arrives for STALLED_DELIVERY_MS, the level is read again from the stream.
   * Batches read twice are admitted once (Shard.accept).
   */
  private async waitForLevel(owned: OwnedShard, level: number, expected: readonly number[]): Promise<void> {
    const shard = owned.shard;
    // Progress is any batch read, one already admitted included (a level read again
    // brings those first); the wait before each further reading doubles.
    let deliveries = -1;
    let since = Date.now();
    let patience = STALLED_DELIVERY_MS;
    for (;;) {
      if (this.failure !== null) throw new MalformedBatch(this.failure);
      if (shard.collecting !== level || complete(shard.receivedCounts(), expected)) return;
      if (owned.deliveries !== deliveries) {
        deliveries = owned.deliveries;
        since = Date.now();
      } else if (Date.now() - since >= patience) {
        await this.readLevelAgain(owned, level, expected, patience);
        since = Date.now();
        patience = Math.min(2 * patience, MAX_STALL_PATIENCE_MS);
      }
      await this.nextWake(patience);
    }
  }

  /** A new consumer from the first batch the shard's current level can have in the stream. */
  private async readLevelAgain(owned: OwnedShard, level: number, expected: readonly number[], waitedMs: number): Promise<void> {
    const read = owned.shard.receivedCounts().reduce((sum, count) => sum + count, 0);
    const sent = expected.reduce((sum, count) => sum + count, 0);
    this.events.log?.(`shard ${owned.shard.shard}, level ${level}: no batch for ${waitedMs / 1000} s with ${read} of ${sent} read: reading the level again from the stream`);
    const old = owned.messages;
    const oldConsumer = owned.consumer;
    owned.messages = undefined;
    void old?.close();
    // Closed, an ordered consumer would stay on the server for its inactivity threshold (5 min), tracking every new batch.
    void oldConsumer?.delete().catch(() => false);
    await this.startConsuming(owned, owned.levelFloor + 1);
  }

  /**
   * Takes over a shard of a worker that was lost: its snapshot, then every level
   * since, level by level: the shard's own successors (its frontier expanded
   * again, without sending anything: the others have their successors already),
   * then the batches from the stream, so its states get the same numbers.
   */
  private async adopt(request: Extract<ControlRequest, { kind: 'adopt' }>): Promise<void> {
    const owned = await this.own(request.shard);
    if (owned.shard.collecting >= request.current && owned.messages) return;
    if (!isSegmentChain(request.segments, request.snapshotLevel)) throw new MalformedBatch(`an adoption of shard ${request.shard} with a malformed list of snapshot segments`);
    const segments: Uint8Array[][] = [];
    for (const { level, bytes } of request.segments) {
      const pieces = await this.store.getPieces(runObjects.snapshot(request.shard, level));
      const size = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
      if (size !== bytes) throw new MalformedBatch(`the snapshot segment of shard ${request.shard} at level ${level} has ${size} bytes, not the ${bytes} saved`);
      segments.push(pieces);
    }
    owned.shard.restoreSegments(segments);
    owned.shard.acceptUpTo = request.current;
    owned.expansion = undefined;
    owned.ended = undefined;
    if (!owned.messages) await this.startConsuming(owned);
    for (let level = request.snapshotLevel; level < request.current; level++) {
      if (owned.shard.expandedLevel < level) await this.rebuildOwnSuccessors(owned, level);
      await this.waitForLevel(owned, level, request.history[level] ?? []);
      owned.shard.findings = [];
      owned.shard.endLevel();
      owned.levelFloor = owned.lastSequence;
    }
  }

  /** The own successors of `level`, admitted again after a takeover (expansion without sending). */
  private async rebuildOwnSuccessors(owned: OwnedShard, level: number): Promise<void> {
    owned.router.publishing = false;
    try {
      await this.expand(owned, level);
    } finally {
      owned.router.publishing = true;
    }
  }

  /** Checks a batch, waits until its shard may admit it (see Shard.expandedLevel), and admits it. */
  private async receive(owned: OwnedShard, data: Uint8Array): Promise<void> {
    if (this.failure !== null) return;
    try {
      const { header, records } = readBatch(data, { runTag: this.runTag, to: owned.shard.shard, shards: this.run.shards, wordsPerState: this.model.codec.words }, this.scratch);
      if (owned.shard.mustWait(header.level)) {
        // The scratch words serve the next batch read meanwhile: keep a copy.
        const kept = records.slice();
        // Waiting here holds the consumer back: later batches stay in the stream meanwhile.
        await this.waitFor(() => !owned.shard.mustWait(header.level));
        this.admitBatch(owned, header, kept);
      } else {
        this.admitBatch(owned, header, records);
      }
    } catch (error) {
      if (this.failure === null) this.failWith(error);
    }
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters) wake();
  }

  private admitBatch(owned: OwnedShard, header: BatchHeader, records: Int32Array): void {
    try {
      if (!owned.shard.accept(header.level, header.from, header.sequence)) return;
      const stride = header.wordsPerState + 2;
      const seeds = header.from === this.run.shards;
      if (this.parentRefs.length < header.count) this.parentRefs = new Float64Array(header.count);
      // Every record is checked before any is admitted.
      for (let r = 0; r < header.count; r++) {
        const at = r * stride;
        const parentLocal = records[at + header.wordsPerState]!;
        const successorIndex = records[at + header.wordsPerState + 1]!;
        if (successorIndex < 0 || (seeds ? parentLocal !== -1 : parentLocal < 0)) throw new MalformedBatch(`a batch record with parent ${parentLocal}, position ${successorIndex}`);
        this.parentRefs[r] = seeds ? -1 : globalRef(header.from, parentLocal);
      }
      owned.admitter.admitRecords(records, stride, header.count, this.parentRefs);
    } catch (error) {
      this.failWith(error);
    }
  }

  private failWith(error: unknown): void {
    this.fail(error instanceof MalformedBatch ? `malformed batch: ${error.message}` : `admitting a batch failed: ${(error as Error).message}`);
  }

  private fail(message: string): void {
    this.failure ??= message;
    this.wakeWaiters();
  }

  private ownedShard(number: number): OwnedShard {
    const owned = this.owned.get(number);
    if (!owned) throw new MalformedBatch(`a request for shard ${number}, which this worker does not own`);
    return owned;
  }

  private async expandOnce(owned: OwnedShard, level: number): Promise<ShardExpansion> {
    if (!owned.messages) await this.startConsuming(owned);
    if (owned.expansion?.level !== level) owned.expansion = { level, reply: this.expand(owned, level) };
    return owned.expansion.reply;
  }

  /** Expands the shard's frontier; its successors go to their owners, its own ones into it at once. */
  private async expand({ shard, router, expander }: OwnedShard, level: number): Promise<ShardExpansion> {
    if (shard.collecting !== level) throw new MalformedBatch(`an expansion of level ${level} while shard ${shard.shard} is at level ${shard.collecting}`);
    const started = Date.now();
    router.startLevel(level);
    const generatedBefore = expander.generated;
    const constrainedBefore = expander.constrainedOut;
    const untriedBefore = expander.untriedTies;
    const findings: Finding[] = [];
    for (let next = 0; next < shard.frontierCount; ) {
      next = this.expandSlice(shard, router, expander, next, Date.now() + SLICE_MS, findings);
      // Lets batches in and acknowledgements arrive; publications are awaited only when congested and at the end.
      if (router.congested) await router.relieve();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await router.finish();
    shard.expandedLevel = level;
    this.wakeWaiters();
    return {
      shard: shard.shard,
      sent: router.sent(),
      generated: expander.generated - generatedBefore,
      constrainedOut: expander.constrainedOut - constrainedBefore,
      expanded: shard.frontierCount,
      findings: [...router.findings, ...findings],
      bytes: router.bytes,
      successors: router.successors,
      crossShard: router.crossShard,
      records: router.records,
      untriedTies: expander.untriedTies - untriedBefore,
      ms: Date.now() - started,
    };
  }

  /**
   * Expands frontier states from number `first` until `deadline` (ms) or until the
   * router is congested; returns the next state's number. Synchronous, so that the
   * hot loop is optimised as one function, with the clock read every 16 states.
   */
  private expandSlice(shard: Shard, router: ShardRouter, expander: StateExpander<any>, first: number, deadline: number, findings: Finding[]): number {
    let i = first;
    while (i < shard.frontierCount) {
      const local = shard.frontierStart + i++;
      router.parentLocal = local;
      const chunk = shard.queue.take();
      try {
        expander.expand(chunk, shard.queue.takenBase, globalRef(shard.shard, local));
      } catch (error) {
        if (!(error instanceof StepEvaluationError)) throw error;
        findings.push(expander.describeStepError(error));
      }
      if ((i & 15) === 0 && (router.congested || Date.now() > deadline)) break;
    }
    return i;
  }

  /** Waits until each shard has received the batches the senders say they sent, then ends its level (once). */
  private async endLevel(level: number, shards: readonly number[], expected: Readonly<Record<number, readonly number[]>>, snapshot: boolean): Promise<ControlReply> {
    const ends = await Promise.all(
      shards.map((number) => {
        const owned = this.ownedShard(number);
        if (owned.ended?.level !== level) owned.ended = { level, reply: this.endShardLevel(owned, level, expected[number] ?? [], snapshot) };
        return owned.ended.reply;
      }),
    );
    return { kind: 'level-end', shards: ends, satisfiedPossibles: this.satisfiedPossibles() };
  }

  private async endShardLevel(owned: OwnedShard, level: number, expected: readonly number[], snapshot: boolean): Promise<ShardLevelEnd> {
    const shard = owned.shard;
    if (!owned.messages) await this.startConsuming(owned);
    // A shard taken over after its lost owner expanded the level: its own successors are only here, in its expansion.
    if (shard.collecting === level && shard.expandedLevel < level) await this.expandOnce(owned, level);
    await this.waitForLevel(owned, level, expected);
    if (shard.collecting !== level) throw new MalformedBatch(`a barrier of level ${level} while shard ${shard.shard} is at level ${shard.collecting}`);
    const findings = shard.findings;
    shard.findings = [];
    const newStates = shard.endLevel();
    owned.levelFloor = owned.lastSequence;
    const snapshotBytes = snapshot ? await this.saveSnapshot(shard) : 0;
    return { shard: shard.shard, newStates, findings, snapshotBytes, spilled: shard.spilled };
  }

  private async waitFor(done: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure !== null) throw new MalformedBatch(this.failure);
      if (done()) return;
      await this.nextWake();
    }
  }

  /** Settles at the next wakeWaiters (a batch admitted, an expansion ended, a failure), or after `timeoutMs`. */
  private nextWake(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => wake(), timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /** Puts the shard's next snapshot segment into the run's object store; returns its size. */
  private async saveSnapshot(shard: Shard): Promise<number> {
    let bytes = 0;
    await this.store.putPieces(runObjects.snapshot(shard.shard, shard.collecting), function* () {
      bytes = 0;
      for (const piece of shard.snapshotPieces()) {
        bytes += piece.byteLength;
        yield piece;
      }
    });
    shard.segmentSaved();
    return bytes;
  }

  private satisfiedPossibles(): string[] {
    const names = new Set<string>();
    for (const owned of this.owned.values()) for (const name of [...owned.admitter.satisfiedPossibles, ...owned.expander.satisfiedPossibles]) names.add(name);
    return [...names];
  }
}

/** A shard's snapshot segments from the network: levels rising up to `last`, sizes positive. */
function isSegmentChain(segments: unknown, last: number): segments is readonly { level: number; bytes: number }[] {
  if (!Array.isArray(segments) || segments.length === 0) return false;
  let previous = -1;
  for (const segment of segments as { level?: unknown; bytes?: unknown }[]) {
    const { level, bytes } = segment ?? {};
    if (!(Number.isSafeInteger(level) && (level as number) > previous && Number.isSafeInteger(bytes) && (bytes as number) > 0)) return false;
    previous = level as number;
  }
  return previous === last;
}

/** Whether `received` reached `expected` for every sender (more than expected is a malformed run). */
function complete(received: readonly number[], expected: readonly number[]): boolean {
  for (let from = 0; from < received.length; from++) {
    const want = expected[from] ?? 0;
    if (received[from]! > want) throw new MalformedBatch(`more batches from shard ${from} than the ${want} it sent`);
    if (received[from]! < want) return false;
  }
  return true;
}
