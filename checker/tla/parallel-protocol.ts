/**
 * Messages between the parallel TLA+ search (parallel-search.ts) and its worker
 * threads (parallel-worker.ts). States travel encoded by state-codec.ts.
 */

/** main → worker, first: load this spec and config (the worker parses them itself). */
export interface TlaWorkerLoad {
  readonly kind: 'load';
  readonly spec: string;
  readonly config: string;
}

/** main → worker: expand these states (`count` of them, end to end in `bytes`). */
export interface TlaExpandRequest {
  readonly kind: 'expand';
  readonly chunk: number;
  readonly count: number;
  readonly bytes: Uint8Array;
}

/**
 * worker → main: the chunk's successors, state by state in the order the
 * enumerator produced them (only those inside the constraints), with their
 * fingerprints (two int32 lanes each) and the invariant each violates.
 */
export interface TlaExpandReply {
  readonly kind: 'expanded';
  readonly chunk: number;
  /** Per state: how many successors it has in `fingerprints`/`ends`. */
  readonly kept: Int32Array;
  /** Per state: successors generated (TLC's count, outside the constraints too, and intermediate ones). */
  readonly generated: Int32Array;
  /** Per state: 1 when the enumerator gave no successor at all (a deadlock when checked). */
  readonly noSuccessor: Uint8Array;
  readonly fingerprints: Int32Array;
  /** Per successor: the index of the first invariant it violates, -1 for none, -2 - k when evaluating one failed with invariantErrors[k]. */
  readonly violates: Int32Array;
  /** The successors, each written against its parent (StateWriter.writeStateDelta). */
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  /** The first evaluation error of the chunk: the state's position in the chunk and TLC's message. */
  readonly error: { readonly state: number; readonly message: string } | null;
  readonly invariantErrors: readonly string[];
}

export type TlaWorkerRequest = TlaWorkerLoad | TlaExpandRequest;
export type TlaWorkerReply = { readonly kind: 'ready' } | { readonly kind: 'failed'; readonly message: string } | TlaExpandReply;
