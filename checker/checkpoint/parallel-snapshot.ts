import { SharedFingerprintTable } from '../parallel/shared-visited-set.js';
import type { RecordSnapshot } from '../search/search-record.js';
import { TraceLinks } from '../trace/trace-links.js';
import type { SearchSnapshot } from './checkpointer.js';
import type { SavedSearch } from './saved-search.js';
import type { StateCodec } from '../state/codec.js';
import { checkQueuedStates } from './queued-states.js';

export interface ParallelCounters {
  readonly generated: number;
  readonly explored: number;
  readonly constrainedOut: number;
  readonly depth: number;
  /** Milliseconds of search before this snapshot, over every run so far. */
  readonly elapsedMs: number;
}

/** The parallel search between two BFS levels: its frontier is exactly the last level. */
export interface ParallelParts {
  readonly table: SharedFingerprintTable;
  readonly links: TraceLinks;
  /** The frontier's packed states, `frontierCount × words` long. */
  readonly frontier: Int32Array;
  readonly frontierCount: number;
  readonly record: RecordSnapshot;
  readonly counters: ParallelCounters;
}

/** A snapshot of the parallel search, taken by the coordinator between levels (no worker runs then). */
export function parallelSnapshot(parts: ParallelParts): SearchSnapshot {
  return {
    counters: { ...parts.counters, frontierCount: parts.frontierCount, distinct: parts.links.size },
    record: parts.record,
    sections: [
      { name: 'table', parts: [parts.table.table] },
      { name: 'parents', parts: parts.links.parentBlocks() },
      { name: 'successors', parts: [parts.links.successorColumn()] },
      { name: 'frontier', parts: [parts.frontier] },
    ],
  };
}

export function restoreParallel(saved: SavedSearch, codec: StateCodec<any>): ParallelParts {
  const wordsPerState = codec.words;
  const distinct = saved.counter('distinct');
  const frontierCount = saved.counter('frontierCount', 0, distinct);
  const table = SharedFingerprintTable.fromSlots(saved.int32Section('table'), distinct);
  if (!table) saved.corrupt('the fingerprint table does not hold what its header says');
  const successors = saved.section('successors', distinct);
  if (successors instanceof Int32Array) saved.corrupt('the successor column has the wrong element type');
  const links = TraceLinks.fromColumns(saved.int32Section('parents', distinct), successors);
  if (!links) saved.corrupt('a trace link points forward');
  const words = saved.int32Section('frontier', frontierCount * wordsPerState);
  checkQueuedStates(codec, words, saved);
  const frontier = new Int32Array(new SharedArrayBuffer(Math.max(4, words.byteLength)));
  frontier.set(words);
  for (const finding of saved.record.findings) {
    if (finding.trace && finding.trace.ordinal >= distinct) saved.corrupt('a saved violation points past the stored states');
  }
  return {
    table,
    links,
    frontier,
    frontierCount,
    record: saved.record,
    counters: {
      generated: saved.counter('generated'),
      explored: saved.counter('explored'),
      constrainedOut: saved.counter('constrainedOut'),
      depth: saved.counter('depth'),
      elapsedMs: saved.counter('elapsedMs'),
    },
  };
}
