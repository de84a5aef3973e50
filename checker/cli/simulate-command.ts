import { ConfigError } from '../errors.js';
import { toItf } from '../report/itf.js';
import { toJsonReport } from '../report/json.js';
import { formatResult } from '../report/text.js';
import { simulateYielding, type SimulationResult } from '../simulate/simulate.js';
import { stopOnSignals } from './signal-stop.js';
import { parseConstantFlags, parseSize, positiveNumber } from './flags.js';
import { loadSpec } from './load-spec.js';
import { OutputFiles } from './output-files.js';
import { writeHtmlReport } from './report-outputs.js';

export interface SimulateFlags {
  readonly const?: string[];
  readonly invariant?: string[];
  readonly 'no-invariants'?: boolean;
  readonly 'no-deadlock'?: boolean;
  readonly seed?: string;
  readonly depth?: string;
  readonly traces?: string;
  readonly 'max-time'?: string;
  readonly 'max-memory'?: string;
  readonly json?: boolean;
  readonly diff?: boolean;
  readonly 'trace-out'?: string;
  readonly report?: string;
}

/** `vigil simulate <model>`: random walks; a violation is reported as `vigil check` reports it. */
export async function simulateCommand(reference: string, flags: SimulateFlags): Promise<number> {
  const spec = await loadSpec(reference);
  const options = {
    constants: parseConstantFlags(flags.const ?? []),
    invariants: flags['no-invariants'] ? [] : flags.invariant,
    checkDeadlock: flags['no-deadlock'] ? false : undefined,
    seed: flags.seed !== undefined ? integer(flags.seed, '--seed', 0, 0xffffffff) : undefined,
    depth: flags.depth !== undefined ? integer(flags.depth, '--depth', 1) : undefined,
    traces: flags.traces !== undefined ? integer(flags.traces, '--traces', 1) : undefined,
    maxTimeMs: flags['max-time'] !== undefined ? positiveNumber(flags['max-time'], '--max-time') * 1000 : undefined,
    maxMemoryBytes: flags['max-memory'] !== undefined ? parseSize(flags['max-memory']) : undefined,
  };
  const signals = stopOnSignals();
  let result: SimulationResult;
  try {
    result = await simulateYielding(spec, { ...options, stop: signals.stop });
  } finally {
    signals.dispose();
  }
  if (signals.stop.reason) process.stderr.write(`vigil: interrupted by ${signals.stop.reason}: ${result.message}\n`);
  if (result.verdict === 'error') process.stderr.write(`vigil: ${result.message}\n`);
  const outputs = new OutputFiles();
  if (flags['trace-out']) writeItf(outputs, flags['trace-out'], result);
  if (flags.report) writeHtmlReport(outputs, flags.report, spec, result);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...toJsonReport(result), simulation: result.simulation }, null, 2)}\n`);
  else process.stdout.write(`${header(result)}\n${formatResult(result, { diffOnly: flags.diff, errorLineShown: true, simulation: true })}\n${footer(result)}\n`);
  return outputs.exitCode(result.exitCode);
}

function header(result: SimulationResult): string {
  const shown = Object.entries(result.constants).map(([k, v]) => `${k} = ${String(v)}`);
  return `Vigil: simulating ${result.model}${shown.length ? ` with ${shown.join(', ')}` : ''} (seed ${result.simulation.seed})`;
}

function footer(result: SimulationResult): string {
  const { traces, steps, stepsPerSecond, seed } = result.simulation;
  return `Simulation: ${traces} ${traces === 1 ? "walk" : "walks"}, ${steps} steps (${stepsPerSecond} steps/s); repeat with --seed ${seed}.`;
}

function writeItf(outputs: OutputFiles, file: string, result: SimulationResult): void {
  if (!result.trace) {
    process.stderr.write(`vigil: no counterexample, so no trace was written to ${file}\n`);
    return;
  }
  const variables = Object.keys(result.trace[0]!.state);
  const itf = toItf({ model: result.model, constants: result.constants, verdict: result.verdict, property: result.property }, variables, result.trace);
  outputs.write('--trace-out', file, () => `${JSON.stringify(itf, null, 2)}\n`);
}

function integer(text: string, flag: string, min: number, max?: number): number {
  const value = Number(text);
  if (max !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) throw new ConfigError(`${flag}: expected an integer from ${min} to ${max}, got "${text}"`);
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${flag}: expected an integer of at least ${min}, got "${text}"`);
  return value;
}
