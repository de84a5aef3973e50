import type { Finding } from '../search/outcome.js';

/**
 * Messages between the parallel coordinator and its workers. Everything here is
 * structured-cloneable data: packed words, ordinals, counts and finding records.
 */

/** Where a worker finds the spec: a module's default export, or an entry of its `registry`. */
export interface SpecSource {
  readonly moduleUrl: string;
  readonly registryName?: string;
}

export interface WorkerSetup {
  readonly source: SpecSource;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly invariantNames: readonly string[];
  readonly checkDeadlock: boolean;
  readonly continueAfterViolation: boolean;
  /** Reduce by the model's declared symmetries. */
  readonly symmetry?: boolean;
}

/** Expand the states of one BFS level; blocks are taken from a shared counter. */
export interface LevelRequest {
  readonly kind: 'level';
  readonly frontier: SharedArrayBuffer;
  readonly count: number;
  readonly firstOrdinal: number;
  readonly table: SharedArrayBuffer;
  readonly nextBlock: SharedArrayBuffer;
  readonly blockSize: number;
}

/** The new states one block produced, in the order the worker stored them. */
export interface BlockOutput {
  readonly block: number;
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
  /** Symmetry, heuristic form: states of this level whose tied orders were too many to try (workers only). */
  readonly untriedTies?: number;
}

export type WorkerMessage = { kind: 'ready' } | LevelResult | { kind: 'failed'; message: string };
