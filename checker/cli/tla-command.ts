import { ConfigError } from '../errors.js';
import { splitActions, traceLabels } from '../tla/actions.js';
import { formatTlaCoverage, tlaCoverage } from '../tla/coverage.js';
import { tlaJsonResult } from '../tla/json-result.js';
import { formatTlaStory } from '../tla/story.js';
import { tlaTraceToItf } from '../tla/itf.js';
import type { TlaModel } from '../tla/model.js';
import { loadTlaModel } from '../tla/model.js';
import { formatTlaResult } from '../tla/report.js';
import type { TlaSearchResult } from '../tla/search.js';
import { checkTlaModel } from '../tla/liveness.js';
import { toHtmlReport } from '../report/html-report.js';
import { toRunReport } from '../report/run-report.js';
import { tlaDisplayResult, tlaHtmlReportInput } from '../tla/html-report-input.js';
import type { Value } from '../tla/values.js';
import { OutputFiles } from './output-files.js';

export interface TlaCheckFlags {
  readonly config?: string;
  readonly json?: boolean;
  readonly 'no-deadlock'?: boolean;
  /** Skip the PROPERTY formulas: the output lists them as not checked. */
  readonly 'no-liveness'?: boolean;
  readonly 'trace-out'?: string;
  readonly report?: string;
  /** `tlc` (the default) or `story`. */
  readonly format?: string;
  /** Each state of a counterexample shows only the variables that changed, with its step's action. */
  readonly diff?: boolean;
  /** TLC's per-action coverage after a complete check (coverage.ts). */
  readonly coverage?: boolean;
}

/** `vigil check Spec.tla [--config Spec.cfg]`: TLC's model checking of a TLA+ spec; returns the exit code. */
export async function tlaCheckCommand(specFile: string, flags: TlaCheckFlags): Promise<number> {
  const format = flags.format ?? 'tlc';
  if (format !== 'tlc' && format !== 'story') throw new ConfigError(`--format: expected tlc or story, got "${format}"`);
  const model = await loadTlaModel(specFile, flags.config);
  const skipped = flags['no-liveness'] ? model.properties.map((p) => p.name) : [];
  const run = { ...model, checkDeadlock: flags['no-deadlock'] ? false : model.checkDeadlock, properties: flags['no-liveness'] ? [] : model.properties };
  const started = Date.now();
  const result = checkTlaModel(run);
  const durationMs = Date.now() - started;
  const outputs = new OutputFiles();
  if (flags['trace-out']) writeTlaTrace(outputs, flags['trace-out'], run, result.trace, { verdict: result.verdict, property: result.violated ?? null });
  if (flags.report) writeTlaReport(outputs, flags.report, run, result, durationMs);
  const coverage = flags.coverage && result.verdict === 'ok' ? tlaCoverage(run) : null;
  const coverageLines = flags.coverage ? formatTlaCoverage(result, coverage).map((line) => `${line}\n`).join('') : '';
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...tlaJsonResult(run, result, durationMs, skipped), ...(flags.coverage ? { coverage } : {}) }, null, 2)}\n`);
  else if (format === 'story') process.stdout.write(`${formatTlaStory(run, result, reproduceCommand(specFile, model, flags))}\n${coverageLines}`);
  else process.stdout.write(`${formatTlaResult(run, result, skipped, flags.diff ? { diffOnly: true, labels: traceLabels(run, splitActions(run), result.trace) } : {})}\n${coverageLines}`);
  return outputs.exitCode(result.exitCode);
}

/** The command that runs the same check again: the spec, its configuration and the flags that change the verdict. */
function reproduceCommand(specFile: string, model: TlaModel, flags: TlaCheckFlags): string {
  const extra = [flags['no-deadlock'] ? '--no-deadlock' : '', flags['no-liveness'] ? '--no-liveness' : ''].filter(Boolean);
  return ['vigil check', specFile, '--config', model.config.file, ...extra].join(' ');
}

/** `--report FILE.html`: the counterexample report, or for a run without one the run report, as for DSL models. */
export function writeTlaReport(outputs: OutputFiles, file: string, model: TlaModel, result: TlaSearchResult, durationMs: number): void {
  outputs.write('--report', file, () => (result.trace.length > 0 ? toHtmlReport(tlaHtmlReportInput(model, result, durationMs)) : toRunReport(tlaDisplayResult(model, result, durationMs))));
}

/** `--trace-out FILE.itf.json`: the counterexample in ITF, with what it shows in `#meta` (what replay re-checks). */
export function writeTlaTrace(outputs: OutputFiles, file: string, model: TlaModel, trace: readonly (readonly Value[])[], claim: { verdict: string; property: string | null }): void {
  if (trace.length === 0) {
    process.stderr.write(`vigil: no counterexample, so no trace was written to ${file}\n`);
    return;
  }
  const meta = { model: model.spec.root.name, spec: model.spec.file, config: model.config.file, ...claim };
  outputs.write('--trace-out', file, () => `${JSON.stringify(tlaTraceToItf(meta, model.variables, trace), null, 2)}\n`);
}
