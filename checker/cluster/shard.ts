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
 * sink of the owner's half of expansion (StateExpander.admitRecords): a state is new
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
  /** States (local numbers below this) already in a saved snapshot segment. */
  private savedStates = 0;
  /** Fingerprints of the states admitted since the last saved segment, in local order (`lanes` words each). */
  private unsaved: Int32Array;
  private unsavedCount = 0;

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
    this.unsaved = new Int32Array(1024 * this.lanes);
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
   * The shard's next snapshot segment, as bytes: what changed since the last
   * segment saved (the fingerprints and parent links of the states admitted
   * since) and its whole frontier. A shard is restored from all its segments in
   * order, so each snapshot writes only the states that are new (a snapshot of
   * the whole shard each time grew with the run; docs/cluster.md has the
   * figures). The format is the checkpoint
   * files' (snapshot-file.ts): typed-array sections, each with its CRC-32, and a
   * checksummed JSON header. Call `segmentSaved` once it is stored.
   */
  snapshot(): Uint8Array {
    const { header, sections } = this.segmentContent();
    return encodeSnapshot(header, sections);
  }

  /** The same segment as a stream of views (a large one does not fit one Buffer); each is valid until the next is taken. */
  snapshotPieces(): Iterable<Uint8Array> {
    const { header, sections } = this.segmentContent();
    return snapshotPieces(header, sections, SNAPSHOT_PIECE_BYTES);
  }

  /** The segment from `snapshot`/`snapshotPieces` is stored: the next one starts after it. */
  segmentSaved(): void {
    this.savedStates = this.links.size;
    this.unsavedCount = 0;
  }

  private segmentContent(): { header: ShardSegmentHeader; sections: SectionToWrite[] } {
    if (this.queue.length !== this.frontierCount || this.queue.headOrdinal !== this.frontierStart) throw new Error(`internal: shard ${this.shard}'s queue is not one whole level`);
    const states = this.links.size;
    if (this.unsavedCount !== states - this.savedStates) throw new Error(`internal: shard ${this.shard} logged ${this.unsavedCount} new fingerprints for ${states - this.savedStates} new states`);
    const header: ShardSegmentHeader = {
      kind: SEGMENT_KIND,
      shard: this.shard,
      collecting: this.collecting,
      firstState: this.savedStates,
      states,
      frontierStart: this.frontierStart,
      frontierCount: this.frontierCount,
      words: this.words,
      lanes: this.lanes,
    };
    return {
      header,
      sections: [
        { name: 'visited', parts: [this.unsaved.subarray(0, this.unsavedCount * this.lanes)] },
        // Parents are global references (up to 2^53): their float64 bytes travel as pairs of uint32.
        { name: 'parents', parts: this.links.parentWords(this.savedStates) },
        { name: 'successors', parts: this.links.successorParts(this.savedStates) },
        { name: 'frontier', parts: this.queue.pendingParts() },
      ],
    };
  }

  /** Restores a single segment (a shard saved once): see restoreSegments. */
  restore(bytes: Uint8Array): void {
    this.restoreSegments([[bytes]]);
  }

  /**
   * Restores the shard from every segment it saved, oldest first, each read back
   * as consecutive pieces (RunStore.getPieces): the visited set and links from all
   * of them, the frontier and level from the last. A chain with a gap, or a
   * segment of another shard or layout, is refused with one line.
   */
  restoreSegments(segments: readonly (readonly Uint8Array[])[]): void {
    const damaged = (why: string) => new MalformedBatch(`a damaged snapshot of shard ${this.shard} (${why})`);
    if (segments.length === 0) throw damaged('no segments');
    const decoded = segments.map((pieces) => this.decodeSegment(pieces, damaged));
    for (let i = 0; i < decoded.length; i++) {
      const expectedFirst = i === 0 ? 0 : decoded[i - 1]!.header.states;
      if (decoded[i]!.header.firstState !== expectedFirst) throw damaged(`segment ${i + 1} of ${decoded.length} starts at state ${decoded[i]!.header.firstState}, not ${expectedFirst}`);
    }
    const last = decoded[decoded.length - 1]!;
    const { collecting, frontierStart, frontierCount, states } = last.header;
    if (frontierStart + frontierCount > states || last.frontier.length !== frontierCount * this.words) throw damaged('inconsistent counts');
    this.visited = this.lanes === 3 ? new WideFingerprintSet(Math.ceil(states / 0.85) + 1) : new FingerprintSet(Math.ceil(states / 0.85) + 1);
    this.links.close();
    this.links = this.newLinks(states);
    for (const { visited, parents, successors } of decoded) {
      for (let i = 0; i < visited.length; i += this.lanes) this.visited.insert(visited[i]!, visited[i + 1]!, this.lanes === 3 ? visited[i + 2]! : 0);
      for (let local = 0; local < successors.length; local++) this.links.add(parents[local]!, successors[local]!);
    }
    // Restored queues stay in memory (StateQueue.resumeAt); later chunks spill again.
    this.queue = StateQueue.resumeAt(this.words, frontierStart, last.frontier);
    this.frontierStart = frontierStart;
    this.frontierCount = frontierCount;
    this.collecting = collecting;
    this.expandedLevel = collecting - 1;
    this.acceptUpTo = Math.max(this.acceptUpTo, collecting);
    this.nextCount = 0;
    this.received.fill(0);
    this.seen.clear();
    this.findings = [];
    this.savedStates = states;
    this.unsavedCount = 0;
  }

  private decodeSegment(pieces: readonly Uint8Array[], damaged: (why: string) => Error) {
    const { header, sections } = decodeSnapshotPieces(pieces, damaged);
    const saved = header as Partial<ShardSegmentHeader>;
    if (saved.kind !== SEGMENT_KIND || saved.shard !== this.shard || saved.words !== this.words || saved.lanes !== this.lanes) throw damaged('another shard or layout');
    const counts = [saved.collecting, saved.firstState, saved.states, saved.frontierStart, saved.frontierCount];
    if (!counts.every((n) => Number.isSafeInteger(n) && n! >= 0) || saved.firstState! > saved.states!) throw damaged('inconsistent counts');
    const visited = sections.get('visited');
    const parentWords = sections.get('parents');
    const successors = sections.get('successors');
    const frontier = sections.get('frontier');
    if (!(visited instanceof Int32Array && parentWords instanceof Uint32Array && successors instanceof Int32Array && frontier instanceof Int32Array)) throw damaged('a section is missing');
    const added = saved.states! - saved.firstState!;
    if (visited.length !== added * this.lanes || successors.length !== added || parentWords.length !== added * 2) throw damaged('inconsistent counts');
    const parents = new Float64Array(parentWords.buffer, parentWords.byteOffset, added);
    return { header: saved as ShardSegmentHeader, visited, parents, successors, frontier };
  }

  linkOf(local: number): { parent: number; successorIndex: number } {
    if (!(local >= 0 && local < this.links.size)) throw new MalformedBatch(`no state ${local} in shard ${this.shard}`);
    return this.links.get(local);
  }

  // ExpansionSink (the owner's half)
  insert(hi: number, lo: number, extra: number): boolean {
    if (!this.visited.insert(hi, lo, extra)) return false;
    // Every new state is stored next (store), so the log's order is the local order.
    if ((this.unsavedCount + 1) * this.lanes > this.unsaved.length) this.growUnsaved();
    const at = this.unsavedCount++ * this.lanes;
    this.unsaved[at] = hi;
    this.unsaved[at + 1] = lo;
    if (this.lanes === 3) this.unsaved[at + 2] = extra;
    return true;
  }

  private growUnsaved(): void {
    const grown = new Int32Array(this.unsaved.length * 2);
    grown.set(this.unsaved);
    this.unsaved = grown;
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

const SEGMENT_KIND = 'vigil-cluster-segment-1';
/** Snapshots stream into the object store in pieces of this size (each copied once on its way). */
const SNAPSHOT_PIECE_BYTES = 8 << 20;

interface ShardSegmentHeader {
  readonly kind: typeof SEGMENT_KIND;
  readonly shard: number;
  readonly collecting: number;
  /** The first state (local number) of this segment: the previous segment's `states`, 0 for the first. */
  readonly firstState: number;
  /** The shard's states when the segment was taken. */
  readonly states: number;
  readonly frontierStart: number;
  readonly frontierCount: number;
  readonly words: number;
  /** Fingerprint lanes: 2 (64-bit) or 3 (96-bit). */
  readonly lanes: number;
}
