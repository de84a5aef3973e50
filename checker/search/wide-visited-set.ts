/**
 * The visited set for 96-bit fingerprints (`--fingerprint-bits 96`): the ordered
 * open-addressing table of visited-set.ts with a third int32 lane per slot, 12 bytes
 * a slot instead of 8. Entries are kept sorted by (hi, lo, extra) as unsigned
 * values, with the same home slot (proportional to hi), overflow area, growth and
 * load factor; (0, 0, 0) marks an empty slot, so that fingerprint is stored as
 * (0, 0, 1). A separate class so the 64-bit table's hot loop stays as it is.
 *
 * In ordinal mode (`ordinalLane`) the key is the 64-bit (hi, lo) and the third
 * lane holds the state's ordinal + 1 (never 0, so no key needs remapping): the
 * search that records the liveness graph's edges (liveness-graph.ts) learns a
 * seen successor's ordinal from the lookup it makes anyway, instead of keeping a
 * second fingerprint table.
 */
import { ExitCode, VigilError } from '../errors.js';

const MAX_LOAD = 0.85;
const GROWTH = 1.15;
/**
 * Ordinal mode grows by 1.4, as the 64-bit table does: it serves a run that also
 * records the liveness graph, where copying every entry about 7.7 times over the run
 * (1.15) instead of 3.5 was a tenth of the recording's cost.
 */
const ORDINAL_GROWTH = 1.4;
const SMALL_TABLE = 1 << 16;
const LANES = 3;

export class WideFingerprintSet {
  private table: Int32Array;
  private homeSlots: number;
  private scale: number;
  private count = 0;
  private growAt: number;

  constructor(
    initialCapacity = 1 << 12,
    readonly ordinalLane = false,
  ) {
    this.homeSlots = Math.max(16, Math.ceil(initialCapacity));
    this.table = new Int32Array(slotsWithOverflow(this.homeSlots) * LANES);
    this.scale = this.homeSlots / 4294967296;
    this.growAt = Math.floor(this.homeSlots * MAX_LOAD);
  }

  get size(): number {
    return this.count;
  }

