import type { ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import { whileServerRecovers, type ClusterLink } from './nats-link.js';
import { batchSubject } from './protocol.js';
import { BatchBuilder, batchBytesFor, runTagOf } from './wire.js';
import { SentFingerprintCache } from './sent-cache.js';
import type { ShardPartition } from './partition.js';

/** Publishes in flight before expansion waits for their acknowledgements. */
const MAX_IN_FLIGHT = 256;

/**
 * The expanding shard itself: successors it owns are admitted at once. Objects
 * with methods, not closures: the calls stay monomorphic and inline on the hot
 * path (a closure with rest arguments allocated an array per successor).
 */
export interface OwnShard {
  /** The owner's half of expansion (StateExpander.admitFingerprinted). */
  readonly admitter: { admitFingerprinted(words: Int32Array, base: number, parentRef: number, successorIndex: number, hi: number, lo: number, extra: number): void };
  /** Its visited set's slot for a fingerprint (Shard.touch). */
  readonly shard: { touch(hi: number): number };
}

/**
 * "Where successors go" on a cluster: each successor is packed into the batch for
 * the shard that owns its fingerprint, and full batches are published to that
 * shard's JetStream subject. Expanding states is synchronous, so publications are
 * collected here and awaited by `flush` between slices of work.
 *
 * Successors owned by the expanding shard itself never touch NATS: `own`
 * takes them at once. A successor sent to another shard earlier in the level is
 * not sent again (SentFingerprintCache).
 */
export class ShardRouter implements ExpansionSink {
  /** The local ordinal of the state being expanded (its successors' parent). */
  parentLocal = -1;
  readonly findings: Finding[] = [];
  bytes = 0;
  successors = 0;
  crossShard = 0;
  /** Successors put into batches (the others were dropped as sent before in this level). */
  records = 0;
  private readonly builders: BatchBuilder[];
  private readonly sentBefore: SentFingerprintCache;
  private inFlight: Promise<unknown>[] = [];
  private level = 0;
  /** 1 for each shard of this process, read from `local` as each level starts (a Map lookup per successor cost more than the statistic is worth). */
  private readonly sameProcess: Uint8Array;
  /** False while a shard taken over is rebuilt: successors to other shards were delivered already and are dropped. */
  publishing = true;

  constructor(
    private readonly link: ClusterLink,
    private readonly runId: string,
    readonly from: number,
    /** Which shard owns each successor. */
    private readonly partition: ShardPartition,
    words: number,
    wide: boolean,
    /** Shards of this process (successors to them are not counted as crossing the wire). */
    private readonly local: { has(shard: number): boolean } = new Set<number>(),
    /** Shard `from` (absent for the coordinator, which owns no shard). */
    private readonly own?: OwnShard,
  ) {
    this.sentBefore = new SentFingerprintCache(wide);
    const tag = runTagOf(runId);
    const batchBytes = batchBytesFor(link.nc.info?.max_payload);
    this.builders = Array.from({ length: partition.shards }, (_, to) => new BatchBuilder(tag, from, to, words, batchBytes));
    this.sameProcess = new Uint8Array(partition.shards);
  }

  /** Starts a level: batch sequences and counters start again. */
  startLevel(level: number): void {
    this.level = level;
    // Shards taken over join this process between levels.
    for (let shard = 0; shard < this.sameProcess.length; shard++) this.sameProcess[shard] = this.local.has(shard) ? 1 : 0;
    for (const builder of this.builders) builder.startLevel();
    this.findings.length = 0;
    this.bytes = 0;
    this.successors = 0;
    this.crossShard = 0;
    this.records = 0;
    this.sentBefore.clear();
  }

  /** Batches sent to each shard in this level (after `finish`). */
  sent(): number[] {
    return this.builders.map((builder) => builder.sent);
  }

  get congested(): boolean {
    return this.inFlight.length >= MAX_IN_FLIGHT;
  }

  /**
   * Back pressure without a stall: waits for the oldest publications until at most
   * half the limit are unacknowledged. Waiting for all of them at every slice left
   * expansion idle for a round trip each time (and an idle worker process wakes up
   * on another core, with cold caches).
   */
  async relieve(): Promise<void> {
    if (this.inFlight.length < MAX_IN_FLIGHT) return;
    const oldest = this.inFlight.splice(0, this.inFlight.length - MAX_IN_FLIGHT / 2);
    await Promise.all(oldest);
  }

  /** Waits for the publications so far to be stored by JetStream. */
  async flush(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    await Promise.all(pending);
  }

  /** Publishes the partly filled batches and waits for every publication of the level. */
  async finish(): Promise<void> {
    for (const builder of this.builders) if (builder.pending > 0) this.publish(builder);
    await this.flush();
  }

  /** The owner of a successor whose orbit these words name (ExpansionSink.ownerOf). */
  ownerOf(words: Int32Array, base: number, lo: number): number {
    return this.partition.owner(words, base, lo);
  }

  route(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number, hi: number, lo: number, extra: number, to: number): void {
    const builder = this.builders[to]!;
    this.successors++;
    if (to === this.from && this.own !== undefined) return this.own.admitter.admitFingerprinted(words, base, parentOrdinal, successorIndex, hi, lo, extra);
    if (this.sameProcess[to] === 0) this.crossShard++;
    if (!this.publishing || this.sentBefore.seenBefore(hi, lo, extra)) return;
    this.records++;
    if (builder.add(words, base, parentOrdinal < 0 ? -1 : this.parentLocal, successorIndex)) this.publish(builder);
  }

  private publish(builder: BatchBuilder): void {
    const to = this.builders.indexOf(builder);
    const sequence = builder.sent;
    const bytes = builder.take(this.level);
    this.bytes += bytes.byteLength;
    const published = publishUntilStored(this.link, batchSubject(this.runId, to, this.level), bytes, `${this.runId}.${this.level}.${this.from}.${to}.${sequence}`);
    // Awaited in flush(); a rejection before then must not be unhandled. Once
    // stored, the batch's buffer is the builder's to fill again.
    const done = published.then(() => builder.recycle(bytes));
    done.catch(() => {});
    this.inFlight.push(done);
  }

  /** Reads ahead the slot a successor owned by `owner` will read: in the own shard's visited set, or in the table of fingerprints sent before. */
  touch(hi: number, owner: number): number {
    return owner === this.from && this.own !== undefined ? this.own.shard.touch(hi) : this.sentBefore.touch(hi);
  }

  // The rest of ExpansionSink is not used when successors are routed.
  insert(): boolean {
    return false;
  }
  store(): void {}
  report(finding: Finding): void {
    this.findings.push(finding);
  }
}

/** Publishes until JetStream acknowledges it; the message id lets the server drop a second copy whose acknowledgement was lost. */
export function publishUntilStored(link: ClusterLink, subject: string, bytes: Uint8Array, msgID: string): Promise<unknown> {
  return whileServerRecovers(link, () => link.js.publish(subject, bytes, { msgID, timeout: 5000 }));
}
