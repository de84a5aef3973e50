import { Worker } from 'node:worker_threads';
import { nextMessage } from '../parallel/worker-pool.js';
import { OrdinalTable } from '../temporal/ordinal-table.js';
import { ExitCode, VigilError } from '../errors.js';
import { fpHi, fpLo } from './fingerprint.js';
import { heapFull } from './heap-budget.js';
import type { TlaModel } from './model.js';
import type { TlaExpandReply, TlaWorkerReply } from './parallel-protocol.js';
import { evaluationFailure, pastDeadline, stateFingerprinter, TlaSearch, type InvariantOutcome, type TlaSearchOptions, type TlaSearchResult } from './search.js';
import { restoreSearch } from './search-snapshot.js';
import { StateReader, StateWriter } from './state-codec.js';
import type { Value } from './values.js';
import { startTlcRun } from './stdlib/tlc-run.js';

/**
 * The parallel search over a TLA+ model: worker threads each load the spec and
 * config and expand chunks of the frontier (parallel-worker.ts); this thread
 * keeps the visited set (64-bit fingerprints), the states, the trace links and
 * the graph. Levels are searched one at a time, and each chunk's successors are
 * added in frontier order whatever order the workers finish in, so the states
 * are numbered exactly as the sequential search numbers them: the counts,
 * depth and counterexamples of a complete run are the sequential ones. At a
 * violation the level is finished first, as the DSL's parallel engine does, so
 * the counts then cover the whole level.
 */
export async function searchTlaParallel(model: TlaModel, workers: number, options: TlaSearchOptions = {}): Promise<TlaSearchResult> {
  const fingerprint = stateFingerprinter(model);
  const table = new OrdinalTable();
  const search = new TlaSearch(model, options.recordGraph === true, (state, index) => {
    fingerprint(state);
    return table.findOrInsert(fpHi, fpLo, index);
  });
  startTlcRun({ mode: 'bfs', deadlock: model.checkDeadlock, workers }, model.variables, search);
  if (options.resume) restoreSearch(search, options.resume);
  else {
    const early = search.falseAssumption();
    if (early) return early;
    try {
      search.addInitialStates();
    } catch (error) {
      return evaluationFailure(search, error);
    }
    if (search.violation) return { ...search.violation, queueLeft: 0 };
  }
  const pool = await startWorkers(model, workers, search.edgeSuccessor !== null);
  try {
    return await searchLevels(search, table, pool, options);
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

/**
 * A worker's stack: at least this thread's (node's --stack-size, which the vigil
 * launcher sizes from ulimit -s), so that a recursion the sequential search
 * evaluates evaluates in the workers too. Node gives a worker thread a stack of
 * this size and sets V8's limit inside it; its default is 4 MB.
 */
function workerStackMb(): number {
  const flag = process.execArgv.map((arg) => /^--stack[-_]size=(\d+)$/.exec(arg)).find((match) => match !== null);
  const kilobytes = flag ? Number(flag[1]) : 0;
  return Math.max(4, Math.ceil(kilobytes / 1024) + 1);
}

async function startWorkers(model: TlaModel, count: number, everySuccessor: boolean): Promise<Worker[]> {
  const url = new URL('./parallel-worker.js', import.meta.url);
  const resourceLimits = { stackSizeMb: workerStackMb() };
  const pool = Array.from({ length: count }, () => new Worker(url, { resourceLimits }));
  try {
    await Promise.all(
      pool.map(async (worker) => {
        worker.postMessage({ kind: 'load', spec: model.spec.file, config: model.config.file, everySuccessor });
        const reply = (await nextMessage(worker)) as unknown as TlaWorkerReply;
        if (reply.kind === 'failed') throw new VigilError(reply.message, reply.exitCode);
      }),
    );
  } catch (error) {
    await Promise.all(pool.map((worker) => worker.terminate()));
    throw error;
  }
  return pool;
}

async function searchLevels(search: TlaSearch, table: OrdinalTable, pool: Worker[], options: TlaSearchOptions): Promise<TlaSearchResult> {
  while (search.head < search.states.length) {
    if (options.stop?.requested) {
      options.checkpoint?.save(search);
      return search.cutResult('interrupt');
    }
    if (options.maxDepth !== undefined && search.levels[search.head]! >= options.maxDepth) return search.cutResult('depth');
    await expandLevel(search, table, pool);
    // The level is finished: the counts are the whole level's.
    if (search.violation) return { ...search.violationNow(), distinct: search.states.length, generated: search.generated, depth: search.depth };
    options.onProgress?.(search.states.length, search.generated, search.depth);
    if (options.maxStates !== undefined && search.states.length > options.maxStates) {
      options.checkpoint?.save(search);
      return search.cutResult('states');
    }
    // Between levels only: this thread holds every state, and a level's successors arrive in it.
    const heap = heapFull(options.maxHeapBytes);
    if (heap) {
      options.checkpoint?.save(search);
      return search.cutResult('memory', heap);
    }
    if (search.head < search.states.length && pastDeadline(options)) {
      options.checkpoint?.save(search);
      return search.cutResult('time');
    }
    if (search.head < search.states.length && options.checkpoint?.due(Date.now())) options.checkpoint.save(search);
  }
  return search.completeResult();
}

/**
 * Expands the level states[head..] (all of it), adding the successors chunk by
 * chunk in frontier order.
 */
async function expandLevel(search: TlaSearch, table: OrdinalTable, pool: Worker[]): Promise<void> {
  const start = search.head;
  const end = search.states.length;
  const size = Math.max(1, Math.min(512, Math.ceil((end - start) / (pool.length * 8))));
  const chunks = Math.ceil((end - start) / size);
  const replies: (TlaExpandReply | undefined)[] = new Array(chunks);
  let sent = 0;
  let merged = 0;
  const send = (worker: Worker): void => {
    const chunk = sent++;
    const from = start + chunk * size;
    const to = Math.min(end, from + size);
    const writer = new StateWriter();
    for (let i = from; i < to; i++) writer.writeState(search.states[i]!);
    const bytes = writer.result().slice();
    worker.postMessage({ kind: 'expand', chunk, count: to - from, bytes }, [bytes.buffer]);
  };
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => pool.forEach((worker, i) => (worker.off('message', handlers[i]!), worker.off('error', fail), worker.off('exit', exited)));
    const fail = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const handlers = pool.map((worker) => (reply: TlaWorkerReply) => {
      if (reply.kind === 'failed') {
        fail(new VigilError(reply.message, reply.exitCode));
        return;
      }
      if (reply.kind !== 'expanded') return;
      replies[reply.chunk] = reply;
      if (sent < chunks) send(worker);
      try {
        while (merged < chunks && replies[merged] !== undefined) {
          mergeChunk(search, table, replies[merged]!, start + merged * size);
          replies[merged++] = undefined;
        }
      } catch (error) {
        fail(error);
        return;
      }
      if (merged === chunks) {
        cleanup();
        resolve();
      }
    });
    const exited = (code: number) => fail(new VigilError(`a worker thread stopped (exit code ${code}) before its level was expanded`, ExitCode.system));
    pool.forEach((worker, i) => (worker.on('message', handlers[i]!), worker.on('error', fail), worker.on('exit', exited)));
    for (const worker of pool) if (sent < chunks) send(worker);
  });
  search.head = end;
}

