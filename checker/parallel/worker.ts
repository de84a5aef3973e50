import { parentPort, workerData } from 'node:worker_threads';
import { prepare } from '../check.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from '../expander.js';
import type { Finding } from '../outcome.js';
import { loadSpecSource } from './load-source.js';
import type { BlockOutput, LevelRequest, LevelResult, WorkerMessage, WorkerSetup } from './protocol.js';
import { SharedFingerprintTable } from './shared-visited-set.js';

/**
 * A parallel BFS worker. For each level it takes blocks of frontier states from a
 * shared counter, expands them with the same StateExpander as the sequential
 * engine, inserts fingerprints into the shared table, and returns the new states
 * of each block for the coordinator to number.
 */
const setup = workerData as WorkerSetup;
const spec = await loadSpecSource(setup.source);
const { runtime } = prepare(spec, setup.constants);
const invariants = setup.invariantNames.map((name) => runtime.def.invariants.find((inv) => inv.name === name)!);

/** New states of the current block, in arrays that grow by doubling. */
class GrowableOutput {
  private words: Int32Array;
  private parents = new Int32Array(1024);
  private successorIndexes = new Int32Array(1024);
  private count = 0;

  constructor(private readonly wordsPerState: number) {
    this.words = new Int32Array(1024 * wordsPerState);
  }

  push(words: Int32Array, base: number, parent: number, successorIndex: number): void {
    if (this.count === this.parents.length) this.grow();
    const at = this.count * this.wordsPerState;
    for (let i = 0; i < this.wordsPerState; i++) this.words[at + i] = words[base + i]!;
    this.parents[this.count] = parent;
    this.successorIndexes[this.count] = successorIndex;
    this.count++;
  }

  take(block: number): BlockOutput {
    const output = {
      block,
      count: this.count,
      words: this.words.slice(0, this.count * this.wordsPerState),
      parents: this.parents.slice(0, this.count),
      successorIndexes: this.successorIndexes.slice(0, this.count),
    };
    this.count = 0;
    return output;
  }

  private grow(): void {
    const grown = (array: Int32Array, size: number) => {
      const next = new Int32Array(size);
      next.set(array);
      return next;
    };
    this.words = grown(this.words, this.words.length * 2);
    this.parents = grown(this.parents, this.parents.length * 2);
    this.successorIndexes = grown(this.successorIndexes, this.successorIndexes.length * 2);
  }
}

class LevelSink implements ExpansionSink {
  table!: SharedFingerprintTable;
  findings: Finding[] = [];
  blocks: BlockOutput[] = [];
  private output = new GrowableOutput(runtime.codec.words);

  insert(hi: number, lo: number): boolean {
    return this.table.insert(hi, lo);
  }
  touch(hi: number): number {
    return this.table.touch(hi);
  }
  store(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number): void {
    this.output.push(words, base, parentOrdinal, successorIndex);
  }
  report(finding: Finding): void {
    this.findings.push(finding);
  }
  finishBlock(block: number): void {
    this.blocks.push(this.output.take(block));
  }
}

const sink = new LevelSink();
const expander = new StateExpander(
  runtime,
  {
    checkDeadlock: setup.checkDeadlock,
    continueAfterViolation: setup.continueAfterViolation,
    invariants,
    actionProperties: runtime.def.actionProperties,
    possibles: runtime.def.possibles,
  },
  sink,
);

function expandLevel(request: LevelRequest): LevelResult {
  sink.table = new SharedFingerprintTable(request.table);
  sink.findings = [];
  sink.blocks = [];
  const frontier = new Int32Array(request.frontier);
  const nextBlock = new Int32Array(request.nextBlock);
  const words = runtime.codec.words;
  const generatedBefore = expander.generated;
  const constrainedBefore = expander.constrainedOut;
  let failed = false;
  for (;;) {
    const block = Atomics.add(nextBlock, 0, 1);
    const first = block * request.blockSize;
    if (first >= request.count) break;
    const last = Math.min(first + request.blockSize, request.count);
    try {
      for (let i = first; i < last; i++) expander.expand(frontier, i * words, request.firstOrdinal + i);
    } catch (error) {
      if (!(error instanceof StepEvaluationError)) throw error;
      sink.findings.push(expander.describeStepError(error));
      failed = true;
    }
    sink.finishBlock(block);
    if (failed) break;
  }
  return {
    kind: 'level-done',
    blocks: sink.blocks,
    generated: expander.generated - generatedBefore,
    constrainedOut: expander.constrainedOut - constrainedBefore,
    findings: sink.findings,
    satisfiedPossibles: [...expander.satisfiedPossibles],
  };
}

parentPort!.on('message', (request: LevelRequest) => {
  let reply: WorkerMessage;
  try {
    reply = expandLevel(request);
  } catch (error) {
    reply = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply, reply.kind === 'level-done' ? reply.blocks.flatMap((b) => [b.words.buffer as ArrayBuffer, b.parents.buffer as ArrayBuffer, b.successorIndexes.buffer as ArrayBuffer]) : []);
});
parentPort!.postMessage({ kind: 'ready' } satisfies WorkerMessage);
