import { toJsonReport } from '../report/json.js';
import { tlaCheckResult } from '../tla/json-result.js';
import { loadTlaModel } from '../tla/model.js';
import { tlaVerdictLines } from '../tla/report.js';
import { simulateTla, type TlaSimulationResult } from '../tla/simulate.js';
import { OutputFiles } from './output-files.js';
import { integer } from './simulate-command.js';
import { writeTlaReport, writeTlaTrace } from './tla-command.js';

export interface TlaSimulateFlags {
  readonly config?: string;
  readonly seed?: string;
  readonly depth?: string;
  readonly traces?: string;
  readonly 'no-deadlock'?: boolean;
  readonly json?: boolean;
  readonly 'trace-out'?: string;
  readonly report?: string;
}

/** `vigil simulate Spec.tla [--seed S] [--traces T] [--depth D]`: seeded random walks, a violation printed as TLC prints it. */
export async function tlaSimulateCommand(specFile: string, flags: TlaSimulateFlags): Promise<number> {
  const model = await loadTlaModel(specFile, flags.config);
  const run = flags['no-deadlock'] ? { ...model, checkDeadlock: false } : model;
  const options = {
    seed: flags.seed !== undefined ? integer(flags.seed, '--seed', 0, 0xffffffff) : undefined,
    depth: flags.depth !== undefined ? integer(flags.depth, '--depth', 1) : undefined,
    traces: flags.traces !== undefined ? integer(flags.traces, '--traces', 1) : undefined,
  };
  const started = Date.now();
  const result = simulateTla(run, options);
  const outputs = new OutputFiles();
  if (flags['trace-out']) writeTlaTrace(outputs, flags['trace-out'], run, result.trace, { verdict: result.verdict, property: result.violated ?? null });
  const durationMs = Date.now() - started;
  if (flags.report) writeTlaReport(outputs, flags.report, run, result, durationMs);
  if (flags.json) {
    const report = { ...toJsonReport({ ...tlaCheckResult(run, result, durationMs), complete: false }), spec: run.spec.file, config: run.config.file, simulation: result.simulation };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else process.stdout.write(`${textOf(run, result).join('\n')}\n`);
  return outputs.exitCode(result.exitCode);
}

function textOf(model: Parameters<typeof tlaVerdictLines>[0], result: TlaSimulationResult): string[] {
  const { seed, traces, steps, stepsPerSecond } = result.simulation;
  const lines = [`Vigil: simulating ${model.spec.root.name} (seed ${seed})`];
  lines.push(...(result.verdict === 'ok' ? [result.message] : tlaVerdictLines(model, result)));
  lines.push(`${result.generated} states generated, ${result.distinct} distinct states found; the longest walk has ${result.depth} states.`);
  lines.push(`Simulation: ${traces} ${traces === 1 ? 'walk' : 'walks'}, ${steps} steps (${stepsPerSecond} steps/s); repeat with --seed ${seed}.`);
  return lines;
}
