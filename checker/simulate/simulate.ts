import type { Spec } from '../../spec/spec.js';
import { prepare, resolveSearchSettings, type CheckOptions } from '../check.js';
import { ConfigError, OutOfTypeError } from '../errors.js';
import type { StopRequest } from '../search/stop-request.js';
import { runInSlices, runToEnd } from '../search/sliced-run.js';
import { exitCodeFor, type CheckResult } from '../result.js';
import { ActionFailure, formatStep, isAssertionFailure, type RuntimeModel, type StepRef } from '../runtime-model.js';
import type { SearchOptions } from '../search/bfs.js';
import type { Finding } from '../search/outcome.js';
import { Fingerprinter } from '../state/fingerprint.js';
import { formatValue } from '../state/format-value.js';
import { cloneState } from '../state/typed-states.js';
import type { TraceStep } from '../trace/trace.js';
import { FingerprintSet } from '../search/visited-set.js';
import { initialStep } from '../search/expander.js';
import type { ScratchState } from '../state/codec.js';
import { freshSeed, SeededRandom } from './seeded-random.js';

/** Options of `vigil simulate`; checks as in `vigil check`, but along random walks. */
export interface SimulateOptions extends Pick<CheckOptions, 'constants' | 'invariants' | 'checkDeadlock'> {
  /** The same seed gives the same walks. @defaultValue a fresh seed, reported in the result */
  readonly seed?: number;
  /** Most states per walk, the initial one included (TLC's -depth). @defaultValue 100 */
  readonly depth?: number;
  /** Number of walks. @defaultValue 1,000, or unbounded when maxTimeMs is set */
  readonly traces?: number;
  /** Wall-clock budget in milliseconds (checked between steps). */
  readonly maxTimeMs?: number;
  /** Ends the simulation early (SIGINT, SIGTERM); seen between steps when the caller yields (simulateYielding). */
  readonly stop?: StopRequest;
  /** Bytes one walk's trail may take (the packed states a counterexample is rebuilt from). @defaultValue 1 GiB */
  readonly maxMemoryBytes?: number;
  /** The set of states seen, shared with other simulations (a swarm worker merges its seeds' coverage). */
  readonly seen?: FingerprintSet;
}

const DEFAULT_TRAIL_BYTES = 2 ** 30;
const MAX_SEED = 0xffffffff;

/** What a simulation did, next to the usual report fields. */
export interface SimulationStats {
  readonly seed: number;
  readonly traces: number;
  /** Transitions taken, over all walks. */
  readonly steps: number;
  readonly stepsPerSecond: number;
  readonly depth: number;
}

export type SimulationResult = CheckResult & { readonly simulation: SimulationStats };

/**
 * Random-walk simulation, as TLC's -simulate and `quint run`: each walk starts in
 * a random initial state and takes a uniformly random successor at each step,
 * checking every invariant, action property, step assertion, type and deadlock on
 * the way. A violation gives the walk as its counterexample (not necessarily the
 * shortest). Never exhaustive: `complete` is always false. "Possible" properties
 * are not judged (a walk cannot show that no state satisfies one).
 */
export function simulate(spec: Spec, options: SimulateOptions = {}): SimulationResult {
  return runToEnd(simulation(spec, options));
}

/** simulate() giving the event loop a turn about every `sliceMs`, so a signal handler can set `options.stop` (the CLI uses this). */
export function simulateYielding(spec: Spec, options: SimulateOptions = {}, sliceMs = 100): Promise<SimulationResult> {
  return runInSlices(simulation(spec, options), sliceMs);
}

