import { availableParallelism } from 'node:os';
import { check } from '../check.js';
import { checkParallel, MAX_WORKERS } from '../parallel/coordinator.js';
import { ConfigError } from '../errors.js';
import { toItf } from '../report/itf.js';
import { toJsonReport } from '../report/json.js';
import { formatResult } from '../report/text.js';
import { readRunConfig } from '../config/run-config.js';
import { parseConstantFlags, parseSize } from './flags.js';
import { loadSpec, specSourceFor } from './load-spec.js';
import { progressPrinter } from './progress.js';
import { OutputFiles } from './output-files.js';
import { dotDumper, writeHtmlReport } from './report-outputs.js';

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
}

/** `vigil check <model>`: returns the exit code. */
export async function checkCommand(reference: string, flags: CheckFlags): Promise<number> {
  const config = /\.ya?ml$/.test(reference) ? readRunConfig(reference) : undefined;
  const spec = await loadSpec(config?.model ?? reference);
  const progress = progressPrinter(positiveNumber(flags['progress-interval'] ?? '10', '--progress-interval'));
  const workers = parseWorkers(flags.workers);
  const dot = flags['dump-dot'] ? dotDumper(flags['dump-dot'], spec, { ...(config?.constants ?? {}), ...parseConstantFlags(flags.const ?? []) }) : undefined;
  const options = {
    constants: { ...(config?.constants ?? {}), ...parseConstantFlags(flags.const ?? []) },
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
  };
  const modelReference = config?.model ?? reference;
  if (workers > 1 && options.fingerprintBits === 96) throw new ConfigError('--fingerprint-bits: 96-bit fingerprints work with one worker only (--workers 1)');
  if (workers > 1 && options.queueMemoryBytes !== undefined) throw new ConfigError('--queue-memory: the queue spills with one worker only (--workers 1)');
  const result = workers > 1 ? await checkParallel(specSourceFor(modelReference), workers, options) : check(spec, options);
  progress.finish();
  // An evaluation error is also the one-line diagnostic on stderr; the report has the trace.
  if (result.verdict === 'error') process.stderr.write(`vigil: ${result.message}\n`);
  const outputs = new OutputFiles();
  if (flags['trace-out']) writeTrace(outputs, flags['trace-out'], result, spec.name);
  if (flags.report) writeHtmlReport(outputs, flags.report, spec, result);
  dot?.write(outputs, result);
  if (flags.json) process.stdout.write(`${JSON.stringify(toJsonReport(result), null, 2)}\n`);
  else process.stdout.write(`${header(result.model, result.constants)}\n${formatResult(result, { diffOnly: flags.diff })}\n`);
  return outputs.exitCode(result.exitCode);
}

function header(model: string, constants: Readonly<Record<string, unknown>>): string {
  const shown = Object.entries(constants).map(([k, v]) => `${k} = ${String(v)}`);
  return `Vigil: checking ${model}${shown.length ? ` with ${shown.join(', ')}` : ''}`;
}

function writeTrace(outputs: OutputFiles, file: string, result: ReturnType<typeof check>, model: string): void {
  if (!result.trace) {
    process.stderr.write(`vigil: no counterexample, so no trace was written to ${file}\n`);
    return;
  }
  const variables = Object.keys(result.trace[0]!.state);
  const itf = toItf({ model, constants: result.constants, verdict: result.verdict, property: result.property }, variables, result.trace);
  outputs.write('--trace-out', file, () => `${JSON.stringify(itf, null, 2)}\n`);
}

/** `--workers N|auto`: auto is the number of cores (at most MAX_WORKERS). */
function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text === 'auto') return Math.min(availableParallelism(), MAX_WORKERS);
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_WORKERS)) throw new ConfigError(`--workers: expected an integer from 1 to ${MAX_WORKERS} or auto, got "${text}"`);
  return value;
}

/** A decimal integer >= 1 (not 2.5, 0x5 or 1e3). */
function positiveInteger(text: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ConfigError(`${flag}: expected a positive integer, got "${text}"`);
  return Number(text);
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${flag}: expected a positive number, got "${text}"`);
  return value;
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
