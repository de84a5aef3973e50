import { check, checkAsync, prepare, type CheckOptions } from '../check.js';
import { savedIdentity } from '../checkpoint/saved-search.js';
import { registry } from '../../models/registry.js';
import { stopOnSignals } from './signal-stop.js';
import { parseWorkers } from './workers-flag.js';
import { ConfigError } from '../errors.js';
import { toJsonReport } from '../report/json.js';
import { formatResult, modelValuesOf } from '../report/text.js';
import { explainLasso, formatLassoExplanation } from '../report/explain-lasso.js';
import { parseWatch } from '../report/watch.js';
import { resolveConstants } from '../config/constants.js';
import { readRunConfig } from '../config/run-config.js';
import { parseConstantFlags, parseSize, positiveInteger, positiveNumber } from './flags.js';
import type { CheckpointOptions } from '../checkpoint/checkpoint-options.js';
import { isModelFile, isRegisteredModel, loadSpec, specSourceFor } from './load-spec.js';
import { readCoordinatorState as readCoordinatorStateSync } from '../cluster/coordinator-state.js';
import type { ClusterStats } from '../cluster/cluster-search.js';
import { progressPrinter } from './progress.js';
import { OutputFiles } from './output-files.js';
import { moduleTreeHash } from '../checkpoint/module-tree.js';
import { withSymmetryCheck } from '../symmetry/symmetry-report.js';
import type { SymmetryReport } from '../result.js';

export interface CheckFlags {
  readonly const?: string[];
  readonly invariant?: string[];
  readonly 'no-invariants'?: boolean;
  readonly 'no-deadlock'?: boolean;
  readonly continue?: boolean;
  readonly 'max-depth'?: string;
  readonly 'max-memory'?: string;
  readonly 'queue-memory'?: string;
  readonly 'fingerprint-bits'?: string;
  readonly 'expected-states'?: string;
  readonly 'max-time'?: string;
  readonly workers?: string;
  readonly json?: boolean;
  readonly diff?: boolean;
  readonly 'trace-out'?: string;
  readonly 'progress-interval'?: string;
  readonly report?: string;
  readonly 'dump-dot'?: string;
  /** `tlc` (the default) or `story` (--format story: 72 columns, for a mailing list). */
  readonly format?: string;
  /** `NAME=EXPR`: a column of the HTML report (evaluated on the trace; runs the user's expression). */
  readonly watch?: string[];
  readonly coverage?: boolean;
  readonly 'no-symmetry'?: boolean;
  readonly 'check-symmetry'?: boolean;
  readonly 'no-liveness'?: boolean;
  readonly checkpoint?: string;
  readonly 'checkpoint-interval'?: string;
  readonly resume?: string;
  readonly cluster?: string;
  readonly partition?: string;
  readonly shards?: string;
  readonly creds?: string;
  readonly insecure?: boolean;
}