/** The walks, as a generator that yields every few thousand steps. */
function* simulation(spec: Spec, options: SimulateOptions): Generator<void, SimulationResult> {
  const started = Date.now();
  const { runtime, constants } = prepare(spec, options.constants);
  const seed = options.seed ?? freshSeed();
  // SeededRandom keeps 32 bits: a larger seed would silently repeat another seed's walks.
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new ConfigError(`seed: expected an integer from 0 to ${MAX_SEED}, got ${seed}`);
  const limits = { stop: options.stop, trailBytes: options.maxMemoryBytes ?? DEFAULT_TRAIL_BYTES };
  const walker = new RandomWalker(runtime, resolveSearchSettings(spec.name, runtime, options), new SeededRandom(seed), options.depth ?? 100, limits, options.seen ?? new FingerprintSet());
  const traces = options.traces ?? (options.maxTimeMs !== undefined ? Infinity : 1000);
  const deadline = started + (options.maxTimeMs ?? Infinity);
  let walks = 0;
  let found: { finding: Finding; trace: TraceStep[] } | null = null;
  while (walks < traces && !found && !walker.cut && Date.now() < deadline) {
    found = yield* walker.walk(deadline);
    walks++;
    if (walker.cut === null && options.stop?.requested) walker.cut = 'interrupt';
  }
  const durationMs = Date.now() - started;
  const stats: SimulationStats = { seed, traces: walks, steps: walker.steps, stepsPerSecond: Math.round(walker.steps / Math.max(durationMs, 1) * 1000), depth: options.depth ?? 100 };
  const result = toSimulationResult(spec.name, constants, walker, found, durationMs, stats);
  return walker.cut && !found ? stoppedSimulation(result, walker, options, stats) : result;
}

/** A simulation ended by a signal or the trail's memory budget: incomplete, 153, with its statistics. */
function stoppedSimulation(result: SimulationResult, walker: RandomWalker<any>, options: SimulateOptions, stats: SimulationStats): SimulationResult {
  const message =
    walker.cut === 'memory'
      ? `Not exhaustive: a walk's trail reached the memory budget of ${options.maxMemoryBytes ?? DEFAULT_TRAIL_BYTES} bytes at ${walker.cutAtStates} states (lower --depth or raise --max-memory).`
      : `Not exhaustive: the simulation was interrupted${options.stop?.reason ? ` by ${options.stop.reason}` : ''} after ${stats.traces} random walks (seed ${stats.seed}).`;
  return { ...result, verdict: 'incomplete', exitCode: exitCodeFor('incomplete'), message };
}

class RandomWalker<S extends object> {
  steps = 0;
  /** Why the simulation must end early (a stop request, the trail's memory budget), or null. */
  cut: 'interrupt' | 'memory' | null = null;
  cutAtStates = 0;
  longest = 0;
  generated = 0;
  private readonly initials: S[];
  private readonly scratch;
  private readonly words: Int32Array;
  /** The packed words of the successor picked so far (validated as it is packed). */
  private readonly chosenWords: Int32Array;
  private readonly fingerprint = new Fingerprinter();
  /** Two scratch states, alternating as the walk's current and next state (no object per step). */
  private readonly stateScratch: [ScratchState<S>, ScratchState<S>];
  /**
   * The walk so far, packed: one row of words per state, and the steps taken. A
   * trace is unpacked into objects only when the walk ends in a violation.
   */
  private trailWords: Int32Array;
  private readonly trailSteps: StepRef[] = [];

  constructor(
    private readonly model: RuntimeModel<S>,
    private readonly settings: SearchOptions,
    private readonly random: SeededRandom,
    private readonly depth: number,
    private readonly limits: { readonly stop?: StopRequest; readonly trailBytes: number },
    readonly seen: FingerprintSet,
  ) {
    this.initials = model.initialStates();
    this.scratch = model.codec.createScratch();
    this.words = new Int32Array(model.codec.words);
    this.chosenWords = new Int32Array(model.codec.words);
    this.stateScratch = [model.codec.createScratch(), model.codec.createScratch()];
    this.trailWords = new Int32Array(model.codec.words * Math.min(depth, 1024));
  }

