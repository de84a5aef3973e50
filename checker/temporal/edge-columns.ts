import { NarrowColumn, uint16s } from './growable.js';

/**
 * A per-edge column read by index: a typed array (small graphs built whole: the
 * TLA+ front end's, a lasso's positions) or one of the compact columns below
 * (the recorded state graph). Readers call `at(e)`, never `[e]`.
 */
export interface EdgeColumn {
  at(index: number): number | undefined;
  readonly length: number;
}

/**
 * Edge targets in three bytes each instead of four, still read by index (the
 * SCC searches walk edges out of order): the low 16 bits in one column, the rest
 * in a column of one byte that widens to two past 2^24 states (the vfio default,
 * 3.5 M states, and full.yaml row 1, 16.4 M, stay at three bytes an edge).
 * Deltas from the source would need the source at every read, and on the vfio
 * default 81% of them need three bytes anyway (a BFS edge spans about a level).
 */
export class TargetColumn implements EdgeColumn {
  constructor(
    private readonly low: Uint16Array,
    private readonly high: Uint8Array | Uint16Array,
  ) {}

  get length(): number {
    return this.low.length;
  }

  at(e: number): number {
    return this.low[e]! | (this.high[e]! << 16);
  }

  /** Bytes per edge. */
  get width(): number {
    return 2 + this.high.BYTES_PER_ELEMENT;
  }
}

/**
 * One small id per edge for its (successor position, fairness-group set) pair,
 * with the pairs in two tables: a graph has few distinct pairs (the vfio default
 * 102, its smoke configuration 26), so both fit in one byte an edge (two past 255
 * pairs). `positions` and `groups` read them as two columns.
 */
export class EdgeLabels {
  readonly positions: EdgeColumn;
  readonly groups: EdgeColumn;

  constructor(
    private readonly labels: Uint8Array | Uint16Array,
    positionOf: Uint16Array,
    groupsOf: Uint16Array,
  ) {
    this.positions = new LabelledColumn(labels, positionOf);
    this.groups = new LabelledColumn(labels, groupsOf);
  }

  /** Bytes per edge (the tables are a few hundred bytes in all). */
  get width(): number {
    return this.labels.BYTES_PER_ELEMENT;
  }
}

/** One field of the labelled pairs, as a column. */
class LabelledColumn implements EdgeColumn {
  constructor(
    private readonly labels: Uint8Array | Uint16Array,
    private readonly table: Uint16Array,
  ) {}

  get length(): number {
    return this.labels.length;
  }

  at(e: number): number {
    return this.table[this.labels[e]!]!;
  }
}

/** Appends edges to a TargetColumn and EdgeLabels (the recorder's side). */
export class EdgeColumnsBuilder {
  private readonly low = uint16s();
  private readonly high = new NarrowColumn();
  private readonly labels = new NarrowColumn();
  private readonly positionOf = uint16s();
  private readonly groupsOf = uint16s();
  /** (position << 16 | groups) -> label. */
  private readonly labelOf = new Map<number, number>();

  get length(): number {
    return this.low.length;
  }

  get bytes(): number {
    return this.low.bytes + this.high.bytes + this.labels.bytes + this.positionOf.bytes + this.groupsOf.bytes;
  }

  /** `position` and `groups` below 65,536 (the recorder checks positions; group-set ids are bounded so). */
  push(target: number, position: number, groups: number): void {
    this.low.push(target & 0xffff);
    this.high.push(target >>> 16);
    const key = position * 65536 + groups;
    let label = this.labelOf.get(key);
    if (label === undefined) {
      label = this.positionOf.length;
      if (label > 0xffff) throw new Error('more than 65,536 distinct (position, fairness groups) pairs of edges: the liveness graph labels edges in 16 bits');
      this.labelOf.set(key, label);
      this.positionOf.push(position);
      this.groupsOf.push(groups);
    }
    this.labels.push(label);
  }

  done(): { targets: TargetColumn; labels: EdgeLabels } {
    return { targets: new TargetColumn(this.low.done(), this.high.done()), labels: new EdgeLabels(this.labels.done(), this.positionOf.done(), this.groupsOf.done()) };
  }
}
