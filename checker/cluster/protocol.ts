import type { Finding } from '../search/outcome.js';

/**
 * Subjects and JSON messages between a cluster coordinator and its workers.
 * Runs are announced on ANNOUNCE_SUBJECT; everything of one run is under
 * `vigil.run.<id>.`: joins, control requests to each worker (`w.<worker id>`),
 * and the JetStream batch subjects `vigil.run.<id>.b.<shard>` (the run's batch
 * stream, run-names.ts). The run description, the model files, the shard
 * snapshots and a swarm's coverage are objects in the run's object store
 * (run-store.ts).
 */
export const ANNOUNCE_SUBJECT = 'vigil.runs';
/** Shard numbers are below this: a global state reference is local ordinal × MAX_SHARDS + shard. */
export const MAX_SHARDS = 4096;

export const runSubject = (runId: string, rest: string) => `vigil.run.${runId}.${rest}`;
export const batchSubject = (runId: string, shard: number | '*', level: number | '*') => runSubject(runId, `b.${shard}.${level}`);

export function globalRef(shard: number, local: number): number {
  return local * MAX_SHARDS + shard;
}
export function shardOfRef(ref: number): number {
  return ref % MAX_SHARDS;
}
export function localOfRef(ref: number): number {
  return Math.floor(ref / MAX_SHARDS);
}

/** What a worker needs to run a model: where its source is, its constants and the checks. */
export interface RunDescription {
  readonly runId: string;
  /** vigil-mc version of the coordinator: a worker on another version refuses the run. */
  readonly version: string;
  readonly model: ModelReference;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly invariantNames: readonly string[];
  readonly checkDeadlock: boolean;
  readonly continueAfterViolation: boolean;
  readonly fingerprintBits: 64 | 96;
  /** `--expected-states`: each shard's visited set and links are made for its share at once (no growth, no old and new tables at once). */
  readonly expectedStates?: number;
  /** Fingerprint each state's orbit representative (the model's symmetry sets); absent: false. */
  readonly symmetry?: boolean;
  readonly shards: number;
  /** The packed words whose hash chooses a state's owner (partition.ts); absent or empty: its fingerprint does. */
  readonly partitionKey?: readonly number[];
  /** Words per packed state, as the coordinator's model packs them (workers check theirs). */
  readonly wordsPerState: number;
  /** The queue budget of each shard (`--queue-memory` applies to each); absent: in memory. */
  readonly queue?: { readonly memoryBytes: number; readonly chunkStates?: number };
  /** A swarm simulation instead of a search: walks per seed and states per walk. */
  readonly simulation?: { readonly traces: number; readonly depth: number };
}

/** A model shipped in the file stream (`entry` and its local imports), or one of the registered models. */
export type ModelReference = { readonly kind: 'registered'; readonly name: string } | { readonly kind: 'files'; readonly entry: string; readonly files: readonly string[] };

export interface Announcement {
  readonly runId: string;
  readonly version: string;
}

export interface JoinRequest {
  readonly workerId: string;
  readonly version: string;
  /** Set when the worker refuses the run (one line). */
  readonly refused?: string;
}

export interface JoinReply {
  readonly accepted: boolean;
  readonly index?: number;
}

export type ControlRequest =
  | { readonly kind: 'assign'; readonly shards: readonly number[] }
  | { readonly kind: 'expand'; readonly level: number; readonly shards: readonly number[] }
  | {
      readonly kind: 'barrier';
      readonly level: number;
      readonly shards: readonly number[];
      readonly expected: Readonly<Record<number, readonly number[]>>;
      /** Save each shard's snapshot once the level has ended. */
      readonly snapshot: boolean;
    }
  | {
      /** Take over `shard` from its snapshot at `snapshotLevel` and catch up to `current` with the batches in the stream. */
      readonly kind: 'adopt';
      readonly shard: number;
      readonly snapshotLevel: number;
      /** The shard's snapshot segments up to `snapshotLevel`, oldest first, with their sizes (checked when read back). */
      readonly segments: readonly SnapshotSegment[];
      readonly current: number;
      /** The batches each sender sent to this shard in each level from `snapshotLevel` to `current` − 1. */
      readonly history: Readonly<Record<number, readonly number[]>>;
    }
  | { readonly kind: 'links'; readonly refs: readonly number[] }
  | { readonly kind: 'simulate'; readonly seeds: readonly number[] }
  | { readonly kind: 'end' };

/** What one seed's walks found (a swarm simulation). */
export interface SeedOutcome {
  readonly seed: number;
  readonly verdict: string;
  readonly property: string | null;
  readonly message: string | null;
  readonly traceLength: number | null;
}

export interface ShardExpansion {
  readonly shard: number;
  /** Batches sent to each shard in this level. */
  readonly sent: readonly number[];
  readonly generated: number;
  readonly constrainedOut: number;
  readonly expanded: number;
  readonly findings: readonly Finding[];
  readonly bytes: number;
  readonly successors: number;
  readonly crossShard: number;
  /** Successors put into batches: the others were sent to their owner before in this level. */
  readonly records: number;
  /** Symmetry: successors whose normal form had too many tied orders to try (see SymmetryReduction). */
  readonly untriedTies?: number;
  /** Milliseconds this shard's expansion took on its worker. */
  readonly ms: number;
}

/** One snapshot segment of a shard: the level it was saved at (its object's name) and its size. */
export interface SnapshotSegment {
  readonly level: number;
  readonly bytes: number;
}

export interface ShardLevelEnd {
  readonly shard: number;
  readonly newStates: number;
  readonly findings: readonly Finding[];
  /** Bytes of the snapshot segment saved after the level (0: none). */
  readonly snapshotBytes: number;
  /** The shard's queue spill so far (null: it does not spill). */
  readonly spilled: { readonly chunksWritten: number; readonly peakBytesOnDisk: number } | null;
}

export type ControlReply =
  | { readonly kind: 'assigned' }
  | { readonly kind: 'expanded'; readonly shards: readonly ShardExpansion[]; readonly satisfiedPossibles: readonly string[] }
  | { readonly kind: 'level-end'; readonly shards: readonly ShardLevelEnd[]; readonly satisfiedPossibles: readonly string[] }
  | { readonly kind: 'adopted' }
  | { readonly kind: 'links'; readonly links: readonly { readonly parent: number; readonly successorIndex: number }[] }
  | {
      readonly kind: 'simulated';
      readonly seeds: readonly SeedOutcome[];
      readonly walks: number;
      readonly steps: number;
      /** Bytes of the worker's coverage object: the states it saw, as (hi, lo) pairs. */
      readonly coverageBytes: number;
    }
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly message: string };
