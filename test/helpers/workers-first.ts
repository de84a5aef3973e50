import type { ParallelTuning } from '../../checker/index.js';

/**
 * For parallel-engine tests: every level the workers could take waits for them to
 * load the model. By default the coordinator goes on alone until they join, so a
 * small model may finish before any worker has done anything, and the test would
 * not exercise them.
 */
export const workersFirst: ParallelTuning = { waitForWorkers: true };
