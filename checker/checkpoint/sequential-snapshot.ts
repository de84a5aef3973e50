import type { RecordSnapshot } from '../search/search-record.js';
import { StateQueue } from '../search/state-queue.js';
import { FingerprintSet } from '../search/visited-set.js';
import { TraceLinks } from '../trace/trace-links.js';
import type { SearchSnapshot } from './checkpointer.js';
import type { SavedSearch } from './saved-search.js';
import type { StateCodec } from '../state/codec.js';
import { checkQueuedStates } from './queued-states.js';

/** The sequential engine's own counters, besides what its structures know. */
export interface SequentialCounters {
  readonly initialGenerated: number;
  readonly generated: number;
  readonly constrainedOut: number;
  readonly depth: number;
  readonly expandingLevel: number;
  readonly levelEnd: number;
  /** Milliseconds of search before this snapshot, over every run so far. */
  readonly elapsedMs: number;
}

/** Everything the sequential search is, between two expanded states. */
export interface SequentialParts {
  readonly visited: FingerprintSet;
  readonly links: TraceLinks;
  readonly queue: StateQueue;
  readonly record: RecordSnapshot;
  readonly counters: SequentialCounters;
}

/**
 * A snapshot of the sequential search. The queue may be in the middle of a BFS
 * level: a state's ordinal is its queue position, so saving the head ordinal and
 * the queued words (one block per queue chunk) is enough to go on exactly where
 * the search was.
 */
export function sequentialSnapshot(parts: SequentialParts): SearchSnapshot {
  return {
    counters: {
      ...parts.counters,
      head: parts.queue.headOrdinal,
      tail: parts.queue.tailOrdinal,
      homeSlots: parts.visited.capacity,
      distinct: parts.visited.size,
    },
    record: parts.record,
    sections: [
      { name: 'visited', parts: [parts.visited.slots] },
      { name: 'parents', parts: parts.links.parentBlocks() },
      { name: 'successors', parts: [parts.links.successorColumn()] },
      { name: 'queue', parts: parts.queue.pendingParts() },
    ],
  };
}

/** Rebuilds the sequential search's structures from a snapshot, checking that they fit together. */
export function restoreSequential(saved: SavedSearch, codec: StateCodec<any>): SequentialParts {
  const wordsPerState = codec.words;
  const distinct = saved.counter('distinct');
  const tail = saved.counter('tail');
  const head = saved.counter('head', 0, tail);
  if (tail !== distinct) saved.corrupt(`${tail} states queued in all, but ${distinct} fingerprints`);
  const visited = FingerprintSet.fromSlots(saved.int32Section('visited'), saved.counter('homeSlots'), distinct);
  if (!visited) saved.corrupt('the visited table does not hold what its header says');
  const successors = saved.section('successors', distinct);
  if (successors instanceof Int32Array) saved.corrupt('the successor column has the wrong element type');
  const links = TraceLinks.fromColumns(saved.int32Section('parents', distinct), successors);
  if (!links) saved.corrupt('a trace link points forward');
  const queued = saved.int32Section('queue', (tail - head) * wordsPerState);
  checkQueuedStates(codec, queued, saved);
  const queue = StateQueue.resumeAt(wordsPerState, head, queued);
  const counters: SequentialCounters = {
    initialGenerated: saved.counter('initialGenerated'),
    generated: saved.counter('generated'),
    constrainedOut: saved.counter('constrainedOut'),
    depth: saved.counter('depth'),
    expandingLevel: saved.counter('expandingLevel', 1),
    levelEnd: saved.counter('levelEnd', 0, tail),
    elapsedMs: saved.counter('elapsedMs'),
  };
  for (const finding of saved.record.findings) {
    if (finding.trace && finding.trace.ordinal >= distinct) saved.corrupt('a saved violation points past the stored states');
  }
  return { visited, links, queue, record: saved.record, counters };
}
