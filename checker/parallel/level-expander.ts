import type { PropertyOptions } from '../search/expander.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { BlockOutput, LevelRequest, LevelResult } from './protocol.js';
import { SharedFingerprintTable } from './shared-visited-set.js';

/**
 * Expands blocks of one BFS level into the shared fingerprint table and collects
 * the new states of each block. Workers run it on blocks taken from a shared
 * counter; the coordinator runs it itself on levels too small to be worth a round
 * trip to the workers.
 */
export class LevelExpander implements ExpansionSink {
  private table!: SharedFingerprintTable;
  private findings: Finding[] = [];
  private blocks: BlockOutput[] = [];
  private readonly output: GrowableOutput;
  private readonly expander: StateExpander<any>;

  constructor(
    private readonly model: RuntimeModel<any>,
    options: PropertyOptions,
  ) {
    this.output = new GrowableOutput(model.codec.words);
    this.expander = new StateExpander(model, options, this);
  }

  /** Expands the level's blocks as `nextBlock` hands them out (all of them when it is null). */
  expandLevel(request: LevelRequest, nextBlock: Int32Array | null): LevelResult {
    this.table = new SharedFingerprintTable(request.table);
    this.findings = [];
    this.blocks = [];
    const frontier = new Int32Array(request.frontier);
    const generatedBefore = this.expander.generated;
    const constrainedBefore = this.expander.constrainedOut;
    for (let taken = 0; ; taken++) {
      if (request.stop && Atomics.load(request.stop, 0) !== 0) break;
      const block = nextBlock ? Atomics.add(nextBlock, 0, 1) : taken;
      const first = block * request.blockSize;
      if (first >= request.count) break;
      const failed = this.expandBlock(frontier, first, Math.min(first + request.blockSize, request.count), request.firstOrdinal);
      this.blocks.push(this.output.take(block));
      if (failed) break;
    }
    return {
      kind: 'level-done',
      blocks: this.blocks,
      generated: this.expander.generated - generatedBefore,
      constrainedOut: this.expander.constrainedOut - constrainedBefore,
      findings: this.findings,
      satisfiedPossibles: [...this.expander.satisfiedPossibles],
    };
  }

  /** True when a step could not be evaluated (the search then stops). */
  private expandBlock(frontier: Int32Array, first: number, last: number, firstOrdinal: number): boolean {
    const words = this.model.codec.words;
    try {
      for (let i = first; i < last; i++) this.expander.expand(frontier, i * words, firstOrdinal + i);
      return false;
    } catch (error) {
      if (!(error instanceof StepEvaluationError)) throw error;
      this.findings.push(this.expander.describeStepError(error));
      return true;
    }
  }

  // ExpansionSink
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
}

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
