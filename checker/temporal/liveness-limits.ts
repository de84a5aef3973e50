import type { ProgressInfo } from '../search/outcome.js';
import type { StopRequest } from '../search/stop-request.js';

/**
 * What bounds the liveness pass, as the same flags bound the search: the stop
 * request (SIGINT, SIGTERM), the wall-clock budget of the whole check, and the
 * memory budget, which the liveness graph must fit (the search's own structures
 * are released before the pass starts).
 */
export interface LivenessLimits {
  readonly stop?: StopRequest;
  /** Date.now() past which the pass stops (Infinity: none). */
  readonly deadline: number;
  readonly maxMemoryBytes: number;
  readonly onProgress?: (info: ProgressInfo) => void;
  readonly progressIntervalMs: number;
}

export const NO_LIMITS: LivenessLimits = { deadline: Infinity, maxMemoryBytes: Infinity, progressIntervalMs: Infinity };

export type LivenessCut = 'interrupt' | 'time' | 'memory';

/** Thrown inside the pass when a limit ends it; check-temporal.ts turns it into verdict `incomplete`. */
export class LivenessStopped extends Error {
  constructor(
    readonly cut: LivenessCut,
    readonly graphStates: number,
  ) {
    super(`liveness pass stopped (${cut})`);
  }
}

/** Throws LivenessStopped when a limit is reached (called every 1,024 states, not per state). */
export function enforceLivenessLimits(limits: LivenessLimits, bytes: number, graphStates: number): void {
  if (limits.stop?.requested) throw new LivenessStopped('interrupt', graphStates);
  if (Date.now() > limits.deadline) throw new LivenessStopped('time', graphStates);
  if (bytes > limits.maxMemoryBytes) throw new LivenessStopped('memory', graphStates);
}

/** The sentence of the `incomplete` verdict. */
export function livenessStoppedMessage(stopped: LivenessStopped, limits: LivenessLimits, unchecked = 'temporal properties were not checked'): string {
  const why =
    stopped.cut === 'interrupt'
      ? `the run was interrupted${limits.stop?.reason ? ` by ${limits.stop.reason}` : ''}`
      : stopped.cut === 'time'
        ? 'the time budget ran out'
        : `the liveness graph would have exceeded the memory budget of ${limits.maxMemoryBytes} bytes`;
  return `Not exhaustive: ${unchecked}: ${why} after ${stopped.graphStates} states of the liveness graph.`;
}