/** `vigil check <model>`: returns the exit code. */
export async function checkCommand(given: string | undefined, flags: CheckFlags): Promise<number> {
  const { reference, savedConstants } = resolveReference(given, flags);
  const config = /\.ya?ml$/.test(reference) ? readRunConfig(reference) : undefined;
  const spec = await loadSpec(config?.model ?? reference);
  const progress = progressPrinter(positiveNumber(flags['progress-interval'] ?? '10', '--progress-interval'));
  const workers = parseWorkers(flags.workers);
  const watches = (flags.watch ?? []).map(parseWatch);
  const format = flags.format ?? 'tlc';
  if (format !== 'tlc' && format !== 'story') throw new ConfigError(`--format: expected tlc or story, got "${format}"`);
  if (workers > 1 && flags.coverage) throw new ConfigError('--coverage counts in the single-worker engine only: omit --workers');
  const dot = flags['dump-dot'] ? (await import('./report-outputs.js')).dotDumper(flags['dump-dot'], spec, { ...(config?.constants ?? {}), ...parseConstantFlags(flags.const ?? []) }) : undefined;
  const options = {
    constants: { ...savedConstants, ...(config?.constants ?? {}), ...parseConstantFlags(flags.const ?? []) },
    invariants: flags['no-invariants'] ? [] : (flags.invariant ?? config?.invariants),
    checkDeadlock: flags['no-deadlock'] ? false : config?.deadlock,
    continueAfterViolation: flags.continue ?? false,
    maxDepth: flags['max-depth'] !== undefined ? positiveInteger(flags['max-depth'], '--max-depth') : config?.maxDepth,
    maxMemoryBytes: flags['max-memory'] !== undefined ? parseSize(flags['max-memory']) : undefined,
    expectedStates: flags['expected-states'] !== undefined ? expectedStates(flags['expected-states']) : undefined,
    fingerprintBits: flags['fingerprint-bits'] !== undefined ? fingerprintBits(flags['fingerprint-bits']) : undefined,
    queueMemoryBytes: flags['queue-memory'] !== undefined ? parseSize(flags['queue-memory'], '--queue-memory') : undefined,
    maxTimeMs: flags['max-time'] !== undefined ? positiveNumber(flags['max-time'], '--max-time') * 1000 : undefined,
    progressIntervalMs: progress.engineIntervalMs,
    onProgress: progress.onProgress,
    // A report draws the coverage chart, so it turns coverage on.
    coverage: (flags.coverage ?? false) || flags.report !== undefined,
    symmetry: flags['no-symmetry'] ? false : config?.symmetry,
    temporal: !flags['no-liveness'],
    ...checkpointFlags(flags, config?.model ?? reference),
  };
  let symmetryChecked: NonNullable<SymmetryReport['checked']> | undefined;
  if (flags['check-symmetry']) {
    const verdict = (await import('../symmetry/verify-symmetry.js')).verifySymmetry(spec, options);
    if (!verdict.ok) throw new ConfigError(verdict.message);
    process.stderr.write(`vigil: symmetry check: ${verdict.sampledStates} states ${verdict.exhaustive ? '(all reachable ones)' : 'sampled'}, ${verdict.permutations} generating permutations, no violation\n`);
    symmetryChecked = { states: verdict.sampledStates, permutations: verdict.permutations, exhaustive: verdict.exhaustive };
  }
  printNotes(spec, options.constants);
  const modelReference = config?.model ?? reference;
  if (flags.cluster === undefined) {
    const clusterOnly = (['shards', 'partition', 'creds'] as const).find((flag) => flags[flag] !== undefined);
    if (clusterOnly) throw new ConfigError(`--${clusterOnly} needs --cluster local:N|nats://HOST:PORT`);
  }
  const signals = stopOnSignals();
  let result: ReturnType<typeof check>;
  try {
    const stoppable = { ...options, stop: signals.stop };
    // The parallel engine and the ITF writer load only when asked for: every module is start-up time.
    if (flags.cluster !== undefined) result = await runOnCluster(flags, modelReference, stoppable);
    else result = workers > 1 ? await (await import('../parallel/coordinator.js')).checkParallel(specSourceFor(modelReference), workers, stoppable) : await checkAsync(spec, stoppable);
  } finally {
    signals.dispose();
  }
  progress.finish();
  if (symmetryChecked && result.symmetry) result = { ...result, symmetry: withSymmetryCheck(result.symmetry, symmetryChecked) };
  if (signals.stop.reason) process.stderr.write(`vigil: interrupted by ${signals.stop.reason}: ${result.message ?? 'the search stopped early'}\n`);
  // An evaluation error is also the one-line diagnostic on stderr; the report has the trace.
  if (result.verdict === 'error') process.stderr.write(`vigil: ${result.message}\n`);
  const outputs = new OutputFiles();
  if (flags['trace-out']) await writeTrace(outputs, flags['trace-out'], result, spec.name);
  if (flags.report) (await import('./report-outputs.js')).writeHtmlReport(outputs, flags.report, spec, result, '--report', watches, isModelFile(modelReference) ? modelReference : undefined);
  dot?.write(outputs, result);
  if (flags.json) process.stdout.write(`${JSON.stringify(toJsonReport(result), null, 2)}\n`);
  // A run config reproduces by its own path: its constants would not fit one screen as flags.
  else if (format === 'story') process.stdout.write(`${(await import('../report/story.js')).formatStory(spec, prepare(spec, result.constants).runtime, result, verdictFlags(options), config ? reference : isModelFile(modelReference) ? modelReference : spec.name, config ? resolveConstants(spec, config.constants ?? {}) : undefined)}\n`);
  else process.stdout.write(`${header(result.model, result.constants)}\n${formatResult(result, { diffOnly: flags.diff, errorLineShown: true, explanation: lassoLines(spec, result), modelValues: modelValuesOf(spec.constants, result.constants) })}\n`);
  return outputs.exitCode(result.exitCode);
}

