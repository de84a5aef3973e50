/**
 * Entries of a cache: 2^16 fingerprints, 512 KiB (768 KiB with 96-bit
 * fingerprints), small enough for the CPU's cache. Measured on counter-grid 8^7
 * on local:2 (every successor through a cache): 2^16 entries put 6.0 M of its
 * 14.7 M successors on the wire, 2^20 put 5.7 M, 2^14 put 7.9 M (duplicates come
 * close together in a level).
 */
const DEFAULT_BITS = 16;

/**
 * The fingerprints a shard recently sent to other shards, in a direct-mapped
 * table: a successor whose fingerprint is here was sent in this level already,
 * so its owner has it, and it need not cross the wire again. A state has about
 * five successors but one of them is new: most are duplicates, many from the
 * same sender in the same level.
 *
 * Only true duplicates are dropped (the whole fingerprint is compared; a
 * collision is one the owner's visited set would make too), and the first copy
 * of each is sent before any dropped one, so the owner admits the same state
 * with the same parent. The table is emptied at every level: a level's batches
 * then depend only on the order of the sender's frontier, so a shard expanded
 * again after a takeover sends the same batches under the same names.
 */
export class SentFingerprintCache {
  private readonly slots: Int32Array;
  private readonly lanes: number;
  private readonly mask: number;
  /** Successors dropped since `clear`. */
  dropped = 0;

  constructor(wide: boolean, bits = DEFAULT_BITS) {
    this.lanes = wide ? 3 : 2;
    this.mask = (1 << bits) - 1;
    this.slots = new Int32Array((this.mask + 1) * this.lanes);
  }

  /** Reads the slot of `hi` ahead of `seenBefore`: a batch's reads issued together overlap their cache misses. */
  touch(hi: number): number {
    return this.slots[this.slotOf(hi)]!;
  }

  /** `lo` chooses the owner shard: the slot comes from `hi`, so each owner's fingerprints spread over the whole table. */
  private slotOf(hi: number): number {
    return ((hi ^ (hi >>> 15)) & this.mask) * this.lanes;
  }

  clear(): void {
    this.slots.fill(0);
    this.dropped = 0;
  }

  /**
   * True when this fingerprint was noted since the last `clear` and is still in
   * its slot; otherwise notes it (replacing the slot's fingerprint) and returns
   * false. The all-zero fingerprint marks an empty slot and is never remembered.
   */
  seenBefore(hi: number, lo: number, extra: number): boolean {
    const slots = this.slots;
    const at = this.slotOf(hi);
    if (slots[at] === hi && slots[at + 1] === lo && (this.lanes === 2 || slots[at + 2] === extra) && (hi | lo | extra) !== 0) {
      this.dropped++;
      return true;
    }
    slots[at] = hi;
    slots[at + 1] = lo;
    if (this.lanes === 3) slots[at + 2] = extra;
    return false;
  }
}
