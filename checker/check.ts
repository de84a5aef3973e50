import type { ModelDef } from '../spec/definitions.js';
import type { Spec } from '../spec/spec.js';
import { BreadthFirstSearch, type SearchOptions } from './search/bfs.js';
import { collisionProbabilities, collisionWarning } from './search/collision.js';
import { ConfigError, ExitCode, SpecLoadError } from './errors.js';
import type { Finding, ProgressInfo, SearchOutcome, TraceRequest } from './search/outcome.js';
import { exitCodeFor, type CheckResult, type ViolationSummary } from './result.js';
import { RuntimeModel } from './runtime-model.js';
import type { TraceStep } from './trace/trace.js';
import { NondeterministicModel } from './trace/trace-verification.js';
import { symmetryReductionFor, type SymmetryReduction } from './symmetry/canonicalizer.js';
import { symmetryReport } from './symmetry/symmetry-report.js';
import { livenessRecorderFor, withTemporalCheck, withTemporalCheckYielding, type RecordedGraph, type TemporalOptions } from './temporal/check-temporal.js';
import { checkpointSettings, type CheckpointRequest } from './checkpoint/checkpoint-options.js';

/** Options of one check. Every field is optional; defaults follow TLC. */
export interface CheckOptions extends CheckpointRequest {
  /** Constant overrides, as text (`"5"`) or values; unknown names are an error. */
  readonly constants?: Readonly<Record<string, unknown>>;
  /** Check only these invariants (default: all the model declares; [] checks none). */
  readonly invariants?: readonly string[];
  /** Override the model's deadlock switch. */
  readonly checkDeadlock?: boolean;
  /** @defaultValue false: stop at the first violation. */
  readonly continueAfterViolation?: boolean;
  /** @defaultValue Infinity */
  readonly maxDepth?: number;
  /** @defaultValue Infinity: bytes for the visited set, trace links and queue. */
  readonly maxMemoryBytes?: number;
  /** @defaultValue Infinity: wall-clock milliseconds for the search; then verdict `incomplete`. */
  readonly maxTimeMs?: number;
  /** @defaultValue 10 000 */
  readonly progressIntervalMs?: number;
  readonly onProgress?: (info: ProgressInfo) => void;
  /** Presize the visited set for this many states. */
  readonly expectedStates?: number;
  /** Count, per action, the states it was enabled in, its successors and its new states (`coverage` in the result). */
  readonly coverage?: boolean;
  /** @defaultValue true: use the model's declared symmetries (false: explore every state). */
  readonly symmetry?: boolean;
  /** @defaultValue true: check the model's temporal properties after the search. */
  readonly temporal?: boolean;
  /** Bytes of BFS queue kept in memory; beyond it whole chunks spill to disk (one worker only). */
  readonly queueMemoryBytes?: number;
  /** Directory for spilled queue chunks (default: the OS temporary directory). */
  readonly spillDirectory?: string;
  /** @defaultValue 64. 96 stores wider fingerprints (4 more bytes a table slot; one worker only). */
  readonly fingerprintBits?: number;
}

// prepare lives in its own module so that a parallel worker loads it without the rest of this one.
export { prepare, type PreparedModel } from './prepare.js';
import { prepare } from './prepare.js';

/** Runs a breadth-first check and returns the report data (never throws for violations). */
export function check(spec: Spec, options: CheckOptions = {}): CheckResult {
  const started = Date.now();
  const { runtime, constants } = prepare(spec, options.constants);
  // The search is built and dropped inside safetySearch, so the liveness pass does not keep it in memory.
  let recorded: RecordedGraph | undefined;
  const result = (() => {
    const safety = safetySearch(spec.name, runtime, constants, options, started);
    const outcome = safety.search.run();
    recorded = safety.recorded();
    return safety.toResult(outcome);
  })();
  return options.temporal === false ? result : withTemporalCheck(runtime, result, temporalOptions(options, started, recorded));
}

/**
 * check() in slices, yielding to the event loop between them, so that a signal
 * handler can set `options.stop` while the search or the liveness pass runs (the CLI uses this).
 */
export async function checkAsync(spec: Spec, options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const { runtime, constants } = prepare(spec, options.constants);
  let recorded: RecordedGraph | undefined;
  const result = await (async () => {
    const safety = safetySearch(spec.name, runtime, constants, options, started);
    const outcome = await safety.search.runYielding(100);
    recorded = safety.recorded();
    return safety.toResult(outcome);
  })();
  return options.temporal === false ? result : withTemporalCheckYielding(runtime, result, temporalOptions(options, started, recorded));
}

/**
 * The safety search and how its outcome becomes a result (its traces are rebuilt
 * from the search's links). When it can, the search records the liveness graph as
 * it goes (`recorded()`: the recorder and what the graph's lane of the visited
 * table took), so the liveness pass explores nothing again.
 */
