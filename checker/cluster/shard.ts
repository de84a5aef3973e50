import type { ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import { FingerprintSet } from '../search/visited-set.js';
import { WideFingerprintSet } from '../search/wide-visited-set.js';
import { MalformedBatch } from './wire.js';
import { StateQueue } from '../search/state-queue.js';
import { QueueSpill } from '../search/queue-spill.js';
import { DiskLinks, MemoryLinks, type ShardLinkStore } from './shard-links.js';
import { decodeSnapshotPieces, encodeSnapshot, snapshotPieces, type SectionToWrite } from '../checkpoint/snapshot-file.js';

/** A shard's queue budget: beyond `memoryBytes`, whole chunks of its queue go to disk (`--queue-memory`). */
export interface ShardSpill {
  readonly memoryBytes: number;
  readonly chunkStates?: number;
}

/**
 * One fingerprint shard of a cluster run: the visited set of the states it owns,
 * their parent links, and the current and next BFS level of its states. It is the
 * sink of the owner's half of expansion (StateExpander.admit): a state is new
 * when this shard's visited set has not seen it.
 *
 * States are numbered locally in the order they were admitted, which is their
 * position in the shard's queue (the sequential engine's StateQueue, which spills
 * whole chunks to disk past a budget); a level's states are contiguous, so the
 * frontier is [frontierStart, frontierStart + frontierCount), at the queue's head.
 */
export class Shard implements ExpansionSink {
  visited: FingerprintSet | WideFingerprintSet;
  private links: ShardLinkStore;
  /** The frontier at its head, the next level's states behind it. */
  queue: StateQueue;
  private readonly spill: QueueSpill | undefined;
  /** Links a spilling shard keeps in memory before it appends them to disk (its queue's chunk size). */
  private readonly linkChunk: number;
  frontierCount = 0;
  frontierStart = 0;
  private nextCount = 0;
  /** Findings of admitted states in the level being collected. */
  findings: Finding[] = [];
  /** The level whose successors this shard collects, and the batches taken from each sender. */
  collecting = 0;
  /**
   * The last level whose frontier this shard expanded (its own successors are
   * admitted while it expands; level 0 has none: the coordinator seeds it).
   * Batches of a level are admitted only after that, so a shard's states are
   * numbered in the same order when a takeover rebuilds it: its own successors,
   * then the stream's batches in stream order.
   */
  expandedLevel = 0;
  /** A shard taken over catches up to this level: batches up to it may arrive before it collects them. */
  acceptUpTo = 0;
  private received: number[];
  private readonly seen = new Set<string>();
  private readonly lanes: 2 | 3;

  constructor(
    readonly shard: number,
    shards: number,
    private readonly words: number,
    wide: boolean,
    spillBudget?: ShardSpill,
    /** States this shard expects to own (`--expected-states` over the shards): its tables are made that large. */
    expectedStates?: number,
  ) {
    this.lanes = wide ? 3 : 2;
    const slots = expectedStates ? Math.ceil(expectedStates / 0.85) + 1 : 1 << 12;
    this.visited = wide ? new WideFingerprintSet(slots) : new FingerprintSet(slots);
    this.spill = spillBudget ? new QueueSpill() : undefined;
    this.linkChunk = spillBudget?.chunkStates ?? 1 << 20;
    this.links = this.newLinks(expectedStates);
    this.queue = new StateQueue(words, spillBudget?.chunkStates, this.spill ? { store: this.spill, memoryBytes: spillBudget!.memoryBytes } : undefined);
    this.received = new Array<number>(shards + 1).fill(0);
  }

  /** Chunks written to disk so far and the most bytes there at once (spilling shards only). */
  get spilled(): { chunksWritten: number; peakBytesOnDisk: number } | null {
    return this.spill ? { chunksWritten: this.spill.chunksWritten, peakBytesOnDisk: this.spill.peakBytesOnDisk } : null;
  }

  close(): void {
    this.spill?.close();
    this.links.close();
  }

  /** A spilling shard (`--queue-memory`) keeps its parent links on disk too: they are 12 bytes a state. */
  private newLinks(expectedStates?: number): ShardLinkStore {
    return this.spill ? new DiskLinks(this.linkChunk) : new MemoryLinks(expectedStates);
  }

  get size(): number {
    return this.links.size;
  }

  /** Batches received from each sender (the coordinator is sender `shards`) in the level collected now. */
  receivedCounts(): readonly number[] {
    return this.received;
  }

  /**
   * Whether a batch of `level` must wait: for this shard's own expansion of its
   * level, or (while catching up after a takeover) for an earlier level to end.
   * A batch of a later level than that is malformed.
   */
  mustWait(level: number): boolean {
    if (level > Math.max(this.collecting, this.acceptUpTo)) throw new MalformedBatch(`a batch of level ${level} while shard ${this.shard} collects level ${this.collecting}`);
    return level >= this.collecting && level > this.expandedLevel;
  }

  /**
   * Whether the batch (level, from, sequence) is one to admit now: false for a
   * batch seen before (sent again after a failure) or of a finished level; a
   * batch of a later level than the one collected is malformed.
   */
  accept(level: number, from: number, sequence: number): boolean {
    if (level < this.collecting) return false;
    if (level > this.collecting) throw new MalformedBatch(`a batch of level ${level} while shard ${this.shard} collects level ${this.collecting}`);
    const key = `${from}:${sequence}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.received[from]!++;
    return true;
  }

  /** The level collected is complete: its new states become the frontier. Returns how many. */
  endLevel(): number {
    // Frontier states not expanded here were expanded by a lost owner (a shard taken over): drop them.
    while (this.queue.headOrdinal < this.frontierStart + this.frontierCount) this.queue.take();
    const count = this.nextCount;
    this.frontierStart = this.links.size - count;
    this.frontierCount = count;
    this.nextCount = 0;
    this.collecting++;
    this.received.fill(0);
    this.seen.clear();
    return count;
  }

  /**
   * The shard between two levels, as bytes: what a surviving worker needs to take
   * it over (its visited fingerprints, parent links and frontier). The format is
   * the checkpoint files' (snapshot-file.ts): typed-array sections, each with its
   * CRC-32, and a checksummed JSON header.
   */
  snapshot(): Uint8Array {
    const { header, sections } = this.snapshotContent();
    return encodeSnapshot(header, sections);
  }

  /** The same snapshot as a stream of views (a large shard's does not fit one Buffer); each is valid until the next is taken. */
  snapshotPieces(): Iterable<Uint8Array> {
    const { header, sections } = this.snapshotContent();
    return snapshotPieces(header, sections, SNAPSHOT_PIECE_BYTES);
  }

  private snapshotContent(): { header: ShardSnapshotHeader; sections: SectionToWrite[] } {
    if (this.queue.length !== this.frontierCount || this.queue.headOrdinal !== this.frontierStart) throw new Error(`internal: shard ${this.shard}'s queue is not one whole level`);
    const header: ShardSnapshotHeader = { kind: SNAPSHOT_KIND, shard: this.shard, collecting: this.collecting, frontierStart: this.frontierStart, frontierCount: this.frontierCount, words: this.words, lanes: this.lanes };
    return {
      header,
      sections: [
        { name: 'visited', parts: this.occupiedSlots() },
        // Parents are global references (up to 2^53): their float64 bytes travel as pairs of uint32.
        { name: 'parents', parts: this.links.parentWords() },
        { name: 'successors', parts: this.links.successorParts() },
        { name: 'frontier', parts: this.queue.pendingParts() },
      ],
    };
  }

  /**
   * The visited set's fingerprints without its empty slots (a table made for
   * --expected-states is mostly empty at first), in chunks of one reused buffer:
   * a copy of a large shard's whole set would double its memory while it saves.
   */
  private *occupiedSlots(): Generator<Int32Array> {
    const slots = this.visited.slots;
    const lanes = this.lanes;
    const chunk = new Int32Array(Math.min(OCCUPIED_CHUNK_SLOTS, Math.max(1, this.visited.size)) * lanes);
    let inChunk = 0;
    let found = 0;
    for (let i = 0; i < slots.length; i += lanes) {
      if (slots[i] === 0 && slots[i + 1] === 0 && (lanes === 2 || slots[i + 2] === 0)) continue;
      for (let lane = 0; lane < lanes; lane++) chunk[inChunk++] = slots[i + lane]!;
      found++;
      if (inChunk === chunk.length) {
        yield chunk;
        inChunk = 0;
      }
    }
    if (inChunk > 0) yield chunk.subarray(0, inChunk);
    if (found !== this.visited.size) throw new Error(`internal: shard ${this.shard}'s visited set holds ${found} fingerprints, not ${this.visited.size}`);
  }

  /** Restores a snapshot taken by `snapshot` (of this shard number and layout; checked). */
  restore(bytes: Uint8Array): void {
    this.restorePieces([bytes]);
  }

  /** Restores a snapshot read back as consecutive pieces (RunStore.getPieces). */
  restorePieces(pieces: readonly Uint8Array[]): void {
    const damaged = (why: string) => new MalformedBatch(`a damaged snapshot of shard ${this.shard} (${why})`);
    const { header, sections } = decodeSnapshotPieces(pieces, damaged);
    const saved = header as Partial<ShardSnapshotHeader>;
    const visited = sections.get('visited');
    const parentWords = sections.get('parents');
    const successors = sections.get('successors');
    const frontier = sections.get('frontier');
    if (saved.kind !== SNAPSHOT_KIND || saved.shard !== this.shard || saved.words !== this.words || saved.lanes !== this.lanes) throw damaged('another shard or layout');
    const { collecting, frontierStart, frontierCount } = saved;
    if (!(visited instanceof Int32Array && parentWords instanceof Uint32Array && successors instanceof Int32Array && frontier instanceof Int32Array)) throw damaged('a section is missing');
    const linkCount = successors.length;
    if (![collecting, frontierStart, frontierCount].every((n) => Number.isSafeInteger(n) && n! >= 0) || frontierStart! + frontierCount! > linkCount || parentWords.length !== linkCount * 2 || frontier.length !== frontierCount! * this.words || visited.length % this.lanes !== 0) {
      throw damaged('inconsistent counts');
    }
    this.visited = this.lanes === 3 ? new WideFingerprintSet(Math.ceil(visited.length / 3 / 0.85) + 1) : new FingerprintSet(Math.ceil(visited.length / 2 / 0.85) + 1);
    for (let i = 0; i < visited.length; i += this.lanes) {
      if (visited[i] === 0 && visited[i + 1] === 0 && (this.lanes === 2 || visited[i + 2] === 0)) continue;
      this.visited.insert(visited[i]!, visited[i + 1]!, this.lanes === 3 ? visited[i + 2]! : 0);
    }
    this.links.close();
    this.links = this.newLinks(linkCount);
    const parents = new Float64Array(parentWords.buffer, parentWords.byteOffset, linkCount);
    for (let local = 0; local < linkCount; local++) this.links.add(parents[local]!, successors[local]!);
    // Restored queues stay in memory (StateQueue.resumeAt); later chunks spill again.
    this.queue = StateQueue.resumeAt(this.words, frontierStart!, frontier);
    this.frontierStart = frontierStart!;
    this.frontierCount = frontierCount!;
    this.collecting = collecting!;
    this.expandedLevel = collecting! - 1;
    this.acceptUpTo = Math.max(this.acceptUpTo, collecting!);
    this.nextCount = 0;
    this.received.fill(0);
    this.seen.clear();
    this.findings = [];
  }

  linkOf(local: number): { parent: number; successorIndex: number } {
    if (!(local >= 0 && local < this.links.size)) throw new MalformedBatch(`no state ${local} in shard ${this.shard}`);
    return this.links.get(local);
  }

  // ExpansionSink (the owner's half)
  insert(hi: number, lo: number, extra: number): boolean {
    return this.visited.insert(hi, lo, extra);
  }
  touch(hi: number): number {
    return this.visited.touch(hi);
  }
  store(words: Int32Array, base: number, parent: number, successorIndex: number): void {
    this.queue.push(words, base);
    this.nextCount++;
    this.links.add(parent, successorIndex);
  }
  report(finding: Finding): void {
    this.findings.push(finding);
  }
}

const SNAPSHOT_KIND = 'vigil-cluster-shard-1';
/** Snapshots stream into the object store in pieces of this size (each copied once on its way). */
const SNAPSHOT_PIECE_BYTES = 8 << 20;
/** Fingerprints copied out of the visited set at a time while a snapshot is written. */
const OCCUPIED_CHUNK_SLOTS = 1 << 20;

interface ShardSnapshotHeader {
  readonly kind: typeof SNAPSHOT_KIND;
  readonly shard: number;
  readonly collecting: number;
  readonly frontierStart: number;
  readonly frontierCount: number;
  readonly words: number;
  /** Fingerprint lanes: 2 (64-bit) or 3 (96-bit). */
  readonly lanes: number;
}
