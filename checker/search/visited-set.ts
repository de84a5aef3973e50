/**
 * The visited set of the sequential engine: 64-bit fingerprints only, as two int32
 * lanes (hi, lo) per slot, in an *ordered* open-addressing table (Amble and Knuth's
 * ordered hashing). An entry's home slot is proportional to its fingerprint, and
 * every run of occupied slots is kept sorted, so the whole table is sorted:
 * - a lookup stops at the first larger fingerprint, so misses cost no more than
 *   hits, and the table can run at a 0.85 load factor;
 * - growing is a sequential merge; by 1.4x (past 65,536 slots) it keeps the load
 *   between 0.61 and 0.85: 8 bytes per slot is 9.4-13.2 bytes per state, at most
 *   15.3 with the trace links' 2.1 (1.15x steps kept it within 9.4-10.8 but copied
 *   every entry about 7.7 times over a run instead of 3.5);
 * - the collision estimate's smallest gap is one pass over the table.
 *
 * Runs never wrap around: the table has an overflow area after the last home slot,
 * and reaching its end grows the table. (0, 0) marks an empty slot, so a fingerprint
 * that is exactly zero is stored as (0, 1). Int32Array rather than Uint32Array keeps
 * V8 on its small-integer fast path; comparisons flip the sign bits so a signed
 * compare gives the unsigned order without converting to doubles.
 */
const DEFAULT_MAX_LOAD = 0.85;
const GROWTH = 1.4;
const SMALL_TABLE = 1 << 16;

export class FingerprintSet {
  private table: Int32Array;
  /** Number of home slots; the table has `capacity + overflow` slots. */
  private homeSlots: number;
  private scale: number;
  private count = 0;
  private growAt: number;

  constructor(
    initialCapacity = 1 << 12,
    private readonly maxLoad = DEFAULT_MAX_LOAD,
  ) {
    this.homeSlots = Math.max(16, Math.ceil(initialCapacity));
    this.table = new Int32Array(slotsWithOverflow(this.homeSlots) * 2);
    this.scale = this.homeSlots / 4294967296;
    this.growAt = Math.floor(this.homeSlots * maxLoad);
  }

  get size(): number {
    return this.count;
  }

  /** The raw slots and home-slot count, for a checkpoint (read only). */
  get slots(): Int32Array {
    return this.table;
  }

  /**
   * A set holding a checkpoint's slots. The slots are checked to have the layout
   * `homeSlots` implies and to hold `count` fingerprints, so a damaged file is
   * refused rather than searched wrongly (returns null then).
   */
  static fromSlots(slots: Int32Array, homeSlots: number, count: number): FingerprintSet | null {
    if (!Number.isSafeInteger(homeSlots) || homeSlots < 16 || slots.length !== slotsWithOverflow(homeSlots) * 2) return null;
    let stored = 0;
    for (let at = 0; at < slots.length; at += 2) if (slots[at] !== 0 || slots[at + 1] !== 0) stored++;
    if (stored !== count) return null;
    const set = new FingerprintSet(16);
    set.table = slots;
    set.homeSlots = homeSlots;
    set.scale = homeSlots / 4294967296;
    set.growAt = Math.floor(homeSlots * set.maxLoad);
    set.count = count;
    return set;
  }

