import { ConfigError } from '../errors.js';
import { toItf } from '../report/itf.js';
import { toJsonReport } from '../report/json.js';
import { formatResult } from '../report/text.js';
import { simulateYielding, type SimulationResult } from '../simulate/simulate.js';
import { stopOnSignals } from './signal-stop.js';
import { parseConstantFlags, parseSize, positiveNumber } from './flags.js';
import { isRegisteredModel, loadSpec } from './load-spec.js';
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
  readonly cluster?: string;
  readonly seeds?: string;
  readonly shards?: string;
  readonly creds?: string;
  readonly insecure?: boolean;
}

/** `vigil simulate <model>`: random walks; a violation is reported as `vigil check` reports it. */
export async function simulateCommand(reference: string, flags: SimulateFlags): Promise<number> {
  const spec = await loadSpec(reference);
  if (flags.cluster !== undefined) return swarmCommand(reference, flags);
  if (flags.seeds !== undefined) throw new ConfigError('--seeds needs --cluster (one machine runs one --seed)');
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

export function integer(text: string, flag: string, min: number, max?: number): number {
  const value = Number(text);
  if (max !== undefined && !(Number.isSafeInteger(value) && value >= min && value <= max)) throw new ConfigError(`${flag}: expected an integer from ${min} to ${max}, got "${text}"`);
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${flag}: expected an integer of at least ${min}, got "${text}"`);
  return value;
}


/**
 * `vigil simulate MODEL --cluster local:N|nats://HOST:PORT --seeds K`: K seeds on the
 * workers; the first violation stops them all and is reproduced here from its seed.
 */
async function swarmCommand(reference: string, flags: SimulateFlags): Promise<number> {
  if (flags['max-time'] !== undefined || flags.report !== undefined) throw new ConfigError('--cluster simulate: --max-time and --report run on one machine only');
  const { simulateCluster } = await import('../cluster/swarm.js');
  const { parseLocalTarget, startLocalCluster } = await import('../cluster/local-cluster.js');
  const model = isRegisteredModel(reference) ? { registered: reference } : { file: reference };
  const options = {
    constants: parseConstantFlags(flags.const ?? []),
    invariants: flags['no-invariants'] ? [] : flags.invariant,
    checkDeadlock: flags['no-deadlock'] ? false : undefined,
    seeds: flags.seeds !== undefined ? integer(flags.seeds, '--seeds', 1) : 16,
    firstSeed: flags.seed !== undefined ? integer(flags.seed, '--seed', 0) : undefined,
    depth: flags.depth !== undefined ? integer(flags.depth, '--depth', 1) : undefined,
    traces: flags.traces !== undefined ? integer(flags.traces, '--traces', 1) : undefined,
    creds: flags.creds,
    insecure: flags.insecure,
  };
  const local = parseLocalTarget(flags.cluster!);
  let swarm;
  if (local === null) {
    swarm = await simulateCluster(model, { ...options, url: flags.cluster!, workers: flags.shards !== undefined ? integer(flags.shards, '--shards', 1) : undefined, joinWindowMs: 3000 });
  } else {
    if (!(local >= 1 && local <= 64)) throw new ConfigError(`--cluster local:N: expected N from 1 to 64, got ${local}`);
    const cluster = await startLocalCluster(local);
    try {
      swarm = await simulateCluster(model, { ...options, url: cluster.server.url, workers: local });
    } finally {
      await cluster.stop();
    }
  }
  const summary =
    `Swarm: ${swarm.seedsRun} seeds on ${swarm.workers} workers, ${swarm.walks} walks, ${swarm.steps} steps, ${swarm.distinctStates} distinct states (merged).` +
    (swarm.violations.length > 0 ? ` First violation by seed ${swarm.violations[0]!.seed}; on one machine: vigil simulate ${reference} --seed ${swarm.violations[0]!.seed} --traces ${swarm.traces} --depth ${swarm.depth}` : ' No violation.');
  const result = swarm.result;
  if (result?.verdict === 'error') process.stderr.write(`vigil: ${result.message}\n`);
  const outputs = new OutputFiles();
  if (flags['trace-out'] && result) writeItf(outputs, flags['trace-out'], result);
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...(result ? toJsonReport(result) : {}), swarm: { ...swarm, result: undefined } }, null, 2)}\n`);
  else process.stdout.write(`${result ? `${header(result)}\n${formatResult(result, { diffOnly: flags.diff, errorLineShown: true })}\n` : ''}${summary}\n`);
  return outputs.exitCode(result?.exitCode ?? 0);
}
