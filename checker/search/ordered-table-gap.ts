/**
 * The smallest gap between stored fingerprints, read straight off a visited table
 * whose home slot is `hi × scale` (scale = slots / 2^32: monotone in the high
 * lane). Such a table is sorted by cluster: linear probing only moves an entry
 * forward within its run of occupied slots, so sorting each run and walking the
 * runs in slot order visits the fingerprints in increasing order. One sequential
 * pass, no copy of the table: each run is copied to scratch arrays and sorted
 * there.
 *
 * The run that wraps from the last slot to slot 0 mixes the largest values (homes
 * at the end) with the smallest (homes at the start); its entries are split by
 * home half and placed first or last.
 */
export function smallestGapInOrderedTable(table: Int32Array, hiLane: 0 | 1, scale: number): number | null {
  const capacity = table.length / 2;
  const occupied = (slot: number) => table[2 * slot] !== 0 || table[2 * slot + 1] !== 0;
  const wrapped = occupied(capacity - 1) && occupied(0);
  let firstFree = 0;
  while (firstFree < capacity && occupied(firstFree)) firstFree++;
  if (firstFree === capacity) throw new Error('internal: a full visited table');
  let lastFree = capacity - 1;
  while (occupied(lastFree)) lastFree--;

  const scan = new GapScan();
  const wrap: number[] = [];
  if (wrapped) collect(table, hiLane, 0, firstFree, wrap);
  if (wrapped) collect(table, hiLane, lastFree + 1, capacity, wrap);
  scan.pairs(pairsWhere(wrap, (hi) => Math.floor(hi * scale) < capacity / 2));
  const start = wrapped ? firstFree : 0;
  const end = wrapped ? lastFree + 1 : capacity;
  let runStart = -1;
  for (let slot = start; slot < end; slot++) {
    if (table[2 * slot] !== 0 || table[2 * slot + 1] !== 0) {
      if (runStart < 0) runStart = slot;
    } else if (runStart >= 0) {
      scan.run(table, hiLane, runStart, slot);
      runStart = -1;
    }
  }
  if (runStart >= 0) scan.run(table, hiLane, runStart, end);
  scan.pairs(pairsWhere(wrap, (hi) => Math.floor(hi * scale) >= capacity / 2));
  return scan.smallest;
}

/** Appends the (hi, lo) pairs of slots [from, to) as unsigned numbers. */
function collect(table: Int32Array, hiLane: 0 | 1, from: number, to: number, out: number[]): void {
  for (let slot = from; slot < to; slot++) out.push(table[2 * slot + hiLane]! >>> 0, table[2 * slot + 1 - hiLane]! >>> 0);
}

function pairsWhere(pairs: number[], keep: (hi: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (keep(pairs[i]!)) out.push(pairs[i]!, pairs[i + 1]!);
  return out;
}

/** Consumes runs in increasing order; each run is sorted here. */
class GapScan {
  smallest: number | null = null;
  private previousHi = -1;
  private previousLo = 0;
  private his = new Float64Array(64);
  private los = new Float64Array(64);

  /** The run of slots [from, to). */
  run(table: Int32Array, hiLane: 0 | 1, from: number, to: number): void {
    const length = to - from;
    if (length > this.his.length) {
      this.his = new Float64Array(length * 2);
      this.los = new Float64Array(length * 2);
    }
    for (let i = 0; i < length; i++) {
      this.his[i] = table[2 * (from + i) + hiLane]! >>> 0;
      this.los[i] = table[2 * (from + i) + 1 - hiLane]! >>> 0;
    }
    this.sortedRun(length);
  }

  /** (hi, lo) pairs as unsigned numbers, in any order. */
  pairs(pairs: number[]): void {
    const length = pairs.length / 2;
    if (length > this.his.length) {
      this.his = new Float64Array(length * 2);
      this.los = new Float64Array(length * 2);
    }
    for (let i = 0; i < length; i++) {
      this.his[i] = pairs[2 * i]!;
      this.los[i] = pairs[2 * i + 1]!;
    }
    this.sortedRun(length);
  }

  private sortedRun(length: number): void {
    sortPairs(this.his, this.los, length);
    for (let i = 0; i < length; i++) this.next(this.his[i]!, this.los[i]!);
  }

  private next(hi: number, lo: number): void {
    if (this.previousHi >= 0) {
      const gap = (hi - this.previousHi) * 4294967296 + (lo - this.previousLo);
      if (this.smallest === null || gap < this.smallest) this.smallest = gap;
    }
    this.previousHi = hi;
    this.previousLo = lo;
  }
}

/**
 * Insertion sort up to this many pairs: a run is nearly sorted already (its entries
 * mostly sit in home order), so even runs of hundreds cost little that way (a
 * comparison sort from 32 pairs up took 2.5x as long on a 86%-full table).
 */
const INSERTION_SORT_LIMIT = 4096;

/** Sorts the first `length` (hi, lo) pairs: insertion sort, or a comparison sort for a pathologically long run. */
function sortPairs(his: Float64Array, los: Float64Array, length: number): void {
  if (length > INSERTION_SORT_LIMIT) {
    const order = Array.from({ length }, (_, i) => i).sort((a, b) => his[a]! - his[b]! || los[a]! - los[b]!);
    const sortedHis = order.map((i) => his[i]!);
    const sortedLos = order.map((i) => los[i]!);
    his.set(sortedHis);
    los.set(sortedLos);
    return;
  }
  for (let i = 1; i < length; i++) {
    const hi = his[i]!;
    const lo = los[i]!;
    let j = i - 1;
    while (j >= 0 && (his[j]! > hi || (his[j] === hi && los[j]! > lo))) {
      his[j + 1] = his[j]!;
      los[j + 1] = los[j]!;
      j--;
    }
    his[j + 1] = hi;
    los[j + 1] = lo;
  }
}
