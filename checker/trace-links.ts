/**
 * Trace links: for each distinct state (by ordinal, the order of insertion), the
 * ordinal of its parent and the position of the state among its parent's
 * successors. That is all a counterexample needs: replay from the initial state and
 * take the n-th successor at each step. 4 + 2 bytes per state; the successor column
 * widens to 4 bytes if a state ever has more than 65,535 successors.
 */
export class TraceLinks {
  private parents = new Int32Array(1 << 16);
  private successors: Uint16Array | Uint32Array = new Uint16Array(1 << 16);
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
    if (successorIndex > 0xffff && this.successors instanceof Uint16Array) this.successors = Uint32Array.from(this.successors);
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
    const successors = this.successors instanceof Uint16Array ? new Uint16Array(capacity) : new Uint32Array(capacity);
    successors.set(this.successors);
    this.successors = successors;
  }
}