function safetySearch(name: string, runtime: RuntimeModel<any>, constants: Readonly<Record<string, unknown>>, options: CheckOptions, started: number) {
  const settings = resolveSearchSettings(name, runtime, options);
  const recorder = options.temporal === false ? undefined : livenessRecorderFor(runtime, settings);
  const search = new BreadthFirstSearch(runtime, { ...settings, edgeRecorder: recorder });
  const toResult = (outcome: SearchOutcome) =>
    toCheckResult(name, constants, outcome, (request, finding) => search.traceFor(request, finding), Date.now() - started, options.maxMemoryBytes, settings.symmetry);
  // The visited table's third lane holds the ordinals: a third of its bytes.
  const recorded = (): RecordedGraph | undefined => (recorder ? { recorder, tableBytes: search.tableBytes / 3 } : undefined);
  return { search, toResult, recorded };
}

/**
 * The liveness pass obeys the same stop request and budgets as the search (the
 * time budget counts from the check's start); `recorded`: the graph the search
 * recorded, if it did (else the pass explores it itself).
 */
export function temporalOptions(options: CheckOptions, started: number, recorded?: RecordedGraph): TemporalOptions {
  return {
    maxDepth: options.maxDepth ?? Infinity,
    continueAfterViolation: options.continueAfterViolation,
    limits: {
      stop: options.stop,
      deadline: started + (options.maxTimeMs ?? Infinity),
      maxMemoryBytes: options.maxMemoryBytes ?? Infinity,
      onProgress: options.onProgress,
      progressIntervalMs: options.progressIntervalMs ?? 10_000,
    },
    ...(recorded ? { recorded } : {}),
  };
}

/** CheckOptions with defaults filled in and property names resolved, for any engine. */
export function resolveSearchSettings(model: string, runtime: RuntimeModel<any>, options: CheckOptions, engine: 'sequential' | 'parallel' = 'sequential'): SearchOptions {
  const def = runtime.def;
  const depth = options.maxDepth;
  if (depth !== undefined && depth !== Infinity && !(Number.isInteger(depth) && depth >= 1)) {
    throw new ConfigError(`maxDepth: expected a positive integer, got ${depth}`);
  }
  refuseUnsavableCheckpoint(options);
  const properties = {
    continueAfterViolation: options.continueAfterViolation ?? false,
    checkDeadlock: options.checkDeadlock ?? def.checkDeadlock,
    invariants: selectInvariants(model, def, options.invariants),
    symmetry: symmetryFor(model, runtime, options),
  };
  return {
    ...properties,
    ...checkpointSettings(runtime, properties, options, engine),
    maxDepth: options.maxDepth ?? Infinity,
    actionProperties: def.actionProperties,
    possibles: def.possibles,
    maxMemoryBytes: options.maxMemoryBytes ?? Infinity,
    maxTimeMs: options.maxTimeMs ?? Infinity,
    progressIntervalMs: options.progressIntervalMs ?? 10_000,
    onProgress: options.onProgress,
    expectedStates: options.expectedStates,
    collisionGapThreshold: 1e-10,
    coverage: options.coverage ?? false,
    queueMemoryBytes: options.queueMemoryBytes,
    spillDirectory: options.spillDirectory,
    fingerprintBits: fingerprintBitsOf(options.fingerprintBits),
  };
}

/** Snapshots hold the 64-bit table and an in-memory queue: refuse what they cannot save rather than save it wrong. */
function refuseUnsavableCheckpoint(options: CheckOptions): void {
  if (!options.checkpoint && options.resume === undefined) return;
  if (options.fingerprintBits === 96) throw new ConfigError('--checkpoint/--resume work with 64-bit fingerprints only: omit --fingerprint-bits 96');
  if (options.queueMemoryBytes !== undefined) throw new ConfigError('--checkpoint/--resume keep the whole queue in the snapshot: omit --queue-memory');
}

function symmetryFor(model: string, runtime: RuntimeModel<any>, options: CheckOptions): SymmetryReduction | null {
  let reduction: SymmetryReduction | null;
  try {
    reduction = symmetryReductionFor(runtime.def, runtime.codec.words, options.symmetry ?? true);
  } catch (error) {
    throw new SpecLoadError(`model ${model}: ${messageOf(error)}`);
  }
  return reduction;
}

/** Turns an engine's outcome into the report, rebuilding each finding's trace. */
export function toCheckResult(
  model: string,
  constants: Readonly<Record<string, unknown>>,
  outcome: SearchOutcome,
  traceFor: (request: TraceRequest, finding: Finding) => TraceStep[],
  durationMs: number,
  budget = Infinity,
  symmetry: SymmetryReduction | null = null,
): CheckResult {
  // A budget that stopped the search before it stored a state says nothing about the initial states.
  const noState = outcome.distinctStates === 0 && outcome.findings.length === 0 && !cutByBudget(outcome);
  let findings = noState ? [noInitialState(outcome)] : withPossibles(outcome);
  let traces: (TraceStep[] | null)[];
  try {
    traces = findings.map((f) => (f.trace ? traceFor(f.trace, f) : null));
  } catch (error) {
    // The counterexample cannot be trusted, so neither can the verdict: report the model's fault instead.
    if (!(error instanceof NondeterministicModel)) throw error;
    findings = [{ verdict: 'error', property: null, exitCode: ExitCode.evaluation, message: error.message, trace: null }];
    traces = [error.steps];
  }
  const result = toResult(model, constants, outcome, findings, traces, durationMs, budget);
  return symmetry ? { ...result, symmetry: symmetryReport(symmetry) } : result;
}