/** A liveness counterexample's "Why it broke" (explain-lasso.ts), for the text output. */
function lassoLines(spec: Awaited<ReturnType<typeof loadSpec>>, result: ReturnType<typeof check>): string[] {
  if (result.verdict !== 'liveness') return [];
  const explanation = explainLasso(prepare(spec, result.constants).runtime, result);
  return explanation ? formatLassoExplanation(explanation) : [];
}

/**
 * `--cluster local:N` (a private server and N workers here) or `--cluster nats://HOST:PORT`.
 * `--checkpoint DIR` saves the coordinator's state at every level boundary (the
 * shards' snapshots go to the server, every --checkpoint-interval); `--resume DIR`
 * goes on with a run whose coordinator was killed, on the same server and workers.
 */
async function runOnCluster(flags: CheckFlags, modelReference: string, options: CheckOptions): Promise<ReturnType<typeof check>> {
  if (flags.workers !== undefined) throw new ConfigError('--cluster and --workers: the cluster has its own workers (local:N, or `vigil worker` processes)');
  const { checkCluster } = await import('../cluster/cluster-search.js');
  const { parseLocalTarget, startLocalCluster } = await import('../cluster/local-cluster.js');
  const model = isRegisteredModel(modelReference) ? { registered: modelReference } : { file: modelReference };
  const shards = flags.shards !== undefined ? positiveInteger(flags.shards, '--shards') : undefined;
  if (flags.partition !== undefined && flags.partition !== 'auto' && flags.partition !== 'fingerprint') throw new ConfigError(`--partition: expected auto or fingerprint, got "${flags.partition}"`);
  const { checkpoint: _checkpoint, resume: _resume, onResumed: _onResumed, modelSourceHash: _hash, ...rest } = options;
  const interval = flags['checkpoint-interval'];
  const clusterOptions = {
    ...rest,
    // A report turns coverage on for the engines that count it; the cluster does not, and draws its own charts.
    coverage: flags.coverage ?? false,
    shards,
    partition: flags.partition as 'auto' | 'fingerprint' | undefined,
    creds: flags.creds,
    insecure: flags.insecure,
    stateDir: flags.checkpoint ?? flags.resume,
    resumeState: flags.resume !== undefined ? readCoordinatorStateSync(flags.resume) : undefined,
    snapshotIntervalMs: interval !== undefined ? positiveNumber(interval, '--checkpoint-interval') * 1000 : undefined,
    onTakeover: (line: string) => process.stderr.write(`vigil: ${line}\n`),
    onClusterProgress: (line: string) => process.stderr.write(`${line}\n`),
    onFinished: (stats: ClusterStats) => process.stderr.write(`vigil: ${describeClusterRun(stats)}\n`),
  };
  const saved = clusterOptions.resumeState;
  if (saved) process.stderr.write(`vigil: resuming cluster run ${saved.runId} at level ${saved.depth}: ${saved.distinct} distinct states already found\n`);
  const local = parseLocalTarget(flags.cluster!);
  if (local === null) return checkCluster(model, { ...clusterOptions, url: flags.cluster! });
  if (flags.resume !== undefined) throw new ConfigError('--resume with --cluster needs the server and workers that hold the run: --cluster nats://HOST:PORT');
  if (!(local >= 1 && local <= 64)) throw new ConfigError(`--cluster local:N: expected N from 1 to 64, got ${local}`);
  const cluster = await startLocalCluster(local, [], (line) => process.stderr.write(`${line}\n`));
  try {
    return await checkCluster(model, { ...clusterOptions, url: cluster.server.url, workers: local });
  } finally {
    await cluster.stop();
  }
}

