import type { Finding, SearchOutcome } from './outcome.js';

export type CutReason = SearchOutcome['cutBy'][number];

/** The part of a SearchRecord a checkpoint keeps (plain JSON). */
export interface RecordSnapshot {
  readonly findings: readonly Finding[];
  readonly reported: readonly string[];
  readonly satisfiedPossibles: readonly string[];
}

/** The counts an engine hands over when its search ends. */
export interface FinalCounts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly constrainedOut: number;
  readonly tableBytes: number;
  readonly linkBytesPerState: number;
  /** The smallest gap between stored fingerprints (asked only when it matters). */
  readonly smallestGap: () => number | null;
}

/**
 * What every engine records the same way: the first finding of each property,
 * whether and why the search stopped, and which "possible" properties some state
 * satisfied. `outcome` turns it and the final counts into a SearchOutcome.
 */
export class SearchRecord {
  readonly findings: Finding[] = [];
  readonly satisfiedPossibles = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly cutBy = new Set<CutReason>();
  stopped = false;

  constructor(
    private readonly continueAfterViolation: boolean,
    private readonly collisionGapThreshold: number,
  ) {}

  /** Keeps the first finding per verdict and property; stops unless told to go on. */
  report(finding: Finding): void {
    const key = `${finding.verdict}:${finding.property ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
    if (!this.continueAfterViolation || finding.verdict === 'error') this.stop('violation');
  }

  /** For a checkpoint: taken only while the search runs, so there is no stop reason to keep. */
  snapshot(): RecordSnapshot {
    return { findings: [...this.findings], reported: [...this.reported], satisfiedPossibles: [...this.satisfiedPossibles] };
  }

  restore(saved: RecordSnapshot): void {
    this.findings.push(...saved.findings);
    for (const key of saved.reported) this.reported.add(key);
    for (const name of saved.satisfiedPossibles) this.satisfiedPossibles.add(name);
  }

  stop(reason: CutReason): void {
    this.cutBy.add(reason);
    this.stopped = true;
  }

  outcome(counts: FinalCounts, possibles: readonly string[]): SearchOutcome {
    const optimistic = (counts.distinct * Math.max(0, counts.generated - counts.distinct)) / 2 ** 64;
    const gap = optimistic >= this.collisionGapThreshold ? counts.smallestGap() : null;
    const cutBy = new Set(this.cutBy);
    if (counts.constrainedOut > 0) cutBy.add('constraint');
    // "Possible" properties can only be refuted by a search that saw every state.
    const exhaustive = [...cutBy].every((reason) => reason === 'constraint');
    return {
      distinctStates: counts.distinct,
      generatedStates: counts.generated,
      depth: counts.depth,
      queueLeft: counts.queueLeft,
      findings: this.findings,
      cutBy: [...cutBy],
      constrainedOut: counts.constrainedOut,
      bytesPerState: counts.distinct === 0 ? 0 : counts.tableBytes / counts.distinct + counts.linkBytesPerState,
      peakTableBytes: counts.tableBytes,
      smallestFingerprintGap: gap,
      unsatisfiedPossibles: exhaustive ? possibles.filter((name) => !this.satisfiedPossibles.has(name)) : [],
    };
  }
}
