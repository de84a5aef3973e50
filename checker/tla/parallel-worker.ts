import { parentPort } from 'node:worker_threads';
import { TlaEvalError } from './errors.js';
import { fpHi, fpLo } from './fingerprint.js';
import { loadTlaModel, type TlaModel } from './model.js';
import type { TlaExpandReply, TlaExpandRequest, TlaWorkerReply, TlaWorkerRequest } from './parallel-protocol.js';
import { stateFingerprinter, TlaSearch } from './search.js';
import { StateReader, StateWriter } from './state-codec.js';
import type { Value } from './values.js';

/**
 * A worker of the parallel TLA+ search: it loads the spec and config itself,
 * then expands the chunks of frontier states it is sent with the same
 * enumerator, constraints and invariants as the sequential search, and returns
 * every kept successor encoded with its fingerprint. It keeps no visited set:
 * the main thread decides which successors are new.
 */
let ready: Promise<{ model: TlaModel; search: TlaSearch; fingerprint: (state: never[]) => void }> | undefined;

parentPort!.on('message', (request: TlaWorkerRequest) => {
  if (request.kind === 'load') {
    ready = load(request.spec, request.config);
    ready.then(
      () => reply({ kind: 'ready' }),
      (error: unknown) => reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  } else void ready!.then((loaded) => {
    const answer = expand(loaded.model, loaded.search, loaded.fingerprint, request);
    parentPort!.postMessage(answer, [answer.kept.buffer, answer.generated.buffer, answer.noSuccessor.buffer, answer.fingerprints.buffer, answer.violates.buffer, answer.bytes.buffer, answer.ends.buffer] as ArrayBuffer[]);
  });
});

function reply(message: TlaWorkerReply): void {
  parentPort!.postMessage(message);
}

async function load(spec: string, config: string) {
  const model = await loadTlaModel(spec, config);
  return { model, search: new TlaSearch(model, false, () => -1), fingerprint: stateFingerprinter(model) as (state: never[]) => void };
}

function expand(model: TlaModel, search: TlaSearch, fingerprint: (state: never[]) => void, request: TlaExpandRequest): TlaExpandReply {
  const reader = new StateReader(request.bytes, model.variables.length, model.modelValues);
  const writer = new StateWriter();
  const kept = new Int32Array(request.count);
  const generated = new Int32Array(request.count);
  const noSuccessor = new Uint8Array(request.count);
  const fingerprints: number[] = [];
  const violates: number[] = [];
  const ends: number[] = [];
  let error: TlaExpandReply['error'] = null;
  const invariantErrors: string[] = [];
  for (let i = 0; i < request.count; i++) {
    const current = reader.readState();
    let successors = 0;
    const mark = { fingerprints: fingerprints.length, violates: violates.length, ends: ends.length, bytes: writer.byteLength };
    try {
      model.enumerator.successors(model.next, model.scope, current, (succ) => {
        successors++;
        if (!search.allowed(current, succ)) return;
        fingerprint(succ as never[]);
        fingerprints.push(fpHi, fpLo);
        violates.push(invariantVerdict(model, search, succ, invariantErrors));
        ends.push(writer.writeStateDelta(succ, current));
        kept[i]!++;
      });
      generated[i] = successors + model.enumerator.takeIntermediate();
      noSuccessor[i] = successors === 0 ? 1 : 0;
    } catch (caught) {
      if (!(caught instanceof TlaEvalError)) throw caught;
      // The state counts up to its error, as in the sequential search; its successors are dropped.
      error ??= { state: i, message: caught.message };
      fingerprints.length = mark.fingerprints;
      violates.length = mark.violates;
      ends.length = mark.ends;
      kept[i] = 0;
      generated[i] = successors;
      model.enumerator.takeIntermediate();
      writer.truncate(mark.bytes);
    }
  }
  return {
    kind: 'expanded',
    chunk: request.chunk,
    kept,
    generated,
    noSuccessor,
    fingerprints: Int32Array.from(fingerprints),
    violates: Int32Array.from(violates),
    bytes: writer.result().slice(),
    ends: Uint32Array.from(ends),
    error,
    invariantErrors,
  };
}

/**
 * The first invariant the successor violates (its index), -1 when none, or
 * -2 - k when evaluating one failed with invariantErrors[k]: an error only
 * when the successor turns out to be new, as in the sequential search, which
 * checks new states only.
 */
function invariantVerdict(model: TlaModel, search: TlaSearch, succ: Value[], invariantErrors: string[]): number {
  try {
    const bad = search.violatedInvariant(succ);
    return bad === null ? -1 : model.invariants.findIndex((inv) => inv.name === bad);
  } catch (caught) {
    if (!(caught instanceof TlaEvalError)) throw caught;
    return -2 - (invariantErrors.push(caught.message) - 1);
  }
}
