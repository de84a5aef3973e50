import { parentPort } from 'node:worker_threads';
import { prepare } from '../prepare.js';
import { loadSpecSource } from './load-source.js';
import { LevelExpander } from './level-expander.js';
import type { GrowRequest, LevelRequest, WorkerLoad, WorkerMessage, WorkerRequest, WorkerSetup } from './protocol.js';
import type { RuntimeModel } from '../runtime-model.js';
import { copyPart } from './table-growth.js';
import type { SymmetryReduction } from '../symmetry/canonicalizer.js';
import { edgeLogFor } from '../temporal/edge-log.js';

/**
 * A parallel BFS worker: for each level it takes blocks of frontier states from a
 * shared counter, expands them with the same StateExpander as the sequential
 * engine into the shared fingerprint table, and returns the new states of each
 * block for the coordinator to number. Between levels it helps grow the table.
 *
 * Its first message names the model (`load`): it loads it and says `ready` (or
 * `failed`). The next says what to check (`setup`), before any level. It loads
 * only what it needs (prepare.js, not check.js; symmetry only for a run that
 * reduces by it): its start-up is time the coordinator expands alone.
 */
let runtime: RuntimeModel<any> | undefined;

interface Configured {
  readonly levels: LevelExpander;
  readonly symmetry: SymmetryReduction | null;
}
let configured: Promise<Configured> | undefined;

let loaded: Promise<void> | undefined;

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.kind === 'load') loaded = loadModel(request);
  else if (request.kind === 'setup') {
    configured = configure(request);
    // Raised by the next level request; a worker that never gets one must not die of it.
    configured.catch(() => {});
  }
  else if (request.kind === 'grow') parentPort!.postMessage(grow(request));
  else void expand(request);
});

async function loadModel(load: WorkerLoad): Promise<void> {
  try {
    runtime = prepare(await loadSpecSource(load.source), load.constants).runtime;
    parentPort!.postMessage({ kind: 'ready' } satisfies WorkerMessage);
  } catch (error) {
    parentPort!.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}

async function configure(setup: WorkerSetup): Promise<Configured> {
  await loaded;
  const model = runtime;
  if (model === undefined) throw new Error('the model did not load');
  const symmetry = setup.symmetry ? (await import('../symmetry/canonicalizer.js')).symmetryReductionFor(model.def, model.codec.words, true) : null;
  const levels = new LevelExpander(model, {
    checkDeadlock: setup.checkDeadlock,
    continueAfterViolation: setup.continueAfterViolation,
    invariants: setup.invariantNames.map((name) => model.def.invariants.find((inv) => inv.name === name)!),
    actionProperties: model.def.actionProperties,
    possibles: model.def.possibles,
    symmetry,
    fingerprintBits: setup.fingerprintBits,
  }, setup.recordEdges ? edgeLogFor(model) : undefined);
  return { levels, symmetry };
}

async function expand(request: LevelRequest): Promise<void> {
  let reply: WorkerMessage;
  try {
    if (configured === undefined) throw new Error('internal: a level request before the setup');
    const { levels, symmetry } = await configured;
    const untriedBefore = symmetry?.untriedTies ?? 0;
    const result = levels.expandLevel(request, new Int32Array(request.nextItem));
    reply = symmetry ? { ...result, untriedTies: symmetry.untriedTies - untriedBefore } : result;
  } catch (error) {
    reply = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  // The block outputs view shared arrays: posting them shares the memory.
  parentPort!.postMessage(reply);
}

function grow(request: GrowRequest): WorkerMessage {
  try {
    return { kind: 'grown', left: copyPart(request) };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
