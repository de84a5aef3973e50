/**
 * Trace links: for each distinct state (by ordinal, the order of insertion), the
 * ordinal of its parent and the position of the state among its parent's
 * successors. That is all a counterexample needs: replay from the initial state and
 * take the n-th successor at each step.
 *
 * Both engines number new states in the order their parents were expanded, so the
 * parent column never decreases and is kept as deltas: one byte per state (the
 * parent minus the previous state's parent), an absolute parent every 64 states
 * (an anchor, 4 bytes), and the rare delta that does not fit in 0..254 as an escape
 * (byte 255 plus an (ordinal, parent) pair, 8 bytes; the deltas sum to less than the
 * state count, so at most one state in 255 escapes, plus one per decrease if an
 * engine ever numbers states otherwise). That is about 1.07 bytes per
 * state instead of 4. Reading a parent sums at most 63 bytes: traces are rebuilt
 * rarely. The successor column is one byte per state and widens to 2 (then 4) the
 * first time a position does not fit.
 */
const BLOCK_BITS = 6;
const BLOCK = 1 << BLOCK_BITS;
const ESCAPE = 255;
const PARENT_BLOCK = 1 << 20;

export class TraceLinks {
  private deltas: Uint8Array;
  private anchors: Int32Array;
  private escapeOrdinals: Int32Array;
  private escapeParents: Int32Array;
  private escapes = 0;
  private successors: Uint8Array | Uint16Array | Uint32Array;
  private count = 0;
  private lastParent = -1;

  /**
   * `initialCapacity`: the expected number of states (--expected-states), so that a
   * very large run never holds the old and the doubled columns at once.
   */
  constructor(initialCapacity = 1 << 16) {
    const capacity = Math.max(BLOCK, Math.ceil(initialCapacity));
    this.deltas = new Uint8Array(capacity);
    this.anchors = new Int32Array(Math.ceil(capacity / BLOCK));
    this.escapeOrdinals = new Int32Array(16);
    this.escapeParents = new Int32Array(16);
    this.successors = new Uint8Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.deltas.byteLength + this.anchors.byteLength + this.escapeOrdinals.byteLength * 2 + this.successors.byteLength;
  }

  /** Bytes per state at the current column widths: delta, anchor share, escapes, successor position. */
  get bytesPerEntry(): number {
    const escapeBytes = this.count === 0 ? 0 : (this.escapes * 8) / this.count;
    return 1 + 4 / BLOCK + escapeBytes + this.successors.BYTES_PER_ELEMENT;
  }

  /** Appends a link for the next ordinal; parent -1 marks an initial state. */
  add(parent: number, successorIndex: number): void {
    const ordinal = this.count;
    if (ordinal === this.deltas.length) this.grow();
    if (successorIndex > 0xff && this.successors instanceof Uint8Array) this.successors = widen(this.successors, successorIndex);
    else if (successorIndex > 0xffff && this.successors instanceof Uint16Array) this.successors = Uint32Array.from(this.successors);
    const delta = parent - this.lastParent;
    if ((ordinal & (BLOCK - 1)) === 0) {
      this.anchors[ordinal >>> BLOCK_BITS] = parent;
      this.deltas[ordinal] = 0;
    } else if (delta >= 0 && delta < ESCAPE) {
      this.deltas[ordinal] = delta;
    } else {
      this.deltas[ordinal] = ESCAPE;
      this.addEscape(ordinal, parent);
    }
    this.lastParent = parent;
    this.successors[ordinal] = successorIndex;
    this.count = ordinal + 1;
  }

  /** Appends links for the next `parents.length` ordinals (a block of a parallel level). */
  addAll(parents: Int32Array, successorIndexes: Int32Array): void {
    for (let i = 0; i < parents.length; i++) this.add(parents[i]!, successorIndexes[i]!);
  }

  /** Sums the deltas back to the block's anchor or the nearest escape. */
  parentOf(ordinal: number): number {
    const start = ordinal & ~(BLOCK - 1);
    let sum = 0;
    for (let at = ordinal; at > start; at--) {
      const delta = this.deltas[at]!;
      if (delta === ESCAPE) return this.escapedParent(at) + sum;
      sum += delta;
    }
    return this.anchors[ordinal >>> BLOCK_BITS]! + sum;
  }