  /** One walk; the violation it ran into, with the walk as its trace, or null. Yields every 4,096 steps. */
  *walk(deadline: number): Generator<void, { finding: Finding; trace: TraceStep[] } | null> {
    if (this.initials.length === 0) return null;
    const initial = this.initials[this.random.below(this.initials.length)]!;
    this.generated++;
    this.trailSteps.length = 0;
    const tail: TraceStep[] = [];
    let problem = this.packState(initial, 'initial state');
    if (problem) tail.push({ action: 'Init', actor: null, params: {}, state: initial as Record<string, unknown> });
    else {
      this.appendToTrail(this.words, initialStep);
      problem = this.checkState(initial, this.words);
    }
    let state: S = initial;
    let flip = 0;
    while (!problem && this.trailSteps.length < this.depth && Date.now() < deadline && this.cut === null) {
      if ((this.steps & 4095) === 4095) {
        yield;
        if (this.limits.stop?.requested) this.cut = 'interrupt';
      }
      const chosen = this.pickSuccessor(state, tail);
      if (chosen === 'stuck' || 'finding' in chosen) {
        problem = chosen === 'stuck' ? this.deadlockOf(state) : chosen.finding;
        break;
      }
      this.steps++;
      this.generated++;
      const next = this.stateScratch[flip]!.decode(this.chosenWords, 0);
      flip ^= 1;
      if (!this.appendToTrail(this.chosenWords, chosen)) break;
      problem = this.checkStep(state, next, chosen) ?? this.checkState(next, this.chosenWords);
      if (!problem && !this.satisfiesConstraints(next)) break; // a state constraint ends the walk
      state = next;
    }
    if (this.trailSteps.length > this.longest) this.longest = this.trailSteps.length;
    return problem ? { finding: problem, trace: [...this.unpackTrail(), ...tail] } : null;
  }

  /** False (and the simulation is cut) when the trail would pass its memory budget. */
  private appendToTrail(words: Int32Array, step: StepRef): boolean {
    const width = words.length;
    const at = this.trailSteps.length * width;
    if (at + width > this.trailWords.length) {
      const length = this.trailWords.length * 2 + width;
      // Words, plus a reference per step taken.
      if (length * 4 + (length / width) * 8 > this.limits.trailBytes) {
        this.cut = 'memory';
        this.cutAtStates = this.trailSteps.length;
        return false;
      }
      const wider = new Int32Array(length);
      wider.set(this.trailWords);
      this.trailWords = wider;
    }
    this.trailWords.set(words, at);
    this.trailSteps.push(step);
    return true;
  }

  private unpackTrail(): TraceStep[] {
    const width = this.words.length;
    return this.trailSteps.map((step, i) => {
      const state = this.model.codec.decodeFresh(this.trailWords, i * width);
      return i === 0 ? { action: 'Init', actor: null, params: {}, state: state as Record<string, unknown> } : traceStep(step, state);
    });
  }

  /**
   * A uniformly random successor, by reservoir sampling in one pass: a successor
   * that becomes the pick is packed (and so validated) into `chosenWords`, and only
   * the final pick is unpacked into an object.
   */
  private pickSuccessor(state: S, trace: TraceStep[]): StepRef | 'stuck' | { finding: Finding } {
    let count = 0;
    let chosen: StepRef | undefined;
    let outOfType: { step: StepRef; state: S; error: OutOfTypeError } | undefined;
    try {
      this.model.forEachSuccessor(state, this.scratch, (next, step) => {
        count++;
        if (outOfType || this.random.below(count) !== 0) return;
        chosen = step;
        try {
          this.model.codec.encode(next, this.chosenWords, 0);
        } catch (error) {
          if (!(error instanceof OutOfTypeError)) throw error;
          outOfType = { step, state: cloneState(next), error };
        }
      });
    } catch (error) {
      if (!(error instanceof ActionFailure)) throw error;
      trace.push(traceStep(error.step, cloneState(error.partialState) as object));
      return { finding: failureFinding(error, state) };
    }
    if (outOfType) {
      trace.push(traceStep(outOfType.step, outOfType.state));
      const message = `action ${formatStep(outOfType.step)}: ${outOfType.error.message} (in state ${formatValue(state)})`;
      return { finding: { verdict: 'error', property: null, exitCode: 75, message, trace: null } };
    }
    return chosen ?? 'stuck';
  }