/** One line on a finished cluster run: its wire bytes per successor against their packed size, and each worker's rate. */
function describeClusterRun(stats: ClusterStats): string {
  const perSuccessor = stats.records > 0 ? stats.wireBytes / stats.records : 0;
  const rates = stats.perWorker.map((worker) => `${worker.ms > 0 ? Math.round(worker.expanded / (worker.ms / 1000)).toLocaleString('en-US') : '-'}`);
  return (
    `cluster: ${stats.workers} workers, ${stats.shards} shards, owners by ${stats.partitionKey.length > 0 ? `packed words ${stats.partitionKey.join(',')}` : 'fingerprint'}; ${(stats.wireBytes / 2 ** 20).toFixed(1)} MiB on the wire in ${stats.batches.toLocaleString('en-US')} batches; ` +
    `${perSuccessor.toFixed(1)} bytes per successor sent (packed ${stats.recordBytes}); ${stats.crossShard.toLocaleString('en-US')} of ${stats.successors.toLocaleString('en-US')} successors crossed to another worker; ` +
    `${(stats.successors - stats.records).toLocaleString('en-US')} not sent again in their level; states/s per worker while expanding: ${rates.join(', ')}; ` +
    `${stats.snapshots.count} snapshot${stats.snapshots.count === 1 ? "" : "s"} (${(stats.snapshots.bytes / 2 ** 20).toFixed(1)} MiB, ${(stats.snapshots.barrierMs / 1000).toFixed(1)} s of barriers)`
  );
}

/** The options besides constants that shape a verdict, as `vigil check` flags (for the story's command). */
function verdictFlags(options: { invariants?: readonly string[]; checkDeadlock?: boolean; maxDepth?: number; continueAfterViolation?: boolean }): string[] {
  const flags: string[] = [];
  if (options.invariants !== undefined) flags.push(...(options.invariants.length === 0 ? ['--no-invariants'] : options.invariants.map((name) => `--invariant ${name}`)));
  if (options.checkDeadlock === false) flags.push('--no-deadlock');
  if (options.maxDepth !== undefined) flags.push(`--max-depth ${options.maxDepth}`);
  if (options.continueAfterViolation) flags.push('--continue');
  return flags;
}

/** The model's own notes on these constants (what they leave out), on stderr. */
function printNotes(spec: Awaited<ReturnType<typeof loadSpec>>, overrides: Readonly<Record<string, unknown>>): void {
  if (!spec.notes) return;
  for (const line of spec.notes(resolveConstants(spec, overrides) as never)) process.stderr.write(`Note: ${line}\n`);
}

/**
 * `vigil check --resume DIR` alone takes the model and constants from the snapshot,
 * but only a registered model: a path in a data file is never imported.
 */
function resolveReference(given: string | undefined, flags: CheckFlags): { reference: string; savedConstants: Record<string, unknown> } {
  if (given !== undefined && flags.resume !== undefined && flags.cluster !== undefined) return { reference: given, savedConstants: readClusterConstants(flags.resume) };
  if (given !== undefined) return { reference: given, savedConstants: {} };
  if (flags.resume === undefined) throw new ConfigError('check needs a model name or file');
  if (flags.cluster !== undefined) {
    const model = readClusterModel(flags.resume);
    return { reference: model, savedConstants: readClusterConstants(flags.resume) };
  }
  const identity = savedIdentity(flags.resume);
  const model = identity.model;
  if (typeof model !== 'string' || !Object.hasOwn(registry, model)) {
    throw new ConfigError(`--resume ${flags.resume}: the snapshot's model is not a registered one; name the model file on the command line`);
  }
  const constants = typeof identity.constants === 'object' && identity.constants !== null ? { ...identity.constants } : {};
  return { reference: model, savedConstants: constants };
}

