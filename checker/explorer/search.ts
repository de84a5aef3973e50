import { canonicalKey } from '../../spec/canonical.js';
import type { RuntimeModel } from '../runtime-model.js';
import { stepOf, type PathStep } from './path.js';
import { expand, isDeadlock, withinConstraints, type StepFailure } from './successors.js';

/**
 * A bounded breadth-first search from given states to the nearest state (or step)
 * that meets a goal, so the path found is a shortest one. It is the simple,
 * plain-object exploration (canonical-string visited set), for the explorer's
 * "shortest path to..." and for compare's witnesses; the fast engine stays
 * untouched. Goals are checked the way the engine checks properties: state goals
 * on every new state (and on successors outside the constraints), step goals on
 * every step, deadlock when a state is expanded.
 */
export interface SearchGoal<S> {
  readonly state?: (state: S) => boolean;
  readonly step?: (current: S, next: S) => boolean;
  readonly failure?: (failure: StepFailure) => boolean;
  readonly deadlock?: boolean;
}

export interface SearchLimits {
  /** @defaultValue 200 000 distinct states */
  readonly maxStates?: number;
  /** Steps from the start; @defaultValue Infinity */
  readonly maxDepth?: number;
  /** Called now and then with the number of distinct states seen so far. */
  readonly onProgress?: (explored: number) => void;
}

const PROGRESS_EVERY = 4096;

export type SearchResult =
  | { readonly found: true; readonly steps: readonly PathStep[]; readonly explored: number }
  /** `exhausted`: every reachable state (within the depth bound) was explored. */
  | { readonly found: false; readonly exhausted: boolean; readonly explored: number; readonly reason: string };

interface Node {
  readonly step: PathStep;
  readonly parent: Node | null;
}

export const DEFAULT_SEARCH_STATES = 200_000;

/** The shortest path from any of `starts` to the goal; `steps[0]` is the start it begins at. */
export function shortestPath<S extends object>(model: RuntimeModel<S>, starts: readonly PathStep[], goal: SearchGoal<S>, limits: SearchLimits = {}): SearchResult {
  return searchGoals(model, starts, new Map([['goal', goal]]), limits).get('goal')!;
}

/**
 * One breadth-first pass for several goals: each gets the shortest path to its
 * first hit, and the search ends when every goal is met, the limits are reached,
 * or nothing is left to explore. A step that throws is a dead end, not the end of
 * the search.
 */
export function searchGoals<S extends object>(model: RuntimeModel<S>, starts: readonly PathStep[], goals: ReadonlyMap<string, SearchGoal<S>>, limits: SearchLimits = {}): Map<string, SearchResult> {
  const run = new GoalSearch(model, goals, limits.onProgress);
  return run.search(starts, limits.maxStates ?? DEFAULT_SEARCH_STATES, limits.maxDepth ?? Infinity);
}

class GoalSearch<S extends object> {
  private readonly seen = new Set<string>();
  private readonly pending: Map<string, SearchGoal<S>>;
  private readonly results = new Map<string, SearchResult>();
  private reported = 0;

  constructor(
    private readonly model: RuntimeModel<S>,
    goals: ReadonlyMap<string, SearchGoal<S>>,
    private readonly onProgress?: (explored: number) => void,
  ) {
    this.pending = new Map(goals);
  }

  search(starts: readonly PathStep[], maxStates: number, maxDepth: number): Map<string, SearchResult> {
    let frontier: Node[] = [];
    for (const start of starts) {
      const node = { step: start, parent: null };
      this.checkState(node);
      if (add(this.seen, start.state)) frontier.push(node);
    }
    for (let depth = 0; frontier.length > 0 && this.pending.size > 0; depth++) {
      if (depth >= maxDepth) return this.finish(false, `no such state within ${maxDepth} steps`);
      const next: Node[] = [];
      for (const node of frontier) {
        this.expandNode(node, next);
        if (this.pending.size === 0) break;
        if (this.onProgress && this.seen.size - this.reported >= PROGRESS_EVERY) this.onProgress((this.reported = this.seen.size));
        if (this.seen.size >= maxStates) return this.finish(false, `no such state among the ${this.seen.size} nearest states (the search limit)`);
      }
      frontier = next;
    }
    return this.finish(frontier.length === 0, `no reachable state satisfies it (all ${this.seen.size} states explored)`);
  }

  /** Goals checked when a state is expanded (deadlock), on failing steps, on steps, then on new states. */
  private expandNode(node: Node, next: Node[]): void {
    const current = node.step.state as S;
    const expansion = expand(this.model, current);
    if (isDeadlock(this.model, current, expansion)) this.hit((goal) => goal.deadlock === true, node);
    for (const [position, failure] of expansion.failures.entries()) {
      const state = (failure.partialState ?? current) as Record<string, unknown>;
      const child = { step: { index: -position - 1, action: failure.label, actor: failure.step.actor ?? null, params: failure.step.params, state }, parent: node };
      this.hit((goal) => goal.failure?.(failure) ?? false, child);
    }
    for (const successor of expansion.successors) {
      const child: Node = { step: stepOf(successor), parent: node };
      this.hit((goal) => goal.step?.(current, successor.state) ?? false, child);
      if (!withinConstraints(this.model, successor.state)) {
        this.checkState(child);
        continue;
      }
      if (!add(this.seen, successor.state)) continue;
      this.checkState(child);
      next.push(child);
    }
  }

  private checkState(node: Node): void {
    this.hit((goal) => goal.state?.(node.step.state as S) ?? false, node);
  }

  private hit(test: (goal: SearchGoal<S>) => boolean, node: Node): void {
    for (const [name, goal] of this.pending) {
      if (!test(goal)) continue;
      this.results.set(name, found(node, this.seen.size));
      this.pending.delete(name);
    }
  }

  private finish(exhausted: boolean, reason: string): Map<string, SearchResult> {
    for (const name of this.pending.keys()) this.results.set(name, notFound(exhausted, this.seen.size, reason));
    return this.results;
  }
}

function add(seen: Set<string>, state: object): boolean {
  const key = canonicalKey(state);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function found(node: Node, explored: number): SearchResult {
  const steps: PathStep[] = [];
  for (let at: Node | null = node; at; at = at.parent) steps.push(at.step);
  return { found: true, steps: steps.reverse(), explored };
}

function notFound(exhausted: boolean, explored: number, reason: string): SearchResult {
  return { found: false, exhausted, explored, reason };
}
