import type { ActionPropertyDef, StatePropertyDef } from '../../spec/definitions.js';
import { OutOfTypeError } from '../errors.js';
import type { RuntimeModel } from '../runtime-model.js';
import { StateExpander, StepEvaluationError, type ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import { StateQueue } from '../search/state-queue.js';
import { FingerprintSet } from '../search/visited-set.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { TraceLinks } from '../trace/trace-links.js';
import { stepOf, type PathStep } from './path.js';
import { DEFAULT_SEARCH_STATES, searchGoals, type SearchGoal, type SearchLimits, type SearchResult } from './search.js';
import { expand, type StepFailure } from './successors.js';

/**
 * The explorer's "shortest path to..." on the fast engine: the same goals,
 * limits and results as the plain search (search.ts), but states are packed
 * words in a fingerprint table expanded by the engine's StateExpander, and the
 * path is kept only as trace links (parent ordinal, successor position) and
 * rebuilt by replay when a goal is hit.
 *
 * Goals become the properties the expander already checks: a state goal is an
 * invariant that "fails" where the goal holds, a step goal an action property,
 * a deadlock goal the deadlock check, and a failure goal is matched against the
 * step assertions the expander reports and skips. Goals are checked in the plain
 * search's order (a parent's failing steps first, then its successors in order),
 * so both find the same path.
 *
 * No symmetry reduction: the explorer shows concrete states. The engine stops on
 * a step that throws an error (not an assertion) or leaves the type; the plain
 * search treats such a step as a dead end, so the search is redone there.
 */
export function fastSearchGoals<S extends object>(
  model: RuntimeModel<S>,
  starts: readonly PathStep[],
  goals: ReadonlyMap<string, SearchGoal<S>>,
  limits: SearchLimits = {},
): Map<string, SearchResult> {
  try {
    return new FastGoalSearch(model, starts, goals, limits).run();
  } catch (error) {
    if (!(error instanceof StepEvaluationError) && !(error instanceof OutOfTypeError)) throw error;
    return searchGoals(model, starts, goals, limits);
  }
}

/** The single-goal form, like `shortestPath`. */
export function fastShortestPath<S extends object>(model: RuntimeModel<S>, starts: readonly PathStep[], goal: SearchGoal<S>, limits: SearchLimits = {}): SearchResult {
  return fastSearchGoals(model, starts, new Map([['goal', goal]]), limits).get('goal')!;
}

const PROGRESS_EVERY = 4096;
/** Failing steps come before any successor of the same parent, as in the plain search. */
const FAILURE_RANK = -(2 ** 31);

/** Where a goal was met: the path to stored state `ordinal`, then `last` (a successor, a failing step, or nothing). */
interface Hit {
  readonly ordinal: number;
  readonly last: { readonly kind: 'successor' | 'failure'; readonly index: number } | null;
  readonly rank: number;
  /** A state goal met by the state the step reaches (counted as seen when new, as the plain search counts it). */
  readonly stateGoal: boolean;
}

class FastGoalSearch<S extends object> implements ExpansionSink {
  private readonly visited = new FingerprintSet();
  private readonly links = new TraceLinks();
  private readonly queue: StateQueue;
  private readonly expander: StateExpander<S>;
  private readonly pending: Map<string, SearchGoal<S>>;
  private readonly results = new Map<string, SearchResult>();
  /** Goals met while the current state is expanded; the earliest step per goal wins. */
  private readonly hits = new Map<string, Hit>();
  private readonly failureGoals: [string, (failure: StepFailure) => boolean][];
  private readonly words: Int32Array;
  /** The state being expanded: its ordinal and where its words are. */
  private expandingOrdinal = -1;
  private expandingChunk: Int32Array = new Int32Array(0);
  private expandingBase = 0;
  private failuresOfExpanding: readonly StepFailure[] | null = null;
  private reported = 0;
  /** Distinct states and the queue's tail before the current expansion: a hit's "explored" count is the plain search's. */
  private seenBeforeExpansion = 0;
  private tailBeforeExpansion = 0;

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly starts: readonly PathStep[],
    goals: ReadonlyMap<string, SearchGoal<S>>,
    private readonly limits: SearchLimits,
  ) {
    this.pending = new Map(goals);
    const invariants: StatePropertyDef<S>[] = [];
    const actionProperties: ActionPropertyDef<S>[] = [];
    for (const [name, goal] of goals) {
      const state = goal.state;
      const step = goal.step;
      if (state) invariants.push({ name, holds: (s) => !state(s as S) });
      if (step) actionProperties.push({ name, holds: (s, next) => !step(s as S, next as S) });
    }
    this.failureGoals = [...goals].flatMap(([name, goal]) => (goal.failure ? [[name, goal.failure] as [string, (failure: StepFailure) => boolean]] : []));
    const checkDeadlock = [...goals.values()].some((goal) => goal.deadlock === true);
    this.queue = new StateQueue(model.codec.words);
    this.words = new Int32Array(model.codec.words);
    // Failing assertions are reported and skipped, so they are dead ends as in the plain search.
    this.expander = new StateExpander(model, { checkDeadlock, continueAfterViolation: true, invariants, actionProperties, possibles: [], symmetry: null }, this);
  }

  run(): Map<string, SearchResult> {
    this.seedStarts();
    const maxStates = this.limits.maxStates ?? DEFAULT_SEARCH_STATES;
    const maxDepth = this.limits.maxDepth ?? Infinity;
    let depth = 0;
    let levelEnd = this.queue.tailOrdinal;
    while (this.queue.length > 0 && this.pending.size > 0) {
      if (this.queue.headOrdinal === levelEnd) {
        depth++;
        levelEnd = this.queue.tailOrdinal;
      }
      if (depth >= maxDepth) return this.finish(false, `no such state within ${maxDepth} steps`);
      this.expandNext();
      if (this.pending.size === 0) break;
      const explored = this.visited.size;
      if (this.limits.onProgress && explored - this.reported >= PROGRESS_EVERY) this.limits.onProgress((this.reported = explored));
      if (explored >= maxStates) return this.finish(false, `no such state among the ${explored} nearest states (the search limit)`);
    }
    return this.finish(this.queue.length === 0, `no reachable state satisfies it (all ${this.visited.size} states explored)`);
  }

  /** Every start is checked; each distinct one is explored, whatever the constraints say (as the plain search does). */
  private seedStarts(): void {
    const fingerprint = new Fingerprinter();
    for (const [index, start] of this.starts.entries()) {
      for (const [name, goal] of this.pending) {
        if (goal.state?.(start.state as S)) this.met(name, { ordinal: -1 - index, last: null, rank: 0, stateGoal: true }, this.visited.size);
      }
      this.model.codec.encode(start.state as S, this.words, 0);
      fingerprint.compute(this.words, 0, this.words.length);
      if (this.visited.insert(fingerprint.hi, fingerprint.lo)) this.store(this.words, 0, -1, index);
    }
  }

  private expandNext(): void {
    const ordinal = this.queue.headOrdinal;
    const chunk = this.queue.take();
    this.expandingOrdinal = ordinal;
    this.expandingChunk = chunk;
    this.expandingBase = this.queue.takenBase;
    this.failuresOfExpanding = null;
    this.seenBeforeExpansion = this.visited.size;
    this.tailBeforeExpansion = this.queue.tailOrdinal;
    this.expander.expand(chunk, this.queue.takenBase, ordinal);
    if (this.hits.size === 0) return;
    for (const [name, hit] of this.hits) this.met(name, hit, this.exploredAt(hit));
    this.hits.clear();
  }

  private met(name: string, hit: Hit, explored: number): void {
    if (!this.pending.delete(name)) return;
    this.results.set(name, { found: true, steps: this.rebuild(hit), explored });
  }

  /**
   * The distinct states the plain search had seen when it met the goal: those
   * before this expansion, the new successors before the hit, and the hit's own
   * state when it is new and a state goal was met there.
   */
  private exploredAt(hit: Hit): number {
    let explored = this.seenBeforeExpansion;
    if (hit.last?.kind !== 'successor') return explored;
    for (let ordinal = this.tailBeforeExpansion; ordinal < this.queue.tailOrdinal; ordinal++) {
      const index = this.links.successorIndexOf(ordinal);
      if (index < hit.last.index || (index === hit.last.index && hit.stateGoal)) explored++;
    }
    return explored;
  }

  private finish(exhausted: boolean, reason: string): Map<string, SearchResult> {
    for (const name of this.pending.keys()) this.results.set(name, { found: false, exhausted, explored: this.visited.size, reason });
    return this.results;
  }

  // ExpansionSink

  insert(hi: number, lo: number): boolean {
    return this.visited.insert(hi, lo);
  }

  touch(hi: number): number {
    return this.visited.touch(hi);
  }

  store(words: Int32Array, base: number, parentOrdinal: number, successorIndex: number): void {
    this.links.add(parentOrdinal, successorIndex);
    this.queue.push(words, base);
  }

  report(finding: Finding): void {
    const trace = finding.trace!;
    switch (finding.verdict) {
      case 'invariant':
      case 'action':
        return this.note(finding.property!, { ordinal: trace.ordinal, last: { kind: 'successor', index: trace.successorIndex! }, rank: trace.successorIndex!, stateGoal: finding.verdict === 'invariant' });
      case 'deadlock':
        for (const [name, goal] of this.pending) if (goal.deadlock) this.note(name, { ordinal: trace.ordinal, last: null, rank: 0, stateGoal: false });
        return;
      case 'assertion':
        return this.noteFailure(trace.failedStepLabel!);
      default:
        // A goal predicate that throws ends the search, as it does the plain one.
        throw new Error(finding.message);
    }
  }

  private note(name: string, hit: Hit): void {
    if (!this.pending.has(name)) return;
    const earlier = this.hits.get(name);
    if (!earlier || hit.rank < earlier.rank) this.hits.set(name, hit);
  }

  /** A step assertion failed: match the failure goals against the step as the plain search sees it. */
  private noteFailure(label: string): void {
    if (this.failureGoals.length === 0) return;
    const ordinal = this.expandingOrdinal;
    this.failuresOfExpanding ??= expand(this.model, this.model.codec.decodeFresh(this.expandingChunk, this.expandingBase)).failures;
    const index = this.failuresOfExpanding.findIndex((failure) => failure.label === label);
    if (index < 0) return;
    const failure = this.failuresOfExpanding[index]!;
    for (const [name, matches] of this.failureGoals) {
      if (matches(failure)) this.note(name, { ordinal, last: { kind: 'failure', index }, rank: FAILURE_RANK + index, stateGoal: false });
    }
  }

  /** The path to a hit, by replaying the successor positions from its start. */
  private rebuild(hit: Hit): PathStep[] {
    const start = hit.ordinal < 0 ? -1 - hit.ordinal : null;
    const chain = start === null ? this.links.chainTo(hit.ordinal) : [];
    const steps: PathStep[] = [this.starts[start ?? this.links.successorIndexOf(chain[0]!)]!];
    for (const ordinal of chain.slice(1)) steps.push(successorOf(this.model, steps[steps.length - 1]!, this.links.successorIndexOf(ordinal)));
    if (hit.last?.kind === 'successor') steps.push(successorOf(this.model, steps[steps.length - 1]!, hit.last.index));
    if (hit.last?.kind === 'failure') steps.push(failedStepOf(this.model, steps[steps.length - 1]!, hit.last.index));
    return steps;
  }
}

function successorOf<S extends object>(model: RuntimeModel<S>, from: PathStep, index: number): PathStep {
  const successor = expand(model, from.state as S).successors[index];
  if (!successor) throw new Error(`replaying a search path: the state has no successor #${index}`);
  return stepOf(successor);
}

/** A failing step ends a path with index -1, -2, ... (its position among the parent's failing steps). */
function failedStepOf<S extends object>(model: RuntimeModel<S>, from: PathStep, position: number): PathStep {
  const failure = expand(model, from.state as S).failures[position];
  if (!failure) throw new Error(`replaying a search path: the state has no failing step #${position + 1}`);
  const state = (failure.partialState ?? from.state) as Record<string, unknown>;
  return { index: -position - 1, action: failure.label, actor: failure.step.actor ?? null, params: failure.step.params, state };
}
