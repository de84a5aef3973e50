import { loadTlaModel } from '../tla/model.js';
import { formatTlaResult, tlaJsonReport } from '../tla/report.js';
import { checkTlaModel } from '../tla/liveness.js';

export interface TlaCheckFlags {
  readonly config?: string;
  readonly json?: boolean;
  readonly 'no-deadlock'?: boolean;
}

/** `vigil check Spec.tla [--config Spec.cfg]`: TLC's model checking of a TLA+ spec; returns the exit code. */
export async function tlaCheckCommand(specFile: string, flags: TlaCheckFlags): Promise<number> {
  const model = await loadTlaModel(specFile, flags.config);
  const run = flags['no-deadlock'] ? { ...model, checkDeadlock: false } : model;
  const result = checkTlaModel(run);
  if (flags.json) process.stdout.write(`${JSON.stringify(tlaJsonReport(run, result), null, 2)}\n`);
  else process.stdout.write(`${formatTlaResult(run, result)}\n`);
  return result.exitCode;
}
