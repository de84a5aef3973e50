import { loadTlaModel } from '../tla/model.js';
import { formatTlaResult, tlaJsonReport } from '../tla/report.js';
import { checkTlaModel } from '../tla/liveness.js';

export interface TlaCheckFlags {
  readonly config?: string;
  readonly json?: boolean;
  readonly 'no-deadlock'?: boolean;
  /** Skip the PROPERTY formulas: the output lists them as not checked. */
  readonly 'no-liveness'?: boolean;
}

/** `vigil check Spec.tla [--config Spec.cfg]`: TLC's model checking of a TLA+ spec; returns the exit code. */
export async function tlaCheckCommand(specFile: string, flags: TlaCheckFlags): Promise<number> {
  const model = await loadTlaModel(specFile, flags.config);
  const skipped = flags['no-liveness'] ? model.properties.map((p) => p.name) : [];
  const run = { ...model, checkDeadlock: flags['no-deadlock'] ? false : model.checkDeadlock, properties: flags['no-liveness'] ? [] : model.properties };
  const result = checkTlaModel(run);
  if (flags.json) process.stdout.write(`${JSON.stringify(tlaJsonReport(run, result, skipped), null, 2)}\n`);
  else process.stdout.write(`${formatTlaResult(run, result, skipped)}\n`);
  return result.exitCode;
}
