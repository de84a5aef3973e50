import type { GrowRequest } from './protocol.js';
import { SharedFingerprintTable } from './shared-visited-set.js';

/** Tables of this many slots or more grow on every thread; smaller ones on the coordinator alone. */
export const PARALLEL_GROWTH_SLOTS = 1 << 18;

/**
 * Growing the shared table on several threads. A growth is a full pass over the
 * table, and done by one thread it left the others idle: it was the largest serial
 * part of a parallel run.
 *
 * Part p of n copies the old table's slots [p/n, (p+1)/n) into the new table's
 * slots [p/n, (p+1)/n) with plain stores: homes are monotone in the fingerprint,
 * so almost every entry of an old region lands in the same region of the new
 * table, and no two parts write the same slot. The few that do not (a home in
 * another region, or a probe that reaches the region's end) are returned, and
 * the coordinator inserts them once every part is done.
 */
export function copyPart(request: GrowRequest): Int32Array {
  const from = new Int32Array(request.from);
  const to = new SharedFingerprintTable(request.to, request.lanes);
  const oldSlots = from.length / request.lanes;
  const [first, last] = region(oldSlots, request.part, request.parts);
  const [firstNew, lastNew] = region(to.capacity, request.part, request.parts);
  return to.copyRegion(from, first, last, firstNew, lastNew);
}

/** Slots [first, last) of part `part` of `parts`. */
function region(slots: number, part: number, parts: number): [number, number] {
  return [Math.floor((slots * part) / parts), Math.floor((slots * (part + 1)) / parts)];
}

/** Requests for the parts of a growth of `from` to `capacity` slots, and the new table. */
export function growRequests(from: SharedFingerprintTable, capacity: number, parts: number): { requests: GrowRequest[]; table: SharedFingerprintTable } {
  const table = SharedFingerprintTable.create(capacity, from.lanes);
  const requests = Array.from({ length: parts }, (_, part) => ({ kind: 'grow' as const, from: from.buffer, to: table.buffer, part, parts, lanes: from.lanes }));
  return { requests, table };
}
