import type { PropertyOptions } from '../search/expander.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { BlockOutput, LevelRequest, LevelResult, WorkItem } from './protocol.js';
import { lanesFor, SharedFingerprintTable, type Lanes } from './shared-visited-set.js';
import { SlotReservations, TableFull } from './slot-reservations.js';
import type { EdgeLog } from '../temporal/edge-log.js';

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
  private reservations!: SlotReservations;
  private interrupted: WorkItem[] = [];
  private needed = 0;
  private expanded = 0;
  private readonly output: LevelOutput;
  private readonly expander: StateExpander<any>;
  private readonly lanes: Lanes;

  constructor(
    private readonly model: RuntimeModel<any>,
    options: PropertyOptions,
    /** Logs the liveness graph's edges, when the run records them. */
    private readonly edgeLog?: EdgeLog<any>,
  ) {
    this.lanes = lanesFor(options.fingerprintBits);
    this.output = new LevelOutput(model.codec.words);
    this.expander = new StateExpander(model, options, this, edgeLog);
  }

  /**
   * Expands the level's work items as the shared `nextItem` counter hands them out,
   * until none is left or, past `until` (a Date.now() time), after the current item:
   * the result is then `paused` and a later call goes on taking items.
   */
  expandLevel(request: LevelRequest, nextItem: Int32Array, until = Infinity): LevelResult {
    this.table = new SharedFingerprintTable(request.table, this.lanes);
    this.reservations = new SlotReservations(request.reservations);
    this.findings = [];
    this.output.startLevel(request.firstOrdinal);
    this.edgeLog?.startLevel(request.firstOrdinal);
    this.blocks = [];
    this.interrupted = [];
    this.needed = 0;
    this.expanded = 0;
    const frontier = new Int32Array(request.frontier);
    const work = new Int32Array(request.work);
    const generatedBefore = this.expander.generated;
    const constrainedBefore = this.expander.constrainedOut;
    let paused = false;
    for (;;) {
      // Stop requested (a signal, or the time budget): take no further item; the coordinator counts what is left.
      if (request.stop && Atomics.load(request.stop, 0) !== 0) break;
      if (request.timeUp && Atomics.load(request.timeUp, 0) !== 0) break;
      if (until !== Infinity && Date.now() > until) {
        paused = true;
        break;
      }
      const item = Atomics.add(nextItem, 0, 1);
      if (item >= request.workCount) break;
      const [block, part, first, last] = [work[item * 4]!, work[item * 4 + 1]!, work[item * 4 + 2]!, work[item * 4 + 3]!];
      const stoppedAt = this.expandRange(frontier, first, last, request.firstOrdinal);
      this.expanded += stoppedAt - first;
      this.blocks.push(this.output.take(block, part));
      if (stoppedAt === last) continue;
      this.interrupted.push({ block, part: part + 1, first: stoppedAt, last });
      break;
    }
    return {
      kind: 'level-done',
      blocks: this.blocks,
      generated: this.expander.generated - generatedBefore,
      constrainedOut: this.expander.constrainedOut - constrainedBefore,
      findings: this.findings,
      satisfiedPossibles: [...this.expander.satisfiedPossibles],
      interrupted: this.interrupted,
      needed: this.needed,
      expanded: this.expanded,
      paused,
      ...(this.edgeLog ? { edges: this.edgeLog.take() } : {}),
    };
  }

  /**
   * Expands states [first, last): returns `last` when done, or the state that did
   * not fit in the table. That state is rolled back (its counts and findings; none
   * of its successors was inserted) so that it can be expanded again after the
   * table grows. A step that cannot be evaluated is reported and the range goes
   * on: the level is always finished, so the counts at a violation do not depend
   * on how the level was split between workers.
   */
  private expandRange(frontier: Int32Array, first: number, last: number, firstOrdinal: number): number {
    const words = this.model.codec.words;
    for (let i = first; i < last; i++) {
      const generated = this.expander.generated;
      const constrainedOut = this.expander.constrainedOut;
      const findings = this.findings.length;
      try {
        this.expander.expand(frontier, i * words, firstOrdinal + i);
      } catch (error) {
        this.edgeLog?.rollback();
        if (error instanceof TableFull) {
          this.expander.generated = generated;
          this.expander.constrainedOut = constrainedOut;
          this.findings.length = findings;
          this.needed = Math.max(this.needed, error.needed);
          return i;
        }
        if (!(error instanceof StepEvaluationError)) throw error;
        this.findings.push(this.expander.describeStepError(error));
      }
    }
    return last;
  }

  // ExpansionSink
  reserve(count: number): void {
    this.reservations.reserve(count);
  }
  insert(hi: number, lo: number, extra: number): boolean {
    if (!this.table.insert(hi, lo, extra)) return false;
    this.reservations.claimed();
    return true;
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

/**
 * New states of the current level, in shared arrays that grow by doubling and are
 * reused from level to level. A block's output is a view of them: posting it to
 * the coordinator shares the memory rather than copying it, and no per-block
 * buffer is left for the garbage collector (those buffers, kept alive across a
 * level, once held more memory than the visited table).
 */
class LevelOutput {
  private words: Int32Array;
  private parents: Int32Array;
  private successorIndexes: Int32Array;
  private count = 0;
  private blockStart = 0;
  private level = -1;

  constructor(private readonly wordsPerState: number) {
    this.words = sharedInt32(1024 * wordsPerState);
    this.parents = sharedInt32(1024);
    this.successorIndexes = sharedInt32(1024);
  }

  /** Starts over at a new level (`level`: its first ordinal); the rounds of one level append. */
  startLevel(level: number): void {
    if (level === this.level) return;
    this.level = level;
    this.count = 0;
    this.blockStart = 0;
  }

  push(words: Int32Array, base: number, parent: number, successorIndex: number): void {
    if (this.count === this.parents.length) this.grow();
    const at = this.count * this.wordsPerState;
    for (let i = 0; i < this.wordsPerState; i++) this.words[at + i] = words[base + i]!;
    this.parents[this.count] = parent;
    this.successorIndexes[this.count] = successorIndex;
    this.count++;
  }

  /** The states pushed since the last take, as block `block`, part `part`. */
  take(block: number, part: number): BlockOutput {
    const first = this.blockStart;
    this.blockStart = this.count;
    return {
      block,
      part,
      count: this.count - first,
      words: this.words.subarray(first * this.wordsPerState, this.count * this.wordsPerState),
      parents: this.parents.subarray(first, this.count),
      successorIndexes: this.successorIndexes.subarray(first, this.count),
    };
  }

  /** Blocks taken before keep viewing the old arrays, which no one writes again. */
  private grow(): void {
    const grown = (array: Int32Array) => {
      const next = sharedInt32(array.length * 2);
      next.set(array);
      return next;
    };
    this.words = grown(this.words);
    this.parents = grown(this.parents);
    this.successorIndexes = grown(this.successorIndexes);
  }
}

function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}