  private deadlockOf(state: S): Finding | null {
    if (!this.settings.checkDeadlock) return null;
    if (this.model.def.terminal?.(state)) return null;
    return { verdict: 'deadlock', property: null, message: 'Deadlock reached.', trace: null };
  }

  /** Packs (and so validates) an initial state into `words`. */
  private packState(state: S, where: string): Finding | null {
    try {
      this.model.codec.encode(state, this.words, 0);
      return null;
    } catch (error) {
      if (!(error instanceof OutOfTypeError)) throw error;
      return { verdict: 'error', property: null, exitCode: 75, message: `${where}: ${error.message}`, trace: null };
    }
  }

  /** Distinctness and invariants of a state on the walk, packed in `words` (the trail keeps its own copy). */
  private checkState(state: S, words: Int32Array): Finding | null {
    this.fingerprint.compute(words, 0, words.length);
    this.seen.insert(this.fingerprint.hi, this.fingerprint.lo);
    for (const invariant of this.settings.invariants) {
      let holds: boolean;
      try {
        holds = invariant.holds(state);
      } catch (error) {
        return { verdict: 'error', property: invariant.name, exitCode: 76, message: `evaluating invariant ${invariant.name} failed: ${messageOf(error)}`, trace: null };
      }
      if (!holds) return { verdict: 'invariant', property: invariant.name, message: `Invariant ${invariant.name} is violated.`, trace: null };
    }
    return null;
  }

  private checkStep(state: S, next: S, step: StepRef): Finding | null {
    for (const property of this.settings.actionProperties) {
      if (!property.holds(state, next)) {
        return { verdict: 'action', property: property.name, message: `Action property ${property.name} is violated by step ${formatStep(step)}.`, trace: null };
      }
    }
    return null;
  }

  private satisfiesConstraints(state: S): boolean {
    return this.model.def.constraints.every((constraint) => constraint.holds(state));
  }
}

function traceStep(step: StepRef, state: object): TraceStep {
  return { action: formatStep(step), actor: step.actor ?? null, params: step.params, state: state as Record<string, unknown> };
}

/** A step that threw: a failed assertion (exit 14) or an evaluation error (75), worded as `vigil check` words them. */
function failureFinding(failure: ActionFailure, state: object): Finding {
  const cause = failure.cause as { name?: string; property?: string; detail?: string; message?: string };
  if (isAssertionFailure(failure)) {
    const detail = cause.detail ? `: ${cause.detail}` : '';
    return { verdict: 'assertion', property: cause.property ?? null, message: `Assertion ${cause.property} failed in action ${formatStep(failure.step)}${detail}.`, trace: null };
  }
  return { verdict: 'error', property: null, exitCode: 75, message: `action ${formatStep(failure.step)}: ${messageOf(failure.cause)} (in state ${formatValue(state)})`, trace: null };
}

function toSimulationResult(
  model: string,
  constants: Readonly<Record<string, unknown>>,
  walker: RandomWalker<any>,
  found: { finding: Finding; trace: TraceStep[] } | null,
  durationMs: number,
  simulation: SimulationStats,
): SimulationResult {
  const finding = found?.finding;
  const notExhaustive = `Not exhaustive: simulation of ${simulation.traces} random walks (seed ${simulation.seed}, at most ${simulation.depth} states each).`;
  return {
    model,
    constants,
    verdict: finding ? finding.verdict : 'ok',
    complete: false,
    property: finding?.property ?? null,
    distinctStates: walker.seen.size,
    generatedStates: walker.generated,
    depth: walker.longest,
    queueLeft: 0,
    durationMs,
    collisionProbability: { optimistic: (walker.seen.size * Math.max(0, walker.generated - walker.seen.size)) / 2 ** 64, actual: null },
    trace: found?.trace ?? null,
    exitCode: finding ? (finding.exitCode ?? exitCodeFor(finding.verdict)) : 0,
    bytesPerState: 0,
    message: finding ? finding.message : notExhaustive,
    violations: finding ? [{ verdict: finding.verdict, property: finding.property, message: finding.message, traceLength: found!.trace.length }] : [],
    neverEnabled: null,
    coverage: null,
    simulation,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
