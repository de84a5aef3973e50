import { ConfigError } from '../errors.js';
import type { LassoLoop } from '../result.js';
import { findLasso } from '../temporal/find-lasso.js';
import { replayTrace } from '../trace/replay.js';
import type { RuntimeModel } from '../runtime-model.js';
import { sameValue } from '../state/state-diff.js';
import { encodePath, initialStep, numberFailure, pathOf, stepOf, walkPath, type BehaviourPath, type PathStep } from './path.js';
import { describeGoal, findProperty, goalFor, type Want } from './goals.js';
import type { SearchLimits, SearchResult } from './search.js';
import { fastShortestPath } from './fast-goal-search.js';
import { expand } from './successors.js';
import { sessionView, type MessageKind, type SessionView } from './view.js';

/**
 * An explorer session: the behaviours a reviewer has walked, as branches of path
 * steps, and a cursor (branch, position). Taking a step at the end of a branch
 * extends it; taking one in the middle forks a new branch, so going back and
 * trying something else never loses what was there. A loaded trace is a
 * read-only branch. No HTTP here: the server only maps routes to these methods.
 */
export interface Branch {
  readonly id: number;
  readonly name: string;
  readonly steps: PathStep[];
  /** A loaded trace: stepping off it forks instead of extending it. */
  readonly readOnly: boolean;
  /** A lasso (a liveness counterexample): where its loop returns, and the temporal property it violates when known. */
  readonly lasso?: BranchLasso;
}

export interface BranchLasso {
  readonly loop: LassoLoop;
  readonly property: string | null;
}

export interface SessionOptions {
  /** A replayed trace to start on (at its last state). */
  readonly trace?: { readonly name: string; readonly steps: readonly PathStep[]; readonly lasso?: BranchLasso };
}

export class ExplorerSession {
  private readonly branches: Branch[] = [];
  private branchIndex = 0;
  private position = 0;
  private message: string | null = null;
  private messageKind: MessageKind = 'info';

  constructor(
    readonly model: RuntimeModel<any>,
    options: SessionOptions = {},
  ) {
    if (options.trace && options.trace.steps.length > 0) {
      this.addBranch(options.trace.name, numberFailure(model, options.trace.steps), true, options.trace.lasso);
      this.position = options.trace.steps.length - 1;
    } else {
      this.start(0);
    }
  }

  get current(): PathStep {
    return this.branch.steps[this.position]!;
  }

  get branch(): Branch {
    return this.branches[this.branchIndex]!;
  }

  get cursor(): { branch: number; position: number } {
    return { branch: this.branch.id, position: this.position };
  }

  /** The path from the initial state to the cursor, in the `0/1/5` encoding. */
  get path(): string {
    return encodePath(pathOf(this.branch.steps.slice(0, this.position + 1)));
  }

  view(): SessionView {
    return sessionView(this.model, this.branches, this.branch, this.position, this.message, this.messageKind);
  }

  /** Starts (or returns to) a behaviour at initial state `index`. */
  start(index: number): void {
    this.message = null;
    const step = initialStep(this.model, index);
    this.switchTo(this.branches.find((b) => b.steps.length === 1 && b.steps[0]!.index === index && !b.readOnly) ?? this.addBranch(`initial state ${index}`, [step], false), 0);
  }

  goTo(position: number): void {
    this.message = null;
    if (!Number.isInteger(position) || position < 0 || position >= this.branch.steps.length) {
      throw new ConfigError(`position ${position}: the branch has states 0..${this.branch.steps.length - 1}`);
    }
    this.position = position;
  }

  back(): void {
    this.goTo(Math.max(0, this.position - 1));
  }

  selectBranch(id: number): void {
    this.message = null;
    const index = this.branches.findIndex((b) => b.id === id);
    if (index < 0) throw new ConfigError(`branch ${id} does not exist`);
    this.branchIndex = index;
    this.position = this.branch.steps.length - 1;
  }

  /**
   * Takes enabled successor `index` of the current state. A page passes the path
   * it shows and the label it clicked: if the session has moved on since (another
   * tab, a stale page), the step is refused rather than another one taken.
   */
  take(index: number, expected: { path?: string; label?: string } = {}): void {
    this.message = null;
    if (expected.path !== undefined && expected.path !== this.path) {
      throw new StaleViewError(`this page is out of date: it shows path ${expected.path}, the session is at ${this.path}; nothing was taken (reload the page)`);
    }
    if (this.current.index < 0) throw new ConfigError('this state is the partial state of a failed step; go back to take a step');
    const successor = expand(this.model, this.current.state).successors[index];
    if (!successor) throw new ConfigError(`successor ${index} is not an enabled step of the current state`);
    if (expected.label !== undefined && expected.label !== successor.label) {
      throw new StaleViewError(`successor ${index} is "${successor.label}", not "${expected.label}"; nothing was taken (reload the page)`);
    }
    this.follow([stepOf(successor)]);
  }