/** The registered model of a saved cluster run (a path in a data file is never imported). */
function readClusterModel(dir: string): string {
  const state = readCoordinatorStateSync(dir);
  if (!Object.hasOwn(registry, state.model)) throw new ConfigError(`--resume ${dir}: the saved run's model is not a registered one; name the model file on the command line`);
  return state.model;
}

function readClusterConstants(dir: string): Record<string, unknown> {
  return { ...readCoordinatorStateSync(dir).constants };
}

/** --checkpoint DIR [--checkpoint-interval S] and --resume DIR (which goes on saving into DIR). */
function checkpointFlags(flags: CheckFlags, modelReference: string) {
  return {
    resume: flags.resume,
    onResumed: (distinct: number) => process.stderr.write(`vigil: resuming from ${flags.resume}: ${distinct} distinct states already found\n`),
    modelSourceHash: isModelFile(modelReference) ? moduleTreeHash(modelReference) : undefined,
    checkpoint: checkpointWriting(flags),
  };
}

/** Where and how often snapshots are written (--resume DIR goes on saving into DIR), with their lines on stderr; undefined without a directory. */
export function checkpointWriting(flags: Pick<CheckFlags, 'checkpoint' | 'checkpoint-interval' | 'resume'>): CheckpointOptions | undefined {
  const dir = flags.checkpoint ?? flags.resume;
  const intervalMs = flags['checkpoint-interval'] !== undefined ? positiveNumber(flags['checkpoint-interval'], '--checkpoint-interval') * 1000 : undefined;
  if (intervalMs !== undefined && dir === undefined) throw new ConfigError('--checkpoint-interval needs --checkpoint DIR');
  if (dir === undefined) return undefined;
  return {
    dir,
    intervalMs,
    onWritten: (info) => process.stderr.write(`vigil: checkpoint: ${info.bytes} bytes in ${(info.ms / 1000).toFixed(2)} s (${info.distinctStates} distinct states) to ${info.file}\n`),
    onFailed: (message) => process.stderr.write(`vigil: ${message}\n`),
  };
}

function header(model: string, constants: Readonly<Record<string, unknown>>): string {
  const shown = Object.entries(constants).map(([k, v]) => `${k} = ${String(v)}`);
  return `Vigil: checking ${model}${shown.length ? ` with ${shown.join(', ')}` : ''}`;
}

async function writeTrace(outputs: OutputFiles, file: string, result: ReturnType<typeof check>, model: string): Promise<void> {
  if (!result.trace) {
    process.stderr.write(`vigil: no counterexample, so no trace was written to ${file}\n`);
    return;
  }
  const variables = Object.keys(result.trace[0]!.state);
  const lasso = result.loop ? { loop: result.loop.start, 'loop-stuttering': result.loop.stuttering, 'loop-action': result.loop.action } : {};
  const { toItf } = await import('../report/itf.js');
  const itf = toItf({ model, constants: result.constants, verdict: result.verdict, property: result.property, ...lasso }, variables, result.trace);
  if (result.loop) itf.loop = result.loop.start;
  outputs.write('--trace-out', file, () => `${JSON.stringify(itf, null, 2)}\n`);
}


function fingerprintBits(text: string): 64 | 96 {
  if (text === '64' || text === '96') return Number(text) as 64 | 96;
  throw new ConfigError(`--fingerprint-bits: expected 64 or 96, got "${text}"`);
}

/** Presizing beyond 1.2e9 states would pass what one typed array holds (2^32 lanes) at either fingerprint width. */
const MAX_EXPECTED_STATES = 1_200_000_000;

function expectedStates(text: string): number {
  const count = positiveInteger(text, '--expected-states');
  if (count > MAX_EXPECTED_STATES) throw new ConfigError(`--expected-states: at most ${MAX_EXPECTED_STATES.toLocaleString('en-US')}, got ${text}`);
  return count;
}
