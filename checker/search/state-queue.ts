import type { QueueSpill } from './queue-spill.js';

/**
 * The BFS queue of packed states. States are appended in ordinal order and taken
 * in the same order, so a state's queue position is its ordinal and no ordinal is
 * stored. Storage is a list of fixed-size chunks; chunks behind the head are
 * released, so memory follows the BFS frontier rather than the whole state space.
 *
 * With a spill and a memory budget, a chunk that fills while the queue's chunks
 * would pass the budget goes to disk whole (the newest chunks are the ones read
 * last), and comes back whole, into the chunk just released, when the head gets
 * there.
 */
export class StateQueue {
  private readonly chunks: (Int32Array | undefined)[] = [];
  private readonly chunkWords: number;
  private tail = 0;
  private head = 0;
  private liveChunks = 0;
  /** The chunk the next push writes into and the word offset there (`chunkWords`: a new chunk is due). */
  private tailChunk: Int32Array | undefined;
  private tailAt: number;
  /** The chunk the next take reads from and the word offset there (`chunkWords`: look the chunk up). */
  private headChunk: Int32Array | undefined;
  private headAt: number;

  constructor(
    private readonly wordsPerState: number,
    private readonly statesPerChunk = 1 << 15,
    private readonly spill?: { readonly store: QueueSpill; readonly memoryBytes: number },
  ) {
    this.chunkWords = wordsPerState * statesPerChunk;
    this.tailAt = this.chunkWords;
    this.headAt = this.chunkWords;
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** Ordinal of the next state to be taken. */
  get headOrdinal(): number {
    return this.head;
  }

  get tailOrdinal(): number {
    return this.tail;
  }

  get bytes(): number {
    return this.liveChunks * this.chunkWords * 4;
  }

  get chunkBytes(): number {
    return this.chunkWords * 4;
  }

  /** True when the next push allocates a new chunk (a compare: the sink asks before every insert). */
  get pushNeedsChunk(): boolean {
    return this.tailAt === this.chunkWords;
  }

  /**
   * The queued states' words, head first, as views of the chunks (for a checkpoint:
   * one write per chunk); a chunk on disk is read into a copy and stays there.
   */
  pendingParts(): Int32Array[] {
    const parts: Int32Array[] = [];
    for (let ordinal = this.head; ordinal < this.tail; ) {
      const chunkIndex = Math.floor(ordinal / this.statesPerChunk);
      const within = ordinal % this.statesPerChunk;
      const states = Math.min(this.statesPerChunk - within, this.tail - ordinal);
      const chunk = this.chunks[chunkIndex] ?? this.spilledCopy(chunkIndex);
      parts.push(chunk.subarray(within * this.wordsPerState, (within + states) * this.wordsPerState));
      ordinal += states;
    }
    return parts;
  }

  private spilledCopy(chunkIndex: number): Int32Array {
    const copy = new Int32Array(this.chunkWords);
    this.spill!.store.peek(chunkIndex, copy);
    return copy;
  }

  /** A queue whose head is ordinal `headOrdinal`, holding the states packed in `words`. */
  static resumeAt(wordsPerState: number, headOrdinal: number, words: Int32Array): StateQueue {
    const queue = new StateQueue(wordsPerState);
    queue.head = headOrdinal;
    queue.tail = headOrdinal;
    const within = headOrdinal % queue.statesPerChunk;
    if (within !== 0) {
      queue.tailChunk = queue.newTailChunk();
      queue.tailAt = within * wordsPerState;
    }
    for (let base = 0; base < words.length; base += wordsPerState) queue.push(words, base);
    return queue;
  }

  /** Copies `count` words from `source` at `base` as the next state. */
  push(source: Int32Array, base: number): void {
    if (this.tailAt === this.chunkWords) {
      this.tailChunk = this.newTailChunk();
      this.tailAt = 0;
    }
    const chunk = this.tailChunk!;
    const at = this.tailAt;
    for (let i = 0; i < this.wordsPerState; i++) chunk[at + i] = source[base + i]!;
    this.tailAt = at + this.wordsPerState;
    this.tail++;
  }

  /** Allocates the chunk of ordinal `tail` (sending the previous one to disk if over budget). */
  private newTailChunk(): Int32Array {
    const chunkIndex = Math.floor(this.tail / this.statesPerChunk);
    if (this.spill && chunkIndex > 0) this.maybeSpill(chunkIndex - 1);
    const chunk = new Int32Array(this.chunkWords);
    this.chunks[chunkIndex] = chunk;
    this.liveChunks++;
    return chunk;
  }

  /**
   * Takes the next state: returns its chunk and sets `takenBase` to its offset.
   * The chunk stays valid until the following take.
   */
  takenBase = 0;
  take(): Int32Array {
    const at = this.headAt;
    if (at === this.chunkWords) return this.takeFromNextChunk();
    this.head++;
    this.takenBase = at;
    this.headAt = at + this.wordsPerState;
    return this.headChunk!;
  }

  /** The first take, and each take that starts a chunk: releases the chunk behind and finds (or reloads) the head's. */
  private takeFromNextChunk(): Int32Array {
    const ordinal = this.head;
    const chunkIndex = Math.floor(ordinal / this.statesPerChunk);
    const within = ordinal % this.statesPerChunk;
    let released: Int32Array | undefined;
    if (within === 0 && chunkIndex > 0 && this.chunks[chunkIndex - 1]) {
      released = this.chunks[chunkIndex - 1];
      this.chunks[chunkIndex - 1] = undefined;
      this.liveChunks--;
    }
    const chunk = this.chunks[chunkIndex] ?? this.reload(chunkIndex, released);
    this.head++;
    this.takenBase = within * this.wordsPerState;
    this.headChunk = chunk;
    this.headAt = this.takenBase + this.wordsPerState;
    return chunk;
  }

  /** Sends the full chunk `index` to disk if the queue is over its budget and the head is not in it. */
  private maybeSpill(index: number): void {
    const chunk = this.chunks[index];
    if (!chunk || index <= Math.floor(this.head / this.statesPerChunk)) return;
    if ((this.liveChunks + 1) * this.chunkBytes <= this.spill!.memoryBytes) return;
    this.spill!.store.write(index, chunk);
    this.chunks[index] = undefined;
    this.liveChunks--;
  }

  private reload(index: number, reuse: Int32Array | undefined): Int32Array {
    const chunk = reuse ?? new Int32Array(this.chunkWords);
    this.spill!.store.read(index, chunk);
    this.chunks[index] = chunk;
    this.liveChunks++;
    return chunk;
  }
}