  /** Jumps to a behaviour given as a path (`0/1/5`), reusing a branch that already has it. */
  goToPath(path: BehaviourPath): void {
    this.say(null, 'info');
    const steps = walkPath(this.model, path);
    const encoded = encodePath(path);
    for (const [index, branch] of this.branches.entries()) {
      if (branch.steps.length >= steps.length && encodePath(pathOf(branch.steps.slice(0, steps.length))) === encoded) {
        this.branchIndex = index;
        this.position = steps.length - 1;
        return;
      }
    }
    this.switchTo(this.addBranch(`path ${encoded}`, steps, false), steps.length - 1);
  }

  /**
   * Bounded BFS from the current state to the nearest state (or step) where
   * `property` holds (or fails), in this thread; follows it when found. The
   * server runs the same search in a worker (search-jobs.ts) and hands the
   * result to `applySearch`.
   */
  findPath(property: string, want: Want, limits: SearchLimits = {}): void {
    const result = fastShortestPath(this.model, [this.current], goalFor(this.model, property, want), limits);
    this.applySearch(property, want, this.path, result.found ? { found: true, steps: result.steps.slice(1).map((s) => s.index), explored: result.explored } : result);
  }

  /** Checks a search request before it runs (unknown property, a goal that cannot be searched). */
  validateSearch(property: string, want: Want): void {
    goalFor(this.model, property, want);
  }

  /** Follows a search result found from path `from` (the session's path when the search started). */
  applySearch(property: string, want: Want, from: string, result: FoundIndices | Extract<SearchResult, { found: false }>): void {
    const goal = describeGoal(findProperty(this.model, property), want);
    if (!result.found) return this.say(`No path to ${goal}: ${result.reason}.`, 'warning');
    if (result.steps.length === 0) return this.say(`The current state is already ${goal}.`, 'info');
    const start = walkPath(this.model, decodePathText(from));
    const walked = walkPath(this.model, { ...pathOf(start), steps: [...pathOf(start).steps, ...result.steps] });
    this.goToPath(pathOf(start));
    this.follow(walked.slice(start.length));
    const count = result.steps.length;
    this.say(`Shortest path to ${goal}: ${count} step${count === 1 ? '' : 's'} (${result.explored} states explored).`, 'success');
  }

  /**
   * Searches the whole state graph for a fair behaviour violating temporal
   * property `property` (find-lasso.ts) and opens it as a read-only branch.
   */
  findFairCycle(property: string): void {
    const { found, states } = findLasso(this.model, property);
    if (!found) return this.say(`No fair behaviour violates ${property}: it holds (${states} states searched).`, 'info');
    const replay = replayTrace(this.model, { file: 'lasso', meta: {}, states: found.trace.map((s) => s.state as Record<string, unknown>), labels: found.trace.map((s) => s.action), loop: undefined });
    if (!replay.legal) throw new Error(`internal error: a found lasso does not replay: ${replay.problem}`);
    const loop = found.loop ?? { start: found.trace.length - 1, stuttering: true, action: null };
    const branch = this.addBranch(`lasso ${this.branches.length}: ${property} violated`, [...replay.steps], true, { loop, property });
    this.switchTo(branch, replay.steps.length - 1);
    const shape = loop.stuttering ? `then stays in state ${found.trace.length} for ever` : `then loops back to state ${loop.start + 1}`;
    this.say(`A fair behaviour violating ${property} (${found.formula}): ${found.trace.length} states, ${shape} (${states} states searched).`, 'success');
  }

  say(message: string | null, kind: MessageKind): void {
    this.message = message;
    this.messageKind = kind;
  }

  /** Moves along `steps` from the cursor: following the branch where it agrees, else extending or forking. */
  private follow(steps: readonly PathStep[]): void {
    let rest = [...steps];
    while (rest.length > 0 && this.branch.steps[this.position + 1]?.index === rest[0]!.index && sameValue(this.branch.steps[this.position + 1]!.state, rest[0]!.state)) {
      this.position++;
      rest = rest.slice(1);
    }
    if (rest.length === 0) return;
    const atEnd = this.position === this.branch.steps.length - 1;
    if (atEnd && !this.branch.readOnly) {
      this.branch.steps.push(...rest);
      this.position = this.branch.steps.length - 1;
      return;
    }
    const prefix = this.branch.steps.slice(0, this.position + 1);
    // Named with TLC's 1-based state numbers, as in reports and the page.
    const name = `fork ${this.branches.length} (from ${this.branch.name} at state ${this.position + 1})`;
    this.switchTo(this.addBranch(name, [...prefix, ...rest], false), prefix.length + rest.length - 1);
  }

  private addBranch(name: string, steps: PathStep[], readOnly: boolean, lasso?: BranchLasso): Branch {
    const branch = { id: this.branches.length, name, steps, readOnly, ...(lasso ? { lasso } : {}) };
    this.branches.push(branch);
    return branch;
  }

  private switchTo(branch: Branch, position: number): void {
    this.branchIndex = this.branches.indexOf(branch);
    this.position = position;
  }
}

/** A search result as successor indices from the start (failing steps negative), as a worker returns it. */
export interface FoundIndices {
  readonly found: true;
  readonly steps: readonly number[];
  readonly explored: number;
}

/** The page acted on a view the session has left: HTTP 409. */
export class StaleViewError extends ConfigError {}

function decodePathText(text: string): BehaviourPath {
  const [init, ...steps] = text.split('/').map(Number);
  return { init: init!, steps };
}
