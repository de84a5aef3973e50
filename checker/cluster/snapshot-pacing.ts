/**
 * When a cluster run saves its shard snapshots. A snapshot copies each shard's
 * whole visited set, links and frontier, so its cost grows with the run: taken
 * every second on a run of hundreds of millions of states, snapshots would be
 * most of the run. They are therefore taken at the first level boundary after
 * `intervalMs` since the last one ended, and never more often than keeps their
 * share of the run's time under `maxShare`: after a snapshot barrier that took
 * S ms, the next waits at least S * (1 - maxShare) / maxShare ms.
 */
export class SnapshotPacing {
  private lastEndedAt = 0;
  private lastCostMs = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly maxShare = 0.1,
  ) {}

  /** Whether the barrier starting at `now` should save snapshots. */
  due(now: number): boolean {
    return now - this.lastEndedAt >= this.waitMs();
  }

  /** The least time between the end of one snapshot and the next. */
  waitMs(): number {
    return Math.max(this.intervalMs, (this.lastCostMs * (1 - this.maxShare)) / this.maxShare);
  }

  /** A snapshot barrier ran from `startedAt` to `endedAt`. */
  taken(startedAt: number, endedAt: number): void {
    this.lastEndedAt = endedAt;
    this.lastCostMs = Math.max(0, endedAt - startedAt);
  }
}
