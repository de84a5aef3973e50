import { parentPort, workerData } from 'node:worker_threads';
import { prepare } from '../check.js';
import { loadSpecSource } from './load-source.js';
import { LevelExpander } from './level-expander.js';
import type { GrowRequest, WorkerMessage, WorkerRequest, WorkerSetup } from './protocol.js';
import { copyPart } from './table-growth.js';
import { symmetryReductionFor } from '../symmetry/canonicalizer.js';

/**
 * A parallel BFS worker: for each level it takes blocks of frontier states from a
 * shared counter, expands them with the same StateExpander as the sequential
 * engine into the shared fingerprint table, and returns the new states of each
 * block for the coordinator to number. Between levels it helps grow the table.
 */
const setup = workerData as WorkerSetup;
const spec = await loadSpecSource(setup.source);
const { runtime } = prepare(spec, setup.constants);
const symmetry = symmetryReductionFor(runtime.def, runtime.codec.words, setup.symmetry ?? false);
const levels = new LevelExpander(runtime, {
  checkDeadlock: setup.checkDeadlock,
  continueAfterViolation: setup.continueAfterViolation,
  invariants: setup.invariantNames.map((name) => runtime.def.invariants.find((inv) => inv.name === name)!),
  actionProperties: runtime.def.actionProperties,
  possibles: runtime.def.possibles,
  symmetry,
  fingerprintBits: setup.fingerprintBits,
});

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.kind === 'grow') {
    parentPort!.postMessage(grow(request));
    return;
  }
  let reply: WorkerMessage;
  try {
    const untriedBefore = symmetry?.untriedTies ?? 0;
    const result = levels.expandLevel(request, new Int32Array(request.nextItem));
    reply = symmetry ? { ...result, untriedTies: symmetry.untriedTies - untriedBefore } : result;
  } catch (error) {
    reply = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  // The block outputs view shared arrays: posting them shares the memory.
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ kind: 'ready' } satisfies WorkerMessage);

function grow(request: GrowRequest): WorkerMessage {
  try {
    return { kind: 'grown', left: copyPart(request) };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