  /** The raw slots, three lanes each (read only; a cluster shard's snapshot re-inserts them). */
  get slots(): Int32Array {
    return this.table;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  get bytesAfterGrowth(): number {
    return slotsWithOverflow(this.grownCapacity(this.homeSlots)) * LANES * 4;
  }

  get needsGrowth(): boolean {
    return this.count >= this.growAt;
  }

  /** Inserts the fingerprint; true if it was not present. */
  insert(hi: number, lo: number, extra: number): boolean {
    if (hi === 0 && lo === 0 && extra === 0) extra = 1;
    // At the load limit, grow only for a new fingerprint: a duplicate costs no room.
    if (this.count >= this.growAt && !this.has(hi, lo, extra)) this.grow(this.grownCapacity(this.homeSlots));
    for (;;) {
      const at = this.probe(hi, lo, extra);
      if (at === FOUND) return false;
      if (at !== RAN_OUT && this.placeAt(at, hi, lo, extra)) return true;
      this.grow(this.grownCapacity(this.homeSlots));
    }
  }

  /** Ordinal mode: the ordinal stored with (hi, lo); or -1, after storing (hi, lo) with `ordinal`. */
  ordinalOrInsert(hi: number, lo: number, ordinal: number): number {
    for (;;) {
      const at = this.probeKey(hi, lo);
      if (at >= 0 && this.holdsKeyAt(at, hi, lo)) return this.table[at + 2]! - 1;
      // At the load limit, grow only for a new fingerprint: a duplicate costs no room.
      if (this.count < this.growAt && at !== RAN_OUT && this.placeAt(at, hi, lo, ordinal + 1)) return -1;
      this.grow(this.grownCapacity(this.homeSlots));
    }
  }

  has(hi: number, lo: number, extra: number): boolean {
    if (this.ordinalLane) {
      const at = this.probeKey(hi, lo);
      return at >= 0 && this.holdsKeyAt(at, hi, lo);
    }
    if (hi === 0 && lo === 0 && extra === 0) extra = 1;
    return this.probe(hi, lo, extra) === FOUND;
  }

  touch(hi: number): number {
    return this.table[this.homeOf(hi) * LANES]!;
  }

  /**
   * The smallest difference between two stored fingerprints (96-bit, or 64-bit in ordinal mode) (as a float: it only feeds
   * an estimate). Neighbours whose high lanes differ by more than `limit` cannot beat the
   * smallest gap so far, so most entries cost one integer compare.
   */
  smallestGap(): number | null {
    const table = this.table;
    // In ordinal mode the fingerprint is (hi, lo): the gap is in units of 2^-64, not 2^-96.
    const ordinals = this.ordinalLane;
    const keyScale = ordinals ? 1 : 4294967296;
    let smallest = Infinity;
    let limit = Infinity;
    let seen = false;
    let pHi = 0;
    let pLo = 0;
    let pEx = 0;
    for (let at = 0; at < table.length; at += LANES) {
      const hi = table[at]!;
      const lo = table[at + 1]!;
      const ex = table[at + 2]!;
      if (hi === 0 && lo === 0 && ex === 0) continue;
      if (seen && (hi - pHi) >>> 0 <= limit) {
        const gap = ((hi >>> 0) - (pHi >>> 0)) * keyScale * 4294967296 + ((lo >>> 0) - (pLo >>> 0)) * keyScale + (ordinals ? 0 : (ex >>> 0) - (pEx >>> 0));
        if (gap < smallest) {
          smallest = gap;
          limit = Math.floor(gap / (keyScale * 4294967296)) + 1;
        }
      }
      seen = true;
      pHi = hi;
      pLo = lo;
      pEx = ex;
    }
    return smallest === Infinity ? null : smallest;
  }

  /** Ordinal mode: the lane index holding (hi, lo) or where it belongs (RAN_OUT past the table's end). */
  private probeKey(hi: number, lo: number): number {
    const table = this.table;
    const hiU = hi >>> 0;
    const loU = lo >>> 0;
    for (let at = this.homeOf(hi) * LANES; at < table.length; at += LANES) {
      if (table[at + 2] === 0) return at;
      const a = table[at]! >>> 0;
      if (a > hiU || (a === hiU && table[at + 1]! >>> 0 >= loU)) return at;
    }
    return RAN_OUT;
  }

  private holdsKeyAt(at: number, hi: number, lo: number): boolean {
    return this.table[at + 2] !== 0 && this.table[at] === hi && this.table[at + 1] === lo;
  }

  private grownCapacity(homeSlots: number): number {
    return grownCapacity(homeSlots, this.ordinalLane ? ORDINAL_GROWTH : GROWTH);
  }

  private homeOf(hi: number): number {
    return ((hi >>> 0) * this.scale) | 0;
  }

  /** The lane index where the key belongs (FOUND if present, RAN_OUT past the table's end). */
  private probe(hi: number, lo: number, extra: number): number {
    const table = this.table;
    const hiU = hi >>> 0;
    const loU = lo >>> 0;
    const exU = extra >>> 0;
    for (let at = this.homeOf(hi) * LANES; at < table.length; at += LANES) {
      const sHi = table[at]!;
      const sLo = table[at + 1]!;
      const sEx = table[at + 2]!;
      if (sHi === 0 && sLo === 0 && sEx === 0) return at;
      if (sHi === hi && sLo === lo && sEx === extra) return FOUND;
      const a = sHi >>> 0;
      const b = sLo >>> 0;
      if (a > hiU || (a === hiU && (b > loU || (b === loU && sEx >>> 0 > exU)))) return at;
    }
    return RAN_OUT;
  }

  /** Places the key at `at`, moving the rest of the run up one slot; false if the table's end is reached. */
  private placeAt(at: number, hi: number, lo: number, extra: number): boolean {
    const table = this.table;
    let free = at;
    while (free < table.length && (table[free] !== 0 || table[free + 1] !== 0 || table[free + 2] !== 0)) free += LANES;
    if (free >= table.length) return false;
    if (free > at) table.copyWithin(at + LANES, at, free);
    table[at] = hi;
    table[at + 1] = lo;
    table[at + 2] = extra;
    this.count++;
    return true;
  }

  private grow(homeSlots: number): void {
    homeSlots = Math.min(homeSlots, MAX_HOME_SLOTS);
    if (homeSlots <= this.homeSlots) this.full();
    const old = this.table;
    for (;;) {
      const table = new Int32Array(slotsWithOverflow(homeSlots) * LANES);
      const scale = homeSlots / 4294967296;
      if (copySorted(old, table, scale)) {
        this.table = table;
        this.homeSlots = homeSlots;
        this.scale = scale;
        this.growAt = Math.floor(homeSlots * MAX_LOAD);
        return;
      }
      if (homeSlots >= MAX_HOME_SLOTS) this.full();
      homeSlots = Math.min(this.grownCapacity(homeSlots), MAX_HOME_SLOTS);
    }
  }

  /** A JS typed array holds at most 2^32 elements: past that the run ends with one clear line. */
  private full(): never {
    const message = `the 96-bit visited table is full at ${this.count.toLocaleString('en-US')} states: one typed array holds at most 2^32 lanes (${MAX_HOME_SLOTS.toLocaleString('en-US')} slots); use 64-bit fingerprints for a larger run`;
    throw new VigilError(message, ExitCode.system);
  }
}

/** The most home slots whose table (with overflow) fits one Int32Array of 2^32 elements. */
const MAX_HOME_SLOTS = Math.floor((2 ** 32 / LANES) * (256 / 257)) - 256;

const FOUND = -1;
const RAN_OUT = -2;

function copySorted(from: Int32Array, to: Int32Array, scale: number): boolean {
  let next = 0;
  for (let at = 0; at < from.length; at += LANES) {
    const hi = from[at]!;
    const lo = from[at + 1]!;
    const extra = from[at + 2]!;
    if (hi === 0 && lo === 0 && extra === 0) continue;
    const slot = Math.max(((hi >>> 0) * scale) | 0, next);
    if ((slot + 1) * LANES > to.length) return false;
    to[slot * LANES] = hi;
    to[slot * LANES + 1] = lo;
    to[slot * LANES + 2] = extra;
    next = slot + 1;
  }
  return true;
}

function grownCapacity(homeSlots: number, growth: number): number {
  return Math.ceil(homeSlots * (homeSlots < SMALL_TABLE ? 2 : growth));
}

function slotsWithOverflow(homeSlots: number): number {
  return homeSlots + Math.max(256, Math.ceil(homeSlots / 256));
}