function selectInvariants(model: string, def: ModelDef<any>, names: readonly string[] | undefined) {
  if (!names) return def.invariants;
  // An invariant named twice is checked once.
  return [...new Set(names)].map((name) => {
    const found = def.invariants.find((inv) => inv.name === name);
    if (!found) {
      const known = def.invariants.map((inv) => inv.name).join(', ') || 'none';
      throw new ConfigError(`model ${model}: unknown invariant "${name}" (known: ${known})`);
    }
    return found;
  });
}

/** Like TLC: a model without initial states has checked nothing, so it is an error, not a pass. */
function noInitialState(outcome: SearchOutcome): Finding {
  const message =
    outcome.generatedStates > 0
      ? 'There is no state satisfying the initial state predicate and the state constraint.'
      : 'There is no state satisfying the initial state predicate.';
  return { verdict: 'error', property: null, exitCode: ExitCode.evaluation, message, trace: null };
}

function withPossibles(outcome: SearchOutcome): Finding[] {
  const possibles: Finding[] = outcome.unsatisfiedPossibles.map((name) => ({
    verdict: 'possible',
    property: name,
    message: `Possible property ${name} is satisfied by no reachable state.`,
    trace: null,
  }));
  return [...outcome.findings, ...possibles];
}

function toResult(
  model: string,
  constants: Readonly<Record<string, unknown>>,
  outcome: SearchOutcome,
  findings: readonly Finding[],
  traces: readonly (TraceStep[] | null)[],
  durationMs: number,
  budget: number,
): CheckResult {
  const first = findings[0];
  const verdict = first ? first.verdict : cutByBudget(outcome) ? 'incomplete' : 'ok';
  const collisionProbability = collisionProbabilities(outcome.distinctStates, outcome.generatedStates, outcome.smallestFingerprintGap, outcome.fingerprintBits ?? 64);
  const collision = collisionWarning(collisionProbability);
  // A violation ends the search on purpose; a bound or a constraint makes it partial.
  const complete = !outcome.cutBy.some((reason) => reason === 'depth' || reason === 'memory' || reason === 'time' || reason === 'interrupt') && outcome.constrainedOut === 0;
  return {
    model,
    constants,
    verdict,
    complete,
    property: first?.property ?? null,
    distinctStates: outcome.distinctStates,
    generatedStates: outcome.generatedStates,
    depth: outcome.depth,
    queueLeft: outcome.queueLeft,
    durationMs,
    collisionProbability,
    trace: traces[0] ?? null,
    exitCode: first ? (first.exitCode ?? exitCodeFor(first.verdict)) : exitCodeFor(verdict),
    bytesPerState: Math.round(outcome.bytesPerState * 100) / 100,
    message: first ? first.message : incompleteMessage(outcome, budget),
    violations: findings.map((f, i): ViolationSummary => ({
      verdict: f.verdict,
      property: f.property,
      message: f.message,
      traceLength: traces[i]?.length ?? null,
    })),
    neverEnabled: outcome.actionReport?.neverEnabled ?? null,
    coverage: outcome.actionReport?.coverage ?? null,
    levels: outcome.levels,
    ...(outcome.queueSpill ? { queueSpill: outcome.queueSpill } : {}),
    ...(collision ? { warnings: [collision] } : {}),
  };
}

function cutByBudget(outcome: SearchOutcome): boolean {
  return outcome.cutBy.includes('memory') || outcome.cutBy.includes('time') || outcome.cutBy.includes('interrupt');
}

function incompleteMessage(outcome: SearchOutcome, budget: number): string | null {
  const parts: string[] = [];
  if (outcome.cutBy.includes('memory') && outcome.distinctStates === 0) parts.push(`the memory budget of ${budget} bytes is too small for the first state`);
  else if (outcome.cutBy.includes('memory')) {
    parts.push(`the memory budget of ${budget} bytes would have been exceeded, with ${outcome.queueLeft} states left on the queue`);
  }
  if (outcome.cutBy.includes('time')) parts.push(`the time budget ran out with ${outcome.queueLeft} states left on the queue`);
  if (outcome.cutBy.includes('interrupt')) parts.push(`the run was interrupted with ${outcome.queueLeft} states left on the queue`);
  if (outcome.cutBy.includes('depth')) parts.push(`the depth bound stopped the search with ${outcome.queueLeft} states left on the queue`);
  if (outcome.cutBy.includes('constraint')) parts.push(`the state constraint dropped ${outcome.constrainedOut} successors`);
  return parts.length ? `Not exhaustive: ${parts.join('; ')}.` : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function fingerprintBitsOf(bits: number | undefined): 64 | 96 {
  if (bits === undefined || bits === 64) return 64;
  if (bits === 96) return 96;
  throw new ConfigError(`fingerprintBits: expected 64 or 96, got ${bits}`);
}
