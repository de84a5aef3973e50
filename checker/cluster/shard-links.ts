import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, VigilError } from '../errors.js';
import { writeFully } from '../files/complete-write.js';

/**
 * The parent (a global reference: -1 for an initial state) and successor
 * position of each of a shard's states, by local number. A shard's parents live
 * on other shards, so the single engine's delta-coded trace links cannot hold
 * them: each link is 12 bytes (a float64 and an int32). Links are only read to
 * rebuild a counterexample and to save a snapshot.
 */
export interface ShardLinkStore {
  readonly size: number;
  add(parent: number, successorIndex: number): void;
  get(local: number): { parent: number; successorIndex: number };
  /** The parents' float64 bytes from local number `from` on, as pairs of uint32 (a snapshot section), in order; a part may be a reused buffer. */
  parentWords(from?: number): Iterable<Uint32Array>;
  successorParts(from?: number): Iterable<Int32Array>;
  close(): void;
}

/** Links in memory: two growing arrays. */
export class MemoryLinks implements ShardLinkStore {
  private parents: Float64Array;
  private successors: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.parents = new Float64Array(Math.max(1024, capacity));
    this.successors = new Int32Array(Math.max(1024, capacity));
  }

  add(parent: number, successorIndex: number): void {
    if (this.size === this.parents.length) {
      // Past its expected size a large shard grows by a quarter: doubling would hold 3x its links at once.
      const capacity = this.size < 1 << 24 ? this.size * 2 : Math.ceil(this.size * 1.25);
      const parents = new Float64Array(capacity);
      parents.set(this.parents);
      this.parents = parents;
      const successors = new Int32Array(capacity);
      successors.set(this.successors);
      this.successors = successors;
    }
    this.parents[this.size] = parent;
    this.successors[this.size] = successorIndex;
    this.size++;
  }

  get(local: number): { parent: number; successorIndex: number } {
    return { parent: this.parents[local]!, successorIndex: this.successors[local]! };
  }

  *parentWords(from = 0): Iterable<Uint32Array> {
    yield new Uint32Array(this.parents.buffer, from * 8, (this.size - from) * 2);
  }

  *successorParts(from = 0): Iterable<Int32Array> {
    yield this.successors.subarray(from, this.size);
  }

  close(): void {}
}

/**
 * Links on disk, for a shard that keeps its memory bounded (`--queue-memory`):
 * the last `chunk` links in memory, every full chunk appended to two files (one
 * sequential write per chunk, no I/O per state). A link read back (a
 * counterexample's few states) is one positioned read; a snapshot streams the
 * files chunk by chunk. The files live in a private temporary directory that
 * `close` removes.
 */
export class DiskLinks implements ShardLinkStore {
  private readonly directory: string;
  private readonly parentsFd: number;
  private readonly successorsFd: number;
  private readonly parents: Float64Array;
  private readonly successors: Int32Array;
  private inMemory = 0;
  private onDisk = 0;
  private readonly scratchParent = new Float64Array(1);
  private readonly scratchSuccessor = new Int32Array(1);

  constructor(
    private readonly chunk = 1 << 20,
    parent = tmpdir(),
  ) {
    this.directory = mkdtempSync(join(parent, 'vigil-links-'));
    this.parentsFd = openSync(join(this.directory, 'parents.bin'), 'w+');
    this.successorsFd = openSync(join(this.directory, 'successors.bin'), 'w+');
    this.parents = new Float64Array(chunk);
    this.successors = new Int32Array(chunk);
  }

  get size(): number {
    return this.onDisk + this.inMemory;
  }

  add(parent: number, successorIndex: number): void {
    this.parents[this.inMemory] = parent;
    this.successors[this.inMemory] = successorIndex;
    if (++this.inMemory === this.chunk) this.writeChunk();
  }

  get(local: number): { parent: number; successorIndex: number } {
    if (local >= this.onDisk) return { parent: this.parents[local - this.onDisk]!, successorIndex: this.successors[local - this.onDisk]! };
    this.readAt(this.parentsFd, this.scratchParent, local);
    this.readAt(this.successorsFd, this.scratchSuccessor, local);
    return { parent: this.scratchParent[0]!, successorIndex: this.scratchSuccessor[0]! };
  }

  *parentWords(from = 0): Iterable<Uint32Array> {
    const buffer = new Float64Array(this.chunk);
    for (let at = from; at < this.onDisk; at += this.chunk) {
      const part = buffer.subarray(0, Math.min(this.chunk, this.onDisk - at));
      this.readAt(this.parentsFd, part, at);
      yield new Uint32Array(buffer.buffer, 0, part.length * 2);
    }
    const first = Math.max(0, from - this.onDisk);
    yield new Uint32Array(this.parents.buffer, first * 8, (this.inMemory - first) * 2);
  }

  *successorParts(from = 0): Iterable<Int32Array> {
    const buffer = new Int32Array(this.chunk);
    for (let at = from; at < this.onDisk; at += this.chunk) {
      const part = buffer.subarray(0, Math.min(this.chunk, this.onDisk - at));
      this.readAt(this.successorsFd, part, at);
      yield part;
    }
    yield this.successors.subarray(Math.max(0, from - this.onDisk), this.inMemory);
  }

  close(): void {
    closeSync(this.parentsFd);
    closeSync(this.successorsFd);
    rmSync(this.directory, { recursive: true, force: true });
  }

  private writeChunk(): void {
    this.io('writing', () => {
      writeFully(this.parentsFd, new Uint8Array(this.parents.buffer));
      writeFully(this.successorsFd, new Uint8Array(this.successors.buffer));
    });
    this.onDisk += this.chunk;
    this.inMemory = 0;
  }

  /** Fills `into` with the links from `first` on (always whole: they were written before). */
  private readAt(fd: number, into: Float64Array | Int32Array, first: number): void {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    const position = first * into.BYTES_PER_ELEMENT;
    this.io('reading', () => {
      for (let done = 0; done < bytes.length; ) {
        const read = readSync(fd, bytes, done, bytes.length - done, position + done);
        if (read === 0) throw new Error('the file ends early');
        done += read;
      }
    });
  }

  private io(doing: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      throw new VigilError(`--queue-memory: ${doing} a shard's parent links in ${this.directory} failed: ${(error as Error).message}`, ExitCode.system);
    }
  }
}
