import type { Finding } from '../search/outcome.js';
import type { LevelEdges } from '../temporal/edge-log.js';

/**
 * Messages between the parallel coordinator and its workers. Everything here is
 * structured-cloneable data: packed words, ordinals, counts and finding records.
 */

/** The most worker threads a parallel run may use (the CLI checks --workers against it without loading the engine). */
export const MAX_WORKERS = 64;

/** Where a worker finds the spec: a module's default export, or an entry of its `registry`. */
export interface SpecSource {
  readonly moduleUrl: string;
  readonly registryName?: string;
}

/**
 * The model a worker loads: the first message it gets (`load`), when the run starts,
 * before the coordinator has loaded the model too.
 */
export interface WorkerLoad {
  readonly source: SpecSource;
  /** The constant overrides the run was given (each thread resolves them). */
  readonly constants: Readonly<Record<string, unknown>>;
}

/** The first message to a worker: what to check (resolved once the coordinator has the model). */
export interface WorkerSetup {
  readonly kind: 'setup';
  readonly invariantNames: readonly string[];
  readonly checkDeadlock: boolean;
  readonly continueAfterViolation: boolean;
  /** Reduce by the model's declared symmetries. */
  readonly symmetry?: boolean;
  /** 96: the shared table holds 96-bit fingerprints (default 64). */
  readonly fingerprintBits?: 64 | 96;
  /** Log the liveness graph's edges of the states expanded (see temporal/edge-log.ts). */
  readonly recordEdges?: boolean;
}

/**
 * Expand work items of one BFS level, taken from a shared counter. An item is a
 * range of frontier states: block `block`, part `part` (a block whose expansion
 * stopped for the table to grow goes on in a later part), states [first, last).
 */
export interface LevelRequest {
  readonly kind: 'level';
  readonly frontier: SharedArrayBuffer;
  readonly count: number;
  readonly firstOrdinal: number;
  readonly table: SharedArrayBuffer;
  /** Int32 quadruples (block, part, first, last). */
  readonly work: SharedArrayBuffer;
  readonly workCount: number;
  /** Int32 counter: the next work item to take. */
  readonly nextItem: SharedArrayBuffer;
  /** See SlotReservations. */
  readonly reservations: SharedArrayBuffer;
  /** A StopRequest's flag: when set, workers take no further work item. */
  readonly stop?: Int32Array;
  /** Set by the coordinator when the time budget (--max-time) runs out mid-level: workers stop as for `stop`. */
  readonly timeUp?: Int32Array;
}

export interface WorkItem {
  readonly block: number;
  readonly part: number;
  readonly first: number;
  readonly last: number;
}

/** The new states one work item produced, in the order the worker stored them. */
export interface BlockOutput {
  readonly block: number;
  readonly part: number;
  readonly count: number;
  readonly words: Int32Array;
  readonly parents: Int32Array;
  readonly successorIndexes: Int32Array;
}

export interface LevelResult {
  readonly kind: 'level-done';
  readonly blocks: BlockOutput[];
  readonly generated: number;
  readonly constrainedOut: number;
  readonly findings: Finding[];
  readonly satisfiedPossibles: string[];
  /** Items whose expansion stopped because the table must grow: the rest of each, to do after growing. */
  readonly interrupted: WorkItem[];
  /** The largest reservation that did not fit. */
  readonly needed: number;
  /** Frontier states fully expanded in this round (the rest of an interrupted level stays queued). */
  readonly expanded: number;
  /** The coordinator's own share stopped to let its event loop run; items may be left. */
  readonly paused?: boolean;
  /** Symmetry, heuristic form: states of this level whose tied orders were too many to try (workers only). */
  readonly untriedTies?: number;
  /** The liveness graph's records of the states expanded, when the run records edges. */
  readonly edges?: LevelEdges;
}

/** Copy part `part` of `parts` of table `from` into table `to` (see copyPart). */
export interface GrowRequest {
  readonly kind: 'grow';
  readonly from: SharedArrayBuffer;
  readonly to: SharedArrayBuffer;
  readonly part: number;
  readonly parts: number;
  /** Int32 lanes a slot (3: 96-bit fingerprints). */
  readonly lanes: 2 | 3;
}

export type WorkerRequest = ({ readonly kind: 'load' } & WorkerLoad) | WorkerSetup | LevelRequest | GrowRequest;

/** `grown`: the slots the part left for the coordinator to insert. */
export type WorkerMessage = { kind: 'ready' } | LevelResult | { kind: 'grown'; left: Int32Array } | { kind: 'failed'; message: string };