  successorIndexOf(ordinal: number): number {
    return this.successors[ordinal]!;
  }

  /**
   * The parent column decoded to int32 (a checkpoint's format), in blocks of up to
   * 2^20 parents that reuse one buffer: each block must be consumed before the next
   * is asked for, so writing a checkpoint needs 4 MiB here rather than 4 bytes a state.
   */
  *parentBlocks(): Generator<Int32Array> {
    const count = this.count;
    const buffer = new Int32Array(Math.min(count, PARENT_BLOCK));
    let escape = 0;
    let parent = -1;
    for (let start = 0; start < count; start += PARENT_BLOCK) {
      const end = Math.min(count, start + PARENT_BLOCK);
      for (let at = start; at < end; at++) {
        const delta = this.deltas[at]!;
        if ((at & (BLOCK - 1)) === 0) parent = this.anchors[at >>> BLOCK_BITS]!;
        else if (delta === ESCAPE) parent = this.escapeParents[escape++]!;
        else parent += delta;
        buffer[at - start] = parent;
      }
      yield buffer.subarray(0, end - start);
    }
  }

  /** The used part of the successor column (a view, not a copy). */
  successorColumn(): Uint8Array | Uint16Array | Uint32Array {
    return this.successors.subarray(0, this.count);
  }

  /**
   * Links restored from a checkpoint's columns. Every parent must come before its
   * child (or be -1), which is what makes chainTo terminate; null when not.
   */
  static fromColumns(parents: Int32Array, successors: Uint8Array | Uint16Array | Uint32Array): TraceLinks | null {
    const count = parents.length;
    if (successors.length !== count) return null;
    for (let i = 0; i < count; i++) if (parents[i]! < -1 || parents[i]! >= i) return null;
    const links = new TraceLinks(Math.max(1 << 16, count));
    links.successors = new (successors.constructor as Uint8ArrayConstructor)(links.deltas.length);
    for (let i = 0; i < count; i++) links.add(parents[i]!, successors[i]!);
    return links;
  }

  /** Ordinals from an initial state down to `ordinal`. */
  chainTo(ordinal: number): number[] {
    const chain: number[] = [];
    for (let at = ordinal; at >= 0; at = this.parentOf(at)) chain.push(at);
    return chain.reverse();
  }

  private addEscape(ordinal: number, parent: number): void {
    if (this.escapes === this.escapeOrdinals.length) {
      this.escapeOrdinals = doubled(this.escapeOrdinals);
      this.escapeParents = doubled(this.escapeParents);
    }
    this.escapeOrdinals[this.escapes] = ordinal;
    this.escapeParents[this.escapes] = parent;
    this.escapes++;
  }

  /** The parent recorded for escaped `ordinal` (escapes are appended in ordinal order: a binary search). */
  private escapedParent(ordinal: number): number {
    let low = 0;
    let high = this.escapes - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.escapeOrdinals[middle]! < ordinal) low = middle + 1;
      else high = middle;
    }
    return this.escapeParents[low]!;
  }

  private grow(): void {
    const capacity = this.deltas.length * 2;
    const deltas = new Uint8Array(capacity);
    deltas.set(this.deltas);
    this.deltas = deltas;
    const anchors = new Int32Array(Math.ceil(capacity / BLOCK));
    anchors.set(this.anchors);
    this.anchors = anchors;
    const successors = new (this.successors.constructor as Uint8ArrayConstructor)(capacity);
    successors.set(this.successors);
    this.successors = successors;
  }
}

function doubled(column: Int32Array): Int32Array {
  const wider = new Int32Array(column.length * 2);
  wider.set(column);
  return wider;
}

/** The successor column at the width `value` needs. */
function widen(column: Uint8Array, value: number): Uint16Array | Uint32Array {
  return value > 0xffff ? Uint32Array.from(column) : Uint16Array.from(column);
}