/**
 * Adds one chunk's successors in order, as the sequential search would. The
 * first violation in frontier order is kept: an invariant, a deadlock, or an
 * evaluation error (which, as in the sequential search, shows no trace).
 */
function mergeChunk(search: TlaSearch, table: OrdinalTable, reply: TlaExpandReply, first: number): void {
  const model = search.model;
  const reader = new StateReader(reply.bytes, model.variables.length, model.modelValues);
  let s = 0;
  for (let i = 0; i < reply.kept.length; i++) {
    const head = first + i;
    const level = search.levels[head]! + 1;
    search.generated += reply.generated[i]!;
    for (let k = 0; k < reply.kept[i]!; k++, s++) {
      const known = table.findOrInsert(reply.fingerprints[2 * s]!, reply.fingerprints[2 * s + 1]!, search.states.length);
      if (known < 0 && reply.repeated[s] === 1) throw new Error(`internal error: a successor a worker sent before (chunk ${reply.chunk}) is not in the visited set`);
      const decode = known < 0 || search.edgeSuccessor !== null;
      const succ: Value[] = decode ? reader.readStateDelta(search.states[head]!, reply.ends[s]!) : skip(reader, reply.ends[s]!);
      const bad = reply.violates[s]!;
      const target = known >= 0 ? known : search.addNew(succ, head, level, invariantOutcome(model, reply, bad));
      search.recordEdge(head, target, succ);
    }
    search.clearTargets();
    if (search.violation) continue;
    if (reply.error?.state === i) search.violation = search.result('error', ExitCode.evaluation, reply.error.message, []);
    else if (reply.noSuccessor[i] === 1 && model.checkDeadlock) search.violation = search.result('deadlock', ExitCode.deadlock, 'Deadlock reached.', search.traceTo(head));
  }
}

/** A worker's invariant verdict (TlaExpandReply.violates) as TlaSearch.checkInvariants gives it. */
function invariantOutcome(model: TlaModel, reply: TlaExpandReply, verdict: number): InvariantOutcome {
  if (verdict === -1) return null;
  if (verdict >= 0) return { violated: model.invariants[verdict]!.name };
  const text = reply.invariantErrors[-2 - verdict]!;
  const cut = text.indexOf('\n');
  return { failed: text.slice(0, cut), message: text.slice(cut + 1) };
}

const NOTHING: Value[] = [];

function skip(reader: StateReader, end: number): Value[] {
  reader.skipTo(end);
  return NOTHING;
}
