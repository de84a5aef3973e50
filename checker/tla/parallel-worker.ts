import { parentPort } from 'node:worker_threads';
import { asEvalError } from './errors.js';
import { OrdinalTable } from '../temporal/ordinal-table.js';
import { fpHi, fpLo } from './fingerprint.js';
import { loadTlaModel, type TlaModel } from './model.js';
import type { TlaExpandReply, TlaExpandRequest, TlaWorkerFailure, TlaWorkerReply, TlaWorkerRequest } from './parallel-protocol.js';
import { ExitCode, VigilError } from '../errors.js';
import { stateFingerprinter, TlaSearch } from './search.js';
import { StateReader, StateWriter } from './state-codec.js';
import type { Value } from './values.js';
import { tlcRun } from './stdlib/tlc-run.js';

/**
 * A worker of the parallel TLA+ search: it loads the spec and config itself,
 * then expands the chunks of frontier states it is sent with the same
 * enumerator, constraints and invariants as the sequential search, and returns
 * every kept successor encoded with its fingerprint. It keeps no visited set:
 * the main thread decides which successors are new.
 */
interface Loaded {
  readonly model: TlaModel;
  readonly search: TlaSearch;
  readonly fingerprint: (state: Value[]) => void;
  /** The fingerprints of the successors this worker sent whole (null: send every one whole). */
  readonly sent: OrdinalTable | null;
}
let ready: Promise<Loaded> | undefined;

parentPort!.on('message', (request: TlaWorkerRequest) => {
  if (request.kind === 'load') {
    ready = load(request.spec, request.config, request.everySuccessor);
    ready.then(
      () => parentPort!.postMessage({ kind: 'ready' } satisfies TlaWorkerReply),
      (error: unknown) => parentPort!.postMessage(failure(error)),
    );
  } else {
    void ready!.then((loaded) => {
      let answer: TlaExpandReply;
      try {
        answer = expand(loaded, request);
      } catch (error) {
        parentPort!.postMessage(failure(error));
        return;
      }
      const transfer = [answer.kept, answer.generated, answer.noSuccessor, answer.fingerprints, answer.repeated, answer.violates, answer.bytes, answer.ends].map((a) => a.buffer as ArrayBuffer);
      parentPort!.postMessage(answer, transfer);
    });
  }
});

/** An error as a message: a VigilError keeps its exit code (an Error's class does not cross threads). */
function failure(error: unknown): TlaWorkerFailure {
  if (error instanceof VigilError) return { kind: 'failed', message: error.message, exitCode: error.exitCode };
  return { kind: 'failed', message: `internal error in a worker thread: ${error instanceof Error ? error.message : String(error)}`, exitCode: ExitCode.other };
}

async function load(spec: string, config: string, everySuccessor: boolean): Promise<Loaded> {
  const model = await loadTlaModel(spec, config);
  // The requests carry states without their levels or their traces.
  tlcRun.level = undefined;
  tlcRun.variables = null;
  return { model, search: new TlaSearch(model, false, () => -1), fingerprint: stateFingerprinter(model), sent: everySuccessor ? null : new OrdinalTable() };
}

function expand({ model, search, fingerprint, sent }: Loaded, request: TlaExpandRequest): TlaExpandReply {
  const reader = new StateReader(request.bytes, model.variables.length, model.modelValues);
  const writer = new StateWriter();
  const kept = new Int32Array(request.count);
  const generated = new Int32Array(request.count);
  const noSuccessor = new Uint8Array(request.count);
  const fingerprints: number[] = [];
  const violates: number[] = [];
  const repeated: number[] = [];
  const ends: number[] = [];
  let error: TlaExpandReply['error'] = null;
  const invariantErrors: string[] = [];
  for (let i = 0; i < request.count; i++) {
    const current = reader.readState();
    let successors = 0;
    const serial = ++expandedStates;
    const mark = { fingerprints: fingerprints.length, violates: violates.length, repeated: repeated.length, ends: ends.length, bytes: writer.byteLength };
    try {
      model.enumerator.successors(model.next, model.scope, current, (succ) => {
        successors++;
        if (!search.allowed(current, succ)) return;
        fingerprint(succ);
        fingerprints.push(fpHi, fpLo);
        kept[i]!++;
        if (sent !== null && wasSent(sent, serial)) {
          repeated.push(1);
          violates.push(-1);
          ends.push(writer.byteLength);
          return;
        }
        repeated.push(0);
        violates.push(invariantVerdict(model, search, succ, current, invariantErrors));
        ends.push(writer.writeStateDelta(succ, current));
      });
      generated[i] = successors + model.enumerator.takeIntermediate();
      noSuccessor[i] = successors === 0 ? 1 : 0;
    } catch (caught) {
      const failure = asEvalError(caught);
      if (failure === null) throw caught;
      failedStates.add(serial);
      // The state counts up to its error, as in the sequential search; its successors are dropped.
      error ??= { state: i, message: failure.message };
      fingerprints.length = mark.fingerprints;
      violates.length = mark.violates;
      repeated.length = mark.repeated;
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
    repeated: Uint8Array.from(repeated),
    violates: Int32Array.from(violates),
    bytes: writer.result().slice(),
    ends: Uint32Array.from(ends),
    error,
    invariantErrors,
  };
}

/** States this worker expanded, numbered from 1; those whose expansion failed (their successors were not sent). */
let expandedStates = 0;
const failedStates = new Set<number>();

/** Whether the successor just fingerprinted was sent whole before; records it as sent by state `serial` otherwise. */
function wasSent(sent: OrdinalTable, serial: number): boolean {
  const by = sent.findOrInsert(fpHi, fpLo, serial);
  return by >= 0 && !failedStates.has(by);
}

/**
 * The first invariant the successor violates (its index), -1 when none, or
 * -2 - k when evaluating one failed with invariantErrors[k]: an error only
 * when the successor turns out to be new, as in the sequential search, which
 * checks new states only.
 */
function invariantVerdict(model: TlaModel, search: TlaSearch, succ: Value[], parent: Value[], invariantErrors: string[]): number {
  // The parent satisfied every invariant (a state is queued only then): the conjuncts the step left alone are skipped.
  const outcome = search.checkInvariants(succ, parent);
  if (outcome === null) return -1;
  if ('violated' in outcome) return model.invariants.findIndex((inv) => inv.name === outcome.violated);
  return -2 - (invariantErrors.push(`${outcome.failed}\n${outcome.message}`) - 1);
}
