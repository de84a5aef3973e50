import { smallestGapInOrderedTable } from './ordered-table-gap.js';

/**
 * The visited set: 64-bit fingerprints only, in an open-addressing table with
 * linear probing. An entry's home slot is the top bits of its high lane, so the
 * table is ordered by fingerprint up to the order within each run of occupied
 * slots: growing rehashes almost sequentially, and the collision estimate reads
 * the sorted fingerprints off the table in one pass (ordered-table-gap.ts). Each slot is two int32 lanes (hi, lo) in one Int32Array; (0, 0)
 * marks an empty slot, so a fingerprint that is exactly zero is stored as (0, 1).
 * Int32Array rather than Uint32Array keeps V8 on its small-integer fast path.
 */
export class FingerprintSet {
  private table: Int32Array;
  private mask: number;
  /** 32 − log2(capacity): `hi >>> shift` is an entry's home slot. */
  private shift: number;
  private count = 0;
  private growAt: number;

  constructor(
    initialCapacity = 1 << 16,
    private readonly maxLoad = 0.75,
  ) {
    const capacity = nextPowerOfTwo(Math.max(16, initialCapacity));
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.growAt = Math.floor(capacity * maxLoad);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** Bytes the table would take after its next doubling. */
  get bytesAfterGrowth(): number {
    return this.table.byteLength * 2;
  }

  get needsGrowth(): boolean {
    return this.count >= this.growAt;
  }

  /** Inserts the fingerprint; true if it was not present. */
  insert(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if (this.count >= this.growAt) this.grow();
    const table = this.table;
    const mask = this.mask;
    let slot = hi >>> this.shift;
    for (;;) {
      const at = slot << 1;
      const storedHi = table[at]!;
      const storedLo = table[at + 1]!;
      if (storedHi === 0 && storedLo === 0) {
        table[at] = hi;
        table[at + 1] = lo;
        this.count++;
        return true;
      }
      if (storedHi === hi && storedLo === lo) return false;
      slot = (slot + 1) & mask;
    }
  }

  /** Reads the home slot of `hi` (to warm the cache before a batch of inserts). */
  touch(hi: number): number {
    return this.table[(hi >>> this.shift) << 1]!;
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    let slot = hi >>> this.shift;
    for (;;) {
      const at = slot << 1;
      const storedHi = this.table[at]!;
      const storedLo = this.table[at + 1]!;
      if (storedHi === 0 && storedLo === 0) return false;
      if (storedHi === hi && storedLo === lo) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The smallest difference between two stored fingerprints (TLC's "actual" estimate). */
  smallestGap(): number | null {
    return this.count < 2 ? null : smallestGapInOrderedTable(this.table, 0, this.shift);
  }

  /** Visits every stored fingerprint. */
  forEachFingerprint(visit: (hi: number, lo: number) => void): void {
    for (let at = 0; at < this.table.length; at += 2) {
      const hi = this.table[at]!;
      const lo = this.table[at + 1]!;
      if (hi !== 0 || lo !== 0) visit(hi, lo);
    }
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.growAt = Math.floor(capacity * this.maxLoad);
    this.count = 0;
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at]!;
      const lo = old[at + 1]!;
      if (hi !== 0 || lo !== 0) this.insert(hi, lo);
    }
  }
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
