/**
 * Keeps the shared fingerprint table from ever filling while workers insert.
 *
 * Before a state's batch of inserts, a worker reserves one slot per successor
 * (the worst case: all of them new) against a shared count. Reservations are
 * taken from the shared count in chunks and kept in a per-worker pool, so the
 * shared count is touched about once per thousand new states; the slots a batch
 * did not claim (duplicates) go back to the pool. The shared count therefore
 * bounds the table's occupancy, and it may not pass a limit set below the
 * capacity. When a reservation would pass it, the worker throws TableFull before
 * the state's first insert: the state is expanded again once the coordinator has
 * grown the table.
 *
 * Layout of the shared Int32Array: [reserved, limit].
 */
const RESERVED = 0;
const LIMIT = 1;
const CHUNK = 1024;

/** A state's successors did not fit under the table's fill limit; nothing of it was inserted. */
export class TableFull extends Error {
  constructor(readonly needed: number) {
    super('the shared fingerprint table needs to grow');
  }
}

export class SlotReservations {
  private readonly shared: Int32Array;
  /** Slots taken from the shared count and not yet used by this worker. */
  private pool = 0;
  /** Slots reserved for the current state's batch, and how many of them it claimed. */
  private batchReserved = 0;
  private batchClaimed = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.shared = new Int32Array(buffer);
  }

  static createBuffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(8);
  }

  /** Single-threaded: before a round, the table holds `occupied` entries and may hold up to `limit`. */
  static reset(buffer: SharedArrayBuffer, occupied: number, limit: number): void {
    const shared = new Int32Array(buffer);
    shared[RESERVED] = occupied;
    shared[LIMIT] = limit;
  }

  /** Reserves `count` slots for the next batch of inserts, or throws TableFull. */
  reserve(count: number): void {
    this.pool += this.batchReserved - this.batchClaimed;
    this.batchReserved = 0;
    this.batchClaimed = 0;
    if (this.pool < count && !this.take(Math.max(count - this.pool, CHUNK)) && !this.take(count - this.pool)) {
      throw new TableFull(count);
    }
    this.pool -= count;
    this.batchReserved = count;
  }

  private take(chunk: number): boolean {
    if (Atomics.add(this.shared, RESERVED, chunk) + chunk > this.shared[LIMIT]!) {
      Atomics.sub(this.shared, RESERVED, chunk);
      return false;
    }
    this.pool += chunk;
    return true;
  }

  /** One reserved slot was claimed by a new fingerprint. */
  claimed(): void {
    this.batchClaimed++;
  }
}
