import { smallestGapInOrderedTable } from '../search/ordered-table-gap.js';

/**
 * The visited set shared by parallel workers: the same open-addressing layout as
 * FingerprintSet, in a SharedArrayBuffer, with a lock-free insert.
 *
 * Each slot is (lo, hi). A slot is claimed by a compare-and-swap of its lo lane
 * from EMPTY (0) to BUSY (-1); the claimer then writes hi and publishes lo. A
 * reader that meets BUSY waits for the publication. Published slots never change,
 * so a match on (lo, hi) is final. Two lo values are therefore reserved: a
 * fingerprint whose lo is 0 or -1 is stored with lo 1 or -2 (a 2^-31 loss of
 * precision on those two values, counted in the collision estimate as noise).
 *
 * Probing uses plain reads (an aligned int32 read cannot tear, and published slots
 * never change): only claiming (compare-and-swap), publishing (atomic store of lo
 * after a plain store of hi) and confirming a match (atomic load of lo, which
 * synchronizes with the publication, before reading hi) are atomic. Atomic loads on
 * every probe cost about three times as much.
 *
 * The table does not grow while workers run; the coordinator grows it between
 * BFS levels, when nobody else touches it.
 */
const EMPTY = 0;
const BUSY = -1;

export class SharedFingerprintTable {
  readonly table: Int32Array;
  private readonly mask: number;
  /** 32 − log2(capacity): `hi >>> shift` is an entry's home slot (see FingerprintSet). */
  private readonly shift: number;

  constructor(buffer: SharedArrayBuffer) {
    this.table = new Int32Array(buffer);
    this.mask = this.table.length / 2 - 1;
    this.shift = 32 - Math.log2(this.mask + 1);
  }

  static create(capacity: number): SharedFingerprintTable {
    return new SharedFingerprintTable(new SharedArrayBuffer(capacity * 8));
  }

  get buffer(): SharedArrayBuffer {
    return this.table.buffer as SharedArrayBuffer;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Reads the home slot of `hi` (to warm the cache before a batch of inserts). */
  touch(hi: number): number {
    return this.table[(hi >>> this.shift) << 1]!;
  }

  /** True if the fingerprint was not present (and is now). */
  insert(hi: number, lo: number): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    const table = this.table;
    let slot = hi >>> this.shift;
    for (let probes = 0; probes <= this.mask; probes++) {
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
      slot = (slot + 1) & this.mask;
    }
    throw new Error('the shared fingerprint table is full');
  }

  /** True if the fingerprint is present (single-threaded use only). */
  contains(hi: number, lo: number): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    for (let slot = hi >>> this.shift, probes = 0; probes <= this.mask; probes++, slot = (slot + 1) & this.mask) {
      const stored = this.table[slot << 1]!;
      if (stored === EMPTY) return false;
      if (stored === lo && this.table[(slot << 1) + 1] === hi) return true;
    }
    return false;
  }

  /**
   * A table holding a checkpoint's slots (copied into shared memory), or null
   * when they are not a power-of-two table holding exactly `count` fingerprints.
   */
  static fromSlots(slots: Int32Array, count: number): SharedFingerprintTable | null {
    const capacity = slots.length / 2;
    if (capacity < 1 || !Number.isInteger(Math.log2(capacity))) return null;
    let stored = 0;
    for (let at = 0; at < slots.length; at += 2) if (slots[at] !== EMPTY) stored++;
    if (stored !== count || count >= capacity) return null;
    const table = SharedFingerprintTable.create(capacity);
    table.table.set(slots);
    return table;
  }

  /** A table of `capacity` slots holding the same fingerprints (single-threaded use only). */
  grownTo(capacity: number): SharedFingerprintTable {
    const next = SharedFingerprintTable.create(capacity);
    for (let at = 0; at < this.table.length; at += 2) {
      const lo = this.table[at]!;
      if (lo !== EMPTY) next.insert(this.table[at + 1]!, lo);
    }
    return next;
  }

  /** The smallest difference between two stored fingerprints (single-threaded use only). */
  smallestGap(): number | null {
    return smallestGapInOrderedTable(this.table, 1, this.shift);
  }
}
