/**
 * The smallest gap between stored fingerprints, read straight off a visited table
 * whose home slot is `hi × scale` (scale = slots / 2^32: monotone in the high lane). Such a table is sorted by
 * cluster: linear probing only moves an entry forward within its run of occupied
 * slots, so sorting each run and walking the runs in slot order visits the
 * fingerprints in increasing order. One sequential pass, no copy of the table.
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
  scan.run(pairsWhere(wrap, (hi) => Math.floor(hi * scale) < capacity / 2));
  const run: number[] = [];
  const start = wrapped ? firstFree : 0;
  const end = wrapped ? lastFree + 1 : capacity;
  for (let slot = start; slot < end; slot++) {
    if (occupied(slot)) {
      run.push(table[2 * slot + hiLane]! >>> 0, table[2 * slot + 1 - hiLane]! >>> 0);
    } else if (run.length > 0) {
      scan.run(run);
      run.length = 0;
    }
  }
  if (run.length > 0) scan.run(run);
  scan.run(pairsWhere(wrap, (hi) => Math.floor(hi * scale) >= capacity / 2));
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

  run(pairs: number[]): void {
    sortPairsInPlace(pairs);
    for (let i = 0; i < pairs.length; i += 2) this.next(pairs[i]!, pairs[i + 1]!);
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

/** Sorts (hi, lo) pairs: insertion sort for the usual handful, a comparison sort for the long runs of a full table. */
function sortPairsInPlace(pairs: number[]): void {
  if (pairs.length > 64) {
    const sorted = Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i]!, pairs[2 * i + 1]!] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    sorted.forEach(([hi, lo], i) => {
      pairs[2 * i] = hi;
      pairs[2 * i + 1] = lo;
    });
    return;
  }
  for (let i = 2; i < pairs.length; i += 2) {
    const hi = pairs[i]!;
    const lo = pairs[i + 1]!;
    let j = i - 2;
    while (j >= 0 && (pairs[j]! > hi || (pairs[j] === hi && pairs[j + 1]! > lo))) {
      pairs[j + 2] = pairs[j]!;
      pairs[j + 3] = pairs[j + 1]!;
      j -= 2;
    }
    pairs[j + 2] = hi;
    pairs[j + 3] = lo;
  }
}
