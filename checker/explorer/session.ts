import { replayTrace } from '../trace/replay.js';
import type { RuntimeModel } from '../runtime-model.js';
import { findLasso } from '../temporal/find-lasso.js';
import { sameValue } from '../state/state-diff.js';
import { BehaviourSession, type BranchLasso } from './behaviour-session.js';
import { initialStep, numberFailure, stepOf, walkPath, type BehaviourPath, type PathStep } from './path.js';
import { describeGoal, findProperty, goalFor, type Want } from './goals.js';
import { modelIdentity, type ModelIdentity } from './permalink.js';
import type { SearchLimits } from './search.js';
import { fastShortestPath } from './fast-goal-search.js';
import { expand } from './successors.js';
import { sessionView, type SessionView } from './view.js';

export { StaleViewError, type Branch, type BranchLasso, type FoundIndices } from './behaviour-session.js';

/**
 * An explorer session on a DSL model: the branches and the cursor are
 * behaviour-session.ts's; this class supplies the model's states, successors,
 * view and searches. No HTTP here: the server only maps routes to these methods.
 */
export interface SessionOptions {
  /** A replayed trace to start on (at its last state). */
  readonly trace?: { readonly name: string; readonly steps: readonly PathStep[]; readonly lasso?: BranchLasso };
}

export class ExplorerSession extends BehaviourSession {
  constructor(
    readonly model: RuntimeModel<any>,
    options: SessionOptions = {},
  ) {
    super();
    if (options.trace && options.trace.steps.length > 0) {
      this.addBranch(options.trace.name, numberFailure(model, options.trace.steps), true, options.trace.lasso);
      this.position = options.trace.steps.length - 1;
    } else {
      this.start(0);
    }
  }

  identity(): ModelIdentity {
    return modelIdentity(this.model);
  }

  view(): SessionView {
    return sessionView(this.model, this.branches, this.branch, this.position, this.message, this.messageKind);
  }

  protected initialStep(index: number): PathStep {
    return initialStep(this.model, index);
  }

  protected successorStep(state: PathStep['state'], index: number): PathStep | undefined {
    const successor = expand(this.model, state).successors[index];
    return successor ? stepOf(successor) : undefined;
  }

  protected walk(path: BehaviourPath): PathStep[] {
    return walkPath(this.model, path);
  }

  protected sameState(a: PathStep['state'], b: PathStep['state']): boolean {
    return sameValue(a, b);
  }

  protected describeSearchGoal(property: string, want: Want): string {
    return describeGoal(findProperty(this.model, property), want);
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

  validateSearch(property: string, want: Want): void {
    goalFor(this.model, property, want);
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
}
