import { ConfigError } from '../errors.js';
import type { LassoLoop } from '../result.js';
import { encodePath, pathOf, type BehaviourPath, type PathStep } from './path.js';
import type { ModelIdentity } from './permalink.js';
import type { Want } from './goals.js';
import type { SearchLimits, SearchResult } from './search.js';
import type { SessionView, MessageKind } from './view.js';

/**
 * The part of an explorer session that does not depend on the kind of model:
 * the behaviours a reviewer has walked, as branches of path steps, and a cursor
 * (branch, position). Taking a step at the end of a branch extends it; taking
 * one in the middle forks a new branch, so going back and trying something else
 * never loses what was there. A loaded trace is a read-only branch. A DSL model
 * (session.ts) and a TLA+ specification (tla-session.ts) each supply their
 * states, successors, view and searches; the server and the routes only know
 * this class.
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

/** What the server needs to know of the model a session explores. */
export interface ExploredModel {
  readonly name: string;
  readonly variables: readonly string[];
  readonly constants: Readonly<Record<string, unknown>>;
}

/** A search result as successor indices from the start (failing steps negative), as a worker returns it. */
export interface FoundIndices {
  readonly found: true;
  readonly steps: readonly number[];
  readonly explored: number;
}

/** The page acted on a view the session has left: HTTP 409. */
export class StaleViewError extends ConfigError {}

export abstract class BehaviourSession {
  protected readonly branches: Branch[] = [];
  protected branchIndex = 0;
  protected position = 0;
  protected message: string | null = null;
  protected messageKind: MessageKind = 'info';

  abstract readonly model: ExploredModel;
  /** What a permalink names: this model and configuration. */
  abstract identity(): ModelIdentity;
  abstract view(): SessionView;
  /** Initial state `index` as the first step of a behaviour. */
  protected abstract initialStep(index: number): PathStep;
  /** Enabled successor `index` of `state` as a path step (its label in `action`), or undefined. */
  protected abstract successorStep(state: PathStep['state'], index: number): PathStep | undefined;
  /** Rebuilds the states of a path by re-executing it. */
  protected abstract walk(path: BehaviourPath): PathStep[];
  protected abstract sameState(a: PathStep['state'], b: PathStep['state']): boolean;
  /** "a state where Inv is violated": how a search result names its goal. */
  protected abstract describeSearchGoal(property: string, want: Want): string;
  /** Bounded BFS from the current state to the nearest state where `property` holds (or fails); follows it when found. */
  abstract findPath(property: string, want: Want, limits?: SearchLimits): void;
  /** Checks a search request before it runs (unknown property, a goal that cannot be searched). */
  abstract validateSearch(property: string, want: Want): void;
  /** Opens a fair behaviour violating temporal property `property` as a read-only branch. */
  abstract findFairCycle(property: string): void;

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

  /** Starts (or returns to) a behaviour at initial state `index`. */
  start(index: number): void {
    this.message = null;
    const step = this.initialStep(index);
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
    const successor = this.successorStep(this.current.state, index);
    if (!successor) throw new ConfigError(`successor ${index} is not an enabled step of the current state`);
    if (expected.label !== undefined && expected.label !== successor.action) {
      throw new StaleViewError(`successor ${index} is "${successor.action}", not "${expected.label}"; nothing was taken (reload the page)`);
    }
    this.follow([successor]);
  }

  /** Jumps to a behaviour given as a path (`0/1/5`), reusing a branch that already has it. */
  goToPath(path: BehaviourPath): void {
    this.say(null, 'info');
    const steps = this.walk(path);
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

  /** Follows a search result found from path `from` (the session's path when the search started). */
  applySearch(property: string, want: Want, from: string, result: FoundIndices | Extract<SearchResult, { found: false }>): void {
    const goal = this.describeSearchGoal(property, want);
    if (!result.found) return this.say(`No path to ${goal}: ${result.reason}.`, 'warning');
    if (result.steps.length === 0) return this.say(`The current state is already ${goal}.`, 'info');
    const start = this.walk(decodePathText(from));
    const walked = this.walk({ ...pathOf(start), steps: [...pathOf(start).steps, ...result.steps] });
    this.goToPath(pathOf(start));
    this.follow(walked.slice(start.length));
    const count = result.steps.length;
    this.say(`Shortest path to ${goal}: ${count} step${count === 1 ? '' : 's'} (${result.explored} states explored).`, 'success');
  }

  say(message: string | null, kind: MessageKind): void {
    this.message = message;
    this.messageKind = kind;
  }

  /** Moves along `steps` from the cursor: following the branch where it agrees, else extending or forking. */
  protected follow(steps: readonly PathStep[]): void {
    let rest = [...steps];
    while (rest.length > 0 && this.branch.steps[this.position + 1]?.index === rest[0]!.index && this.sameState(this.branch.steps[this.position + 1]!.state, rest[0]!.state)) {
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

  protected addBranch(name: string, steps: PathStep[], readOnly: boolean, lasso?: BranchLasso): Branch {
    const branch = { id: this.branches.length, name, steps, readOnly, ...(lasso ? { lasso } : {}) };
    this.branches.push(branch);
    return branch;
  }

  protected switchTo(branch: Branch, position: number): void {
    this.branchIndex = this.branches.indexOf(branch);
    this.position = position;
  }
}

function decodePathText(text: string): BehaviourPath {
  const [init, ...steps] = text.split('/').map(Number);
  return { init: init!, steps };
}
