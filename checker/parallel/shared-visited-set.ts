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
 *
 * With 96-bit fingerprints (`--fingerprint-bits 96`) a slot has a third lane, the
 * fingerprint's extra 32 bits, written with hi before lo is published and compared
 * with it: 12 bytes a slot instead of 8.
 */
const EMPTY = 0;
const BUSY = -1;

export class SharedFingerprintTable {
  readonly table: Int32Array;
  /** Number of slots. */
  readonly capacity: number;
  /** capacity / 2^32: `(hi >>> 0) × scale` is an entry's home slot. */
  private readonly scale: number;

  constructor(
    buffer: SharedArrayBuffer,
    /** Int32 lanes a slot: 2 for 64-bit fingerprints (lo, hi), 3 for 96-bit ones (lo, hi, extra). */
    readonly lanes: Lanes = 2,
  ) {
    this.table = new Int32Array(buffer);
    this.capacity = this.table.length / lanes;
    this.scale = this.capacity / 4294967296;
  }

  /** A table of `capacity` slots (any positive integer). */
  static create(capacity: number, lanes: Lanes = 2): SharedFingerprintTable {
    return new SharedFingerprintTable(new SharedArrayBuffer(Math.max(1, Math.ceil(capacity)) * 4 * lanes), lanes);
  }

  /** Bytes a slot takes. */
  static slotBytes(lanes: Lanes): number {
    return 4 * lanes;
  }

  get buffer(): SharedArrayBuffer {
    return this.table.buffer as SharedArrayBuffer;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Reads the home slot of `hi` (to warm the cache before a batch of inserts). */
  touch(hi: number): number {
    return this.table[(((hi >>> 0) * this.scale) | 0) * this.lanes]!;
  }

  /** True if the fingerprint was not present (and is now). `extra`: the third lane of a 96-bit table (else ignored). */
  insert(hi: number, lo: number, extra = 0): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    const table = this.table;
    const capacity = this.capacity;
    const lanes = this.lanes;
    const wide = lanes === 3;
    let slot = ((hi >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < capacity; probes++) {
      const at = slot * lanes;
      let stored = table[at]!;
      if (stored === EMPTY) {
        stored = Atomics.compareExchange(table, at, EMPTY, BUSY);
        if (stored === EMPTY) {
          table[at + 1] = hi;
          if (wide) table[at + 2] = extra;
          Atomics.store(table, at, lo);
          return true;
        }
      }
      while (stored === BUSY) stored = Atomics.load(table, at);
      if (stored === lo && Atomics.load(table, at) === lo && table[at + 1] === hi && (!wide || table[at + 2] === extra)) return false;
      if (++slot === capacity) slot = 0;
    }
    throw new Error('the shared fingerprint table is full');
  }

  /** True if the fingerprint is present (single-threaded use only). */
  contains(hi: number, lo: number, extra = 0): boolean {
    if (lo === EMPTY) lo = 1;
    else if (lo === BUSY) lo = -2;
    const lanes = this.lanes;
    let slot = ((hi >>> 0) * this.scale) | 0;
    for (let probes = 0; probes < this.capacity; probes++) {
      const at = slot * lanes;
      const stored = this.table[at]!;
      if (stored === EMPTY) return false;
      if (stored === lo && this.table[at + 1] === hi && (lanes === 2 || this.table[at + 2] === extra)) return true;
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
    const lanes = this.lanes;
    const next = SharedFingerprintTable.create(capacity, lanes);
    capacity = next.capacity;
    const from = this.table;
    const to = next.table;
    const scale = next.scale;
    // Plain stores: nobody else reads either table now, and the stored lo lanes are already remapped.
    for (let at = 0; at < from.length; at += lanes) {
      if (from[at] === EMPTY) continue;
      let slot = ((from[at + 1]! >>> 0) * scale) | 0;
      while (to[slot * lanes] !== EMPTY) if (++slot === capacity) slot = 0;
      copySlot(from, at, to, slot * lanes, lanes);
    }
    return next;
  }

  /**
   * Copies the fingerprints of `from`'s slots [first, last) (another table's slots,
   * lo lanes already remapped) into this table's slots [firstNew, lastNew) with
   * plain stores, while other threads copy other regions. Returns, as slots
   * ((lo, hi) or (lo, hi, extra)), the entries that belong outside the region:
   * their home is elsewhere, or their probe would leave it.
   */
  copyRegion(from: Int32Array, first: number, last: number, firstNew: number, lastNew: number): Int32Array {
    const to = this.table;
    const scale = this.scale;
    const lanes = this.lanes;
    const left: number[] = [];
    for (let at = first * lanes; at < last * lanes; at += lanes) {
      if (from[at] === EMPTY) continue;
      let slot = ((from[at + 1]! >>> 0) * scale) | 0;
      if (slot >= firstNew && slot < lastNew) while (slot < lastNew && to[slot * lanes] !== EMPTY) slot++;
      if (slot < firstNew || slot >= lastNew) {
        for (let lane = 0; lane < lanes; lane++) left.push(from[at + lane]!);
        continue;
      }
      copySlot(from, at, to, slot * lanes, lanes);
    }
    return Int32Array.from(left);
  }

  /** Inserts the slots returned by copyRegion (single-threaded use only). */
  insertPairs(slots: Int32Array): void {
    const lanes = this.lanes;
    for (let at = 0; at < slots.length; at += lanes) this.insert(slots[at + 1]!, slots[at]!, lanes === 3 ? slots[at + 2]! : 0);
  }

  /**
   * The smallest difference between two stored fingerprints (single-threaded use
   * only); null for a 96-bit table. The estimate is asked for only when the
   * optimistic one passes 1e-10, which 96 bits reach past about 10^18 state pairs.
   */
  smallestGap(): number | null {
    if (this.lanes === 3) return null;
    return smallestGapInOrderedTable(this.table, 1, this.scale);
  }
}

export type Lanes = 2 | 3;

/** Copies one slot's lanes (a subarray per slot made growth allocate once per entry). */
function copySlot(from: Int32Array, at: number, to: Int32Array, toAt: number, lanes: Lanes): void {
  to[toAt] = from[at]!;
  to[toAt + 1] = from[at + 1]!;
  if (lanes === 3) to[toAt + 2] = from[at + 2]!;
}

/** The lanes a slot of the shared table needs for fingerprints of `bits`. */
export function lanesFor(bits: 64 | 96 | undefined): Lanes {
  return bits === 96 ? 3 : 2;
}
