import { smallestGapInOrderedTable } from '../search/ordered-table-gap.js';

/**
 * The visited set shared by parallel workers: open addressing with linear probing
 * over (lo, hi) int32 slot pairs in a SharedArrayBuffer, with a lock-free insert.
 *
 * The capacity is any slot count, not a power of two: an entry's home slot is
 * `hi × capacity / 2^32` (multiply-shift), so the coordinator can grow the table
 * by a small factor and keep it 70-90% full (8 bytes per slot is 9-11.5 bytes per
 * state). Homes are monotone in hi, which keeps the table sorted by cluster (see
 * smallestGapInOrderedTable). Probes wrap from the last slot to slot 0.
 *
 * A slot is claimed by a compare-and-swap of its lo lane from EMPTY (0) to BUSY
 * (-1); the claimer then writes hi and publishes lo. A reader that meets BUSY waits
 * for the publication. Published slots never change, so a match on (lo, hi) is
 * final. Two lo values are therefore reserved: a fingerprint whose lo is 0 or -1
 * is stored with lo 1 or -2 (a 2^-31 loss of precision on those two values,
 * counted in the collision estimate as noise).
 *
 * Probing uses plain reads (an aligned int32 read cannot tear, and published slots
 * never change): only claiming (compare-and-swap), publishing (atomic store of lo
 * after a plain store of hi) and confirming a match (atomic load of lo, which
 * synchronizes with the publication, before reading hi) are atomic. Atomic loads on
 * every probe cost about three times as much.
 *
 * The table does not grow while workers run; the coordinator grows it between
 * rounds, when nobody else touches it, and SlotReservations keeps it from filling.
 */
const EMPTY = 0;
const BUSY = -1;

export class SharedFingerprintTable {
  readonly table: Int32Array;
  /** Number of slots. */
  readonly capacity: number;
  /** capacity / 2^32: `(hi >>> 0) × scale` is an entry's home slot. */
  private readonly scale: number;

  constructor(buffer: SharedArrayBuffer) {
    this.table = new Int32Array(buffer);
    this.capacity = this.table.length / 2;
    this.scale = this.capacity / 4294967296;
  }

  /** A table of `capacity` slots (any positive integer). */
  static create(capacity: number): SharedFingerprintTable {
    return new SharedFingerprintTable(new SharedArrayBuffer(Math.max(1, Math.ceil(capacity)) * 8));
  }

  get buffer(): SharedArrayBuffer {
    return this.table.buffer as SharedArrayBuffer;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Reads the home slot of `hi` (to warm the cache before a batch of inserts). */
  touch(hi: number): number {
    return this.table[(((hi >>> 0) * this.scale) | 0) << 1]!;
  }

  /** True if the fingerprint was not present (and is now). */
  insert(hi: number, lo: number): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    const table = this.table;
    const capacity = this.capacity;
    let slot = ((hi >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < capacity; probes++) {
      const at = slot << 1;
      let stored = table[at]!;
      if (stored === EMPTY) {
        stored = Atomics.compareExchange(table, at, EMPTY, BUSY);
        if (stored === EMPTY) {
          table[at + 1] = hi;
          Atomics.store(table, at, lo);
          return true;
        }
      }
      while (stored === BUSY) stored = Atomics.load(table, at);
      if (stored === lo && Atomics.load(table, at) === lo && table[at + 1] === hi) return false;
      if (++slot === capacity) slot = 0;
    }
    throw new Error('the shared fingerprint table is full');
  }

  /** True if the fingerprint is present (single-threaded use only). */
  contains(hi: number, lo: number): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    let slot = ((hi >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < this.capacity; probes++) {
      const stored = this.table[slot << 1]!;
      if (stored === EMPTY) return false;
      if (stored === lo && this.table[(slot << 1) + 1] === hi) return true;
      if (++slot === this.capacity) slot = 0;
    }
    return false;
  }

  /**
   * A table holding a checkpoint's slots (copied into shared memory), or null
   * when they do not hold exactly `count` fingerprints with a free slot left.
   */
  static fromSlots(slots: Int32Array, count: number): SharedFingerprintTable | null {
    const capacity = slots.length / 2;
    if (capacity < 1 || !Number.isInteger(capacity)) return null;
    let stored = 0;
    for (let at = 0; at < slots.length; at += 2) if (slots[at] !== EMPTY) stored++;
    if (stored !== count || count >= capacity) return null;
    const table = SharedFingerprintTable.create(capacity);
    table.table.set(slots);
    return table;
  }

  /**
   * A table of `capacity` slots holding the same fingerprints (single-threaded use
   * only). Entries are visited in slot order, so their homes in the new table rise
   * almost monotonically and the inserts stream through memory.
   */
  grownTo(capacity: number): SharedFingerprintTable {
    const next = SharedFingerprintTable.create(capacity);
    capacity = next.capacity;
    const from = this.table;
    const to = next.table;
    const scale = next.scale;
    // Plain stores: nobody else reads either table now, and the stored lo lanes are already remapped.
    for (let at = 0; at < from.length; at += 2) {
      const lo = from[at]!;
      if (lo === EMPTY) continue;
      let slot = ((from[at + 1]! >>> 0) * scale) | 0;
      while (to[slot << 1] !== EMPTY) if (++slot === capacity) slot = 0;
      to[slot << 1] = lo;
      to[(slot << 1) + 1] = from[at + 1]!;
    }
    return next;
  }

  /**
   * Copies the fingerprints of `from`'s slots [first, last) (another table's slots,
   * lo lanes already remapped) into this table's slots [firstNew, lastNew) with
   * plain stores, while other threads copy other regions. Returns, as (lo, hi)
   * pairs, the entries that belong outside the region: their home is elsewhere,
   * or their probe would leave it.
   */
  copyRegion(from: Int32Array, first: number, last: number, firstNew: number, lastNew: number): Int32Array {
    const to = this.table;
    const scale = this.scale;
    const left: number[] = [];
    for (let at = first * 2; at < last * 2; at += 2) {
      const lo = from[at]!;
      if (lo === EMPTY) continue;
      const hi = from[at + 1]!;
      let slot = ((hi >>> 0) * scale) | 0;
      if (slot < firstNew || slot >= lastNew) {
        left.push(lo, hi);
        continue;
      }
      while (slot < lastNew && to[slot << 1] !== EMPTY) slot++;
      if (slot === lastNew) {
        left.push(lo, hi);
        continue;
      }
      to[slot << 1] = lo;
      to[(slot << 1) + 1] = hi;
    }
    return Int32Array.from(left);
  }

  /** Inserts (lo, hi) pairs returned by copyRegion (single-threaded use only). */
  insertPairs(pairs: Int32Array): void {
    for (let at = 0; at < pairs.length; at += 2) this.insert(pairs[at + 1]!, pairs[at]!);
  }

  /** The smallest difference between two stored fingerprints (single-threaded use only). */
  smallestGap(): number | null {
    return smallestGapInOrderedTable(this.table, 1, this.scale);
  }
}
