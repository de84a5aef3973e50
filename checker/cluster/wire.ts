/**
 * The one binary message of the cluster: a batch of successors sent by one shard
 * to the shard that owns their fingerprints. Int32 words, little-endian:
 *
 *   MAGIC, run tag, level, from shard, to shard, sequence, count, words per state,
 *   then `count` records of (the state's packed words, parent's local ordinal,
 *   position among the parent's successors).
 *
 * Everything else (control, findings, links) is JSON on request subjects. A batch
 * is named by (level, from, to, sequence): expansion is deterministic, so a
 * batch sent again after a failure is the same batch and the receiver drops it.
 */
export const BATCH_MAGIC = 0x56494731; // "VIG1"
export const HEADER_WORDS = 8;
/**
 * A batch is sent when it reaches this many bytes (NATS's default limit is 1 MiB).
 * Measured on full.yaml row 1, local:2 (16.5 M records of 32 bytes): 64 KiB took
 * 44.7 s with nats-server at 5.2 s of CPU, 256 KiB 43.3 s and 3.9 s, 512 KiB
 * 42.8 s and 3.7 s. Each sender keeps one batch per shard, so 256 KiB.
 */
export const BATCH_BYTES = 256 * 1024;
/** Room left in a message for its headers (the message id) below the server's max_payload. */
const HEADER_ROOM = 4096;

/** The batch size for a server whose messages may hold `maxPayload` bytes (its INFO; undefined: not known). */
export function batchBytesFor(maxPayload: number | undefined): number {
  const limit = maxPayload !== undefined && Number.isSafeInteger(maxPayload) && maxPayload > 0 ? maxPayload - HEADER_ROOM : BATCH_BYTES;
  return Math.max(HEADER_WORDS * 4, Math.min(BATCH_BYTES, limit)) & ~3;
}

export interface BatchHeader {
  readonly runTag: number;
  readonly level: number;
  readonly from: number;
  readonly to: number;
  readonly sequence: number;
  readonly count: number;
  readonly wordsPerState: number;
}

/** A 32-bit tag of a run id (FNV-1a), carried by every batch. */
export function runTagOf(runId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) hash = Math.imul(hash ^ runId.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * Successors for one destination shard, packed as they are routed; `take` ends a
 * batch. The batch taken is the builder's own buffer (no copy): the builder goes
 * on in a buffer given back by `recycle` once a publication is stored, or a new
 * one. Without recycling, every batch of a worker was a fresh 256 KiB
 * ArrayBuffer, and V8 counts those against a small heap's limit: a worker ran a
 * full mark-compact every few hundred milliseconds.
 */
export class BatchBuilder {
  private buffer: Int32Array;
  /** Buffers of batches taken and since published, ready to fill again. */
  private readonly spare: ArrayBuffer[] = [];
  private at = HEADER_WORDS;
  private count = 0;
  private sequence = 0;
  private readonly recordWords: number;

  constructor(
    private readonly runTag: number,
    private readonly from: number,
    private readonly to: number,
    private readonly wordsPerState: number,
    batchBytes = BATCH_BYTES,
  ) {
    this.recordWords = wordsPerState + 2;
    // At least one record, however small the server's limit (a publish then says what is wrong).
    this.buffer = new Int32Array(Math.max(HEADER_WORDS + this.recordWords, batchBytes / 4));
  }

  /** Batches taken so far in this level. */
  get sent(): number {
    return this.sequence;
  }

  get pending(): number {
    return this.count;
  }

  /** A new level: sequences start again at 0. */
  startLevel(): void {
    this.sequence = 0;
    this.count = 0;
    this.at = HEADER_WORDS;
  }

  /** Adds one successor; true when the batch is full and should be taken. */
  add(words: Int32Array, base: number, parentLocal: number, successorIndex: number): boolean {
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < this.wordsPerState; i++) buffer[at++] = words[base + i]!;
    buffer[at++] = parentLocal;
    buffer[at++] = successorIndex;
    this.at = at;
    this.count++;
    return at + this.recordWords > buffer.length;
  }

  /** The batch so far as bytes, valid until given to `recycle` (the builder goes on in another buffer). */
  take(level: number): Uint8Array {
    const buffer = this.buffer;
    buffer[0] = BATCH_MAGIC;
    buffer[1] = this.runTag;
    buffer[2] = level;
    buffer[3] = this.from;
    buffer[4] = this.to;
    buffer[5] = this.sequence++;
    buffer[6] = this.count;
    buffer[7] = this.wordsPerState;
    const bytes = new Uint8Array(buffer.buffer, 0, this.at * 4);
    const spare = this.spare.pop();
    this.buffer = spare !== undefined ? new Int32Array(spare) : new Int32Array(buffer.length);
    this.at = HEADER_WORDS;
    this.count = 0;
    return bytes;
  }

  /** A batch from `take` is no longer needed (stored by JetStream): its buffer holds the next one. */
  recycle(batch: Uint8Array): void {
    if (batch.byteOffset === 0 && batch.buffer.byteLength === this.buffer.byteLength) this.spare.push(batch.buffer as ArrayBuffer);
  }
}

