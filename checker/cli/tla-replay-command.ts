import { ExitCode } from '../errors.js';
import { printable } from '../report/printable.js';
import { loadTlaModel } from '../tla/model.js';
import { replayTla } from '../tla/replay.js';
import { readItfFile } from '../trace/itf-to-state.js';
import { replayJson, summaryLines } from './replay-command.js';

export interface TlaReplayFlags {
  readonly config?: string;
  readonly json?: boolean;
}

/**
 * `vigil replay TRACE.itf.json Spec.tla [--config Model.cfg]`: as replay of a DSL
 * trace (same summary, JSON and exit codes): 0 when the trace is a behaviour of
 * the spec and shows what its #meta claims, 151 with one line naming the first
 * bad field or state otherwise. The spec is always named on the command line: a
 * path recorded in the trace is never opened on the trace's say-so.
 */
export async function tlaReplayCommand(file: string, specFile: string, flags: TlaReplayFlags): Promise<number> {
  const itf = readItfFile(file);
  const model = await loadTlaModel(specFile, flags.config);
  const report = replayTla(model, itf, file);
  if (flags.json) process.stdout.write(`${JSON.stringify(replayJson(report), null, 2)}\n`);
  if (!report.valid) {
    process.stderr.write(`vigil: ${printable(report.problem ?? '')}\n`);
    return ExitCode.config;
  }
  if (!flags.json) process.stdout.write(`${summaryLines(report, {}).map(printable).join('\n')}\n`);
  return ExitCode.ok;
}
