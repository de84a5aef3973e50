/**
 * Trace links: for each distinct state (by ordinal, the order of insertion), the
 * ordinal of its parent and the position of the state among its parent's
 * successors. That is all a counterexample needs: replay from the initial state and
 * take the n-th successor at each step. 4 + 1 bytes per state; the successor column
 * widens to 2 (then 4) bytes the first time a position does not fit.
 */
export class TraceLinks {
  private parents = new Int32Array(1 << 16);
  private successors: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(1 << 16);
  private count = 0;

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

  parentOf(ordinal: number): number {
    return this.parents[ordinal]!;
  }

  successorIndexOf(ordinal: number): number {
    return this.successors[ordinal]!;
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