  get capacity(): number {
    return this.homeSlots;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Bytes the table would take after its next growth. */
  get bytesAfterGrowth(): number {
    return slotsWithOverflow(grownCapacity(this.homeSlots)) * 8;
  }

  get needsGrowth(): boolean {
    return this.count >= this.growAt;
  }

  /** Inserts the fingerprint; true if it was not present. */
  insert(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    // At the load limit, grow only for a new fingerprint: a duplicate costs no room.
    if (this.count >= this.growAt && !this.has(hi, lo)) this.grow(grownCapacity(this.homeSlots));
    for (;;) {
      const result = this.tryInsert(hi, lo);
      if (result !== RAN_OUT) return result === INSERTED;
      this.grow(grownCapacity(this.homeSlots));
    }
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const table = this.table;
    for (let at = this.homeOf(hi) * 2; at < table.length; at += 2) {
      const storedHi = table[at]!;
      const storedLo = table[at + 1]!;
      if (storedHi === hi && storedLo === lo) return true;
      if ((storedHi === 0 && storedLo === 0) || isGreater(storedHi, storedLo, hi, lo)) return false;
    }
    return false;
  }

  /** Reads the home slot of `hi` (to warm the cache before a batch of inserts). */
  touch(hi: number): number {
    return this.table[this.homeOf(hi) * 2]!;
  }

  /** The smallest difference between two stored fingerprints (TLC's "actual" estimate). */
  smallestGap(): number | null {
    // A plain loop rather than forEachFingerprint: a callback per entry was 2% of a twophase run.
    // Neighbours whose high lanes differ by more than `limit` cannot beat the smallest gap so
    // far, so most entries cost one integer compare (the pass was 2% of a counter-grid 8^8 run).
    const table = this.table;
    let smallest = Infinity;
    let limit = Infinity;
    let seen = false;
    let previousHi = 0;
    let previousLo = 0;
    for (let at = 0; at < table.length; at += 2) {
      const hi = table[at]!;
      const lo = table[at + 1]!;
      if (hi === 0 && lo === 0) continue;
      if (seen && (hi - previousHi) >>> 0 <= limit) {
        const gap = ((hi >>> 0) - (previousHi >>> 0)) * 4294967296 + ((lo >>> 0) - (previousLo >>> 0));
        if (gap < smallest) {
          smallest = gap;
          limit = Math.floor(gap / 4294967296) + 1;
        }
      }
      seen = true;
      previousHi = hi;
      previousLo = lo;
    }
    return smallest === Infinity ? null : smallest;
  }

  /** Visits every stored fingerprint, in increasing order. */
  forEachFingerprint(visit: (hi: number, lo: number) => void): void {
    for (let at = 0; at < this.table.length; at += 2) {
      const hi = this.table[at]!;
      const lo = this.table[at + 1]!;
      if (hi !== 0 || lo !== 0) visit(hi, lo);
    }
  }

  private homeOf(hi: number): number {
    return ((hi >>> 0) * this.scale) | 0;
  }

  /**
   * Scans from the home slot until the key (present), an empty slot (placed there)
   * or a larger entry (the key belongs there: the rest of the run moves up a slot).
   * One loop with no result encoding: this is the hottest code of a search.
   */
  private tryInsert(hi: number, lo: number): InsertResult {
    const table = this.table;
    const end = table.length;
    const hiBiased = hi ^ SIGN;
    for (let at = this.homeOf(hi) * 2; at < end; at += 2) {
      const storedHi = table[at]!;
      const storedLo = table[at + 1]!;
      if (storedHi === hi) {
        if (storedLo === lo) return PRESENT;
        if ((storedLo ^ SIGN) > (lo ^ SIGN)) return this.shiftAndPlace(at, hi, lo);
      } else if ((storedHi ^ SIGN) > hiBiased) {
        return this.shiftAndPlace(at, hi, lo);
      }
      // (0, 0) compares below every key, so an empty slot is only found here.
      if (storedHi === 0 && storedLo === 0) {
        table[at] = hi;
        table[at + 1] = lo;
        this.count++;
        return INSERTED;
      }
    }
    return RAN_OUT;
  }

  /**
   * Puts the key at `at` and carries each displaced entry one slot up until an
   * empty slot takes the last one (one pass, no separate search for the gap).
   * An empty last slot guarantees that gap; when it is taken the table grows.
   */
  private shiftAndPlace(at: number, hi: number, lo: number): InsertResult {
    const table = this.table;
    const end = table.length;
    if (table[end - 2] !== 0 || table[end - 1] !== 0) return RAN_OUT;
    let carryHi = hi;
    let carryLo = lo;
    for (;; at += 2) {
      const storedHi = table[at]!;
      const storedLo = table[at + 1]!;
      table[at] = carryHi;
      table[at + 1] = carryLo;
      if (storedHi === 0 && storedLo === 0) break;
      carryHi = storedHi;
      carryLo = storedLo;
    }
    this.count++;
    return INSERTED;
  }

  /** Rebuilds with `homeSlots` home slots: the old table is sorted, so this is a merge. */
  private grow(homeSlots: number): void {
    const old = this.table;
    for (;;) {
      const table = new Int32Array(slotsWithOverflow(homeSlots) * 2);
      const scale = homeSlots / 4294967296;
      if (copySorted(old, table, scale)) {
        this.table = table;
        this.homeSlots = homeSlots;
        this.scale = scale;
        this.growAt = Math.floor(homeSlots * this.maxLoad);
        return;
      }
      homeSlots = grownCapacity(homeSlots);
    }
  }
}

/** XOR with the sign bit: signed order of the results is unsigned order of the inputs. */
const SIGN = -0x80000000;

type InsertResult = 0 | 1 | 2;
const PRESENT: InsertResult = 0;
const INSERTED: InsertResult = 1;
const RAN_OUT: InsertResult = 2;

/** Places every entry of `from` (sorted) into `to` at max(home, previous + 1); false if it runs out. */
function copySorted(from: Int32Array, to: Int32Array, scale: number): boolean {
  let next = 0;
  for (let at = 0; at < from.length; at += 2) {
    const hi = from[at]!;
    const lo = from[at + 1]!;
    if (hi === 0 && lo === 0) continue;
    const slot = Math.max(((hi >>> 0) * scale) | 0, next);
    if (slot * 2 >= to.length) return false;
    to[slot * 2] = hi;
    to[slot * 2 + 1] = lo;
    next = slot + 1;
  }
  return true;
}

/** Unsigned (hi, lo) order, on the int32 lanes as stored. */
function isGreater(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return (aHi ^ SIGN) > (bHi ^ SIGN) || (aHi === bHi && (aLo ^ SIGN) > (bLo ^ SIGN));
}

/**
 * Doubling while the table is small (its bytes per state do not matter yet, and
 * each growth is a full pass), then 1.4x so a large table stays 61-85% full.
 */
function grownCapacity(homeSlots: number): number {
  return Math.ceil(homeSlots * (homeSlots < SMALL_TABLE ? 2 : GROWTH));
}

/** Home slots plus the overflow area that the last runs spill into. */
function slotsWithOverflow(homeSlots: number): number {
  return homeSlots + Math.max(256, Math.ceil(homeSlots / 256));
}
