/**
 * Trace links: for each distinct state (by ordinal, the order of insertion), the
 * ordinal of its parent and the position of the state among its parent's
 * successors. That is all a counterexample needs: replay from the initial state and
 * take the n-th successor at each step. 4 + 1 bytes per state; the successor column
 * widens to 2 (then 4) bytes the first time a position does not fit.
 */
export class TraceLinks {
  private parents: Int32Array;
  private successors: Uint8Array | Uint16Array | Uint32Array;
  private count = 0;

  /**
   * `initialCapacity`: the expected number of states (--expected-states), so that a
   * very large run never holds the old and the doubled columns at once.
   */
  constructor(initialCapacity = 1 << 16) {
    const capacity = Math.max(16, Math.ceil(initialCapacity));
    this.parents = new Int32Array(capacity);
    this.successors = new Uint8Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.parents.byteLength + this.successors.byteLength;
  }

  /** Bytes per state at the current column widths. */
  get bytesPerEntry(): number {
    return 4 + this.successors.BYTES_PER_ELEMENT;
  }

  /** Appends a link for the next ordinal; parent -1 marks an initial state. */
  add(parent: number, successorIndex: number): void {
    if (this.count === this.parents.length) this.grow();
    if (successorIndex > 0xff && this.successors instanceof Uint8Array) this.successors = widen(this.successors, successorIndex);
    else if (successorIndex > 0xffff && this.successors instanceof Uint16Array) this.successors = Uint32Array.from(this.successors);
    this.parents[this.count] = parent;
    this.successors[this.count] = successorIndex;
    this.count++;
  }

  /** Appends links for the next `parents.length` ordinals (a block of a parallel level), in bulk. */
  addAll(parents: Int32Array, successorIndexes: Int32Array): void {
    const count = parents.length;
    while (this.count + count > this.parents.length) this.grow();
    let widest = 0;
    for (let i = 0; i < count; i++) if (successorIndexes[i]! > widest) widest = successorIndexes[i]!;
    if (widest > 0xff && this.successors instanceof Uint8Array) this.successors = widen(this.successors, widest);
    else if (widest > 0xffff && this.successors instanceof Uint16Array) this.successors = Uint32Array.from(this.successors);
    this.parents.set(parents, this.count);
    this.successors.set(successorIndexes, this.count);
    this.count += count;
  }

  parentOf(ordinal: number): number {
    return this.parents[ordinal]!;
  }

  successorIndexOf(ordinal: number): number {
    return this.successors[ordinal]!;
  }

  /** The used part of both columns, for a checkpoint (views, not copies). */
  columns(): { parents: Int32Array; successors: Uint8Array | Uint16Array | Uint32Array } {
    return { parents: this.parents.subarray(0, this.count), successors: this.successors.subarray(0, this.count) };
  }

  /**
   * Links restored from a checkpoint's columns. Every parent must come before its
   * child (or be -1), which is what makes chainTo terminate; null when not.
   */
  static fromColumns(parents: Int32Array, successors: Uint8Array | Uint16Array | Uint32Array): TraceLinks | null {
    const count = parents.length;
    if (successors.length !== count) return null;
    for (let i = 0; i < count; i++) if (parents[i]! < -1 || parents[i]! >= i) return null;
    const links = new TraceLinks();
    let capacity = links.parents.length;
    while (capacity < count) capacity *= 2;
    links.parents = new Int32Array(capacity);
    links.parents.set(parents);
    links.successors = new (successors.constructor as Uint8ArrayConstructor)(capacity);
    links.successors.set(successors);
    links.count = count;
    return links;
  }

  /** Ordinals from an initial state down to `ordinal`. */
  chainTo(ordinal: number): number[] {
    const chain: number[] = [];
    for (let at = ordinal; at >= 0; at = this.parents[at]!) chain.push(at);
    return chain.reverse();
  }

  private grow(): void {
    const capacity = this.parents.length * 2;
    const parents = new Int32Array(capacity);
    parents.set(this.parents);
    this.parents = parents;
    const successors = new (this.successors.constructor as Uint8ArrayConstructor)(capacity);
    successors.set(this.successors);
    this.successors = successors;
  }
}

/** The successor column at the width `value` needs. */
function widen(column: Uint8Array, value: number): Uint16Array | Uint32Array {
  return value > 0xffff ? Uint32Array.from(column) : Uint16Array.from(column);
}