export interface BatchExpectation {
  readonly runTag: number;
  readonly to: number;
  readonly shards: number;
  readonly wordsPerState: number;
}

/** A batch that failed validation: the run fails with this one line. */
export class MalformedBatch extends Error {}

/**
 * Reads and checks a received batch: its length, magic, run, destination shard,
 * sender and record layout. The level is checked by the receiver (it knows which
 * level it collects). Never trusts the payload: returns an Int32Array view only
 * after every field is within bounds.
 */
export function readBatch(data: Uint8Array, expected: BatchExpectation, scratch?: BatchScratch): { header: BatchHeader; records: Int32Array } {
  if (data.byteLength < HEADER_WORDS * 4 || data.byteLength % 4 !== 0) throw new MalformedBatch(`a batch of ${data.byteLength} bytes (not a whole header and records)`);
  // Copy to an aligned buffer: a received payload may start at any offset.
  const words = (scratch ?? new BatchScratch()).align(data);
  if (words[0] !== BATCH_MAGIC) throw new MalformedBatch('a batch without the batch magic number');
  const header: BatchHeader = {
    runTag: words[1]!,
    level: words[2]!,
    from: words[3]!,
    to: words[4]!,
    sequence: words[5]!,
    count: words[6]!,
    wordsPerState: words[7]!,
  };
  if (header.runTag !== expected.runTag) throw new MalformedBatch('a batch of another run');
  if (header.to !== expected.to) throw new MalformedBatch(`a batch for shard ${header.to} on the subject of shard ${expected.to}`);
  // Shard `shards` is the coordinator, which sends the initial states.
  if (!(header.from >= 0 && header.from <= expected.shards)) throw new MalformedBatch(`a batch from shard ${header.from} (the run has ${expected.shards})`);
  if (header.level < 0 || header.sequence < 0 || header.count < 0) throw new MalformedBatch('a batch with a negative level, sequence or count');
  if (header.wordsPerState !== expected.wordsPerState) throw new MalformedBatch(`a batch of ${header.wordsPerState}-word states (the model packs ${expected.wordsPerState})`);
  if (words.length !== HEADER_WORDS + header.count * (header.wordsPerState + 2)) throw new MalformedBatch(`a batch whose length does not match its ${header.count} records`);
  return { header, records: words.subarray(HEADER_WORDS) };
}

/**
 * One aligned buffer reused for every batch a worker reads (a fresh 256 KiB
 * array per batch was garbage for the collector and a memset each time). The
 * words `align` returns are valid until its next call.
 */
export class BatchScratch {
  private words = new Int32Array(0);

  align(data: Uint8Array): Int32Array {
    const count = data.byteLength / 4;
    if (this.words.length < count) this.words = new Int32Array(Math.max(count, this.words.length * 2));
    new Uint8Array(this.words.buffer, 0, data.byteLength).set(data);
    return this.words.subarray(0, count);
  }
}
