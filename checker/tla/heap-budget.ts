import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The TLA+ engines keep every state as JavaScript values, so a large spec
 * fills V8's heap, and a full heap aborts the process with no result at all.
 * The search asks `heapFull()` between blocks of states and stops in time,
 * saying so (an incomplete run, exit 153), with what it found.
 */

/** The share of V8's heap limit a search may fill, after the young generation's part. */
const SHARE = 0.85;

/**
 * V8's heap limit counts the young generation (48 MB here by default) as well
 * as the old one that fills: set aside, with some room.
 */
const YOUNG_BYTES = 64 * 1048576;

/** V8's full collection, reached without --expose-gc (used only near the limit, where garbage may be what fills it). */
let collect: (() => void) | undefined;

function fullCollection(): void {
  if (collect === undefined) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

export interface HeapReading {
  readonly usedBytes: number;
  readonly limitBytes: number;
  /** The limit was the run's own (--max-memory), below V8's. */
  readonly setByRun: boolean;
}

/**
 * The heap's use when it is above the share of its limit even after a full
 * collection; null while there is room. `maxBytes` (--max-memory) lowers V8's
 * limit; it cannot raise it.
 */
export function heapFull(maxBytes?: number): HeapReading | null {
  const heap = getHeapStatistics();
  const setByRun = maxBytes !== undefined && maxBytes < heap.heap_size_limit;
  const limitBytes = setByRun ? maxBytes : heap.heap_size_limit;
  const budget = Math.max(limitBytes - YOUNG_BYTES, 0) * SHARE;
  if (heap.used_heap_size <= budget) return null;
  fullCollection();
  const usedBytes = getHeapStatistics().used_heap_size;
  return usedBytes > budget ? { usedBytes, limitBytes, setByRun } : null;
}
