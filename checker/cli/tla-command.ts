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
import { checkTlaModelWith } from '../tla/liveness.js';
import { searchTlaAsync, type TlaSearchOptions } from '../tla/search.js';
import { loadTlaSnapshot, tlaCheckpointer } from '../tla/search-snapshot.js';
import { stopOnSignals } from './signal-stop.js';
import { parseWorkers } from './workers-flag.js';
import { parseSize, positiveInteger, positiveNumber } from './flags.js';
import { checkpointWriting } from './check-command.js';
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
  readonly 'max-depth'?: string;
  readonly 'max-states'?: string;
  /** Stop short of this much JavaScript heap (the states live there); V8's own limit otherwise. */
  readonly 'max-memory'?: string;
  readonly 'max-time'?: string;
  readonly checkpoint?: string;
  readonly 'checkpoint-interval'?: string;
  readonly resume?: string;
  readonly workers?: string;
}

/** `vigil check Spec.tla [--config Spec.cfg]`: TLC's model checking of a TLA+ spec; returns the exit code. */
export async function tlaCheckCommand(specFile: string, flags: TlaCheckFlags): Promise<number> {
  const format = flags.format ?? 'tlc';
  if (format !== 'tlc' && format !== 'story') throw new ConfigError(`--format: expected tlc or story, got "${format}"`);
  const model = await loadTlaModel(specFile, flags.config);
  const skipped = flags['no-liveness'] ? model.properties.map((p) => p.name) : [];
  const run = { ...model, checkDeadlock: flags['no-deadlock'] ? false : model.checkDeadlock, properties: flags['no-liveness'] ? [] : model.properties };
  const started = Date.now();
  const result = await runSearch(run, flags);
  const durationMs = Date.now() - started;
  const outputs = new OutputFiles();
  if (flags['trace-out']) writeTlaTrace(outputs, flags['trace-out'], run, result.trace, { verdict: result.verdict, property: result.violated ?? null });
  if (flags.report) writeTlaReport(outputs, flags.report, run, result, durationMs);
  // A second search over everything only after a check that saw everything (a bounded one could be infinite).
  const coverage = flags.coverage && result.verdict === 'ok' && result.cut === undefined ? tlaCoverage(run) : null;
  const coverageLines = flags.coverage ? formatTlaCoverage(result, coverage).map((line) => `${line}\n`).join('') : '';
  if (flags.json) process.stdout.write(`${JSON.stringify({ ...tlaJsonResult(run, result, durationMs, skipped), ...(flags.coverage ? { coverage } : {}) }, null, 2)}\n`);
  else if (format === 'story') process.stdout.write(`${formatTlaStory(run, result, reproduceCommand(specFile, model, flags))}\n${coverageLines}`);
  else process.stdout.write(`${formatTlaResult(run, result, skipped, flags.diff ? { diffOnly: true, labels: traceLabels(run, splitActions(run), result.trace) } : {})}\n${coverageLines}`);
  return outputs.exitCode(result.exitCode);
}

/** The command that runs the same check again: the spec, its configuration and the flags that change the verdict. */
function reproduceCommand(specFile: string, model: TlaModel, flags: TlaCheckFlags): string {
  const bounds = (['max-depth', 'max-states', 'max-memory', 'max-time'] as const).flatMap((flag) => (flags[flag] !== undefined ? [`--${flag} ${flags[flag]}`] : []));
  const extra = [flags['no-deadlock'] ? '--no-deadlock' : '', flags['no-liveness'] ? '--no-liveness' : '', ...bounds].filter(Boolean);
  return ['vigil check', specFile, '--config', model.config.file, ...extra].join(' ');
}

/**
 * The search with the run's bounds: --max-depth, --max-states, SIGINT (which
 * stops it, saving a snapshot first with --checkpoint), --checkpoint/--resume,
 * and --workers N (the parallel engine, for N >= 2).
 */
async function runSearch(model: TlaModel, flags: TlaCheckFlags): Promise<TlaSearchResult> {
  const workers = parseWorkers(flags.workers);
  const engine = workers > 1 ? 'parallel' : 'sequential';
  const resume = flags.resume !== undefined ? loadTlaSnapshot(flags.resume, model, engine) : undefined;
  if (resume) process.stderr.write(`vigil: resuming from ${flags.resume}: ${resume.counter('distinct')} distinct states already found\n`);
  const writing = checkpointWriting(flags);
  const checkpoint = writing ? tlaCheckpointer(writing, model, engine) : undefined;
  const signals = stopOnSignals();
  const options: TlaSearchOptions = {
    ...(flags['max-depth'] !== undefined ? { maxDepth: positiveInteger(flags['max-depth'], '--max-depth') } : {}),
    ...(flags['max-states'] !== undefined ? { maxStates: positiveInteger(flags['max-states'], '--max-states') } : {}),
    ...(flags['max-memory'] !== undefined ? { maxHeapBytes: parseSize(flags['max-memory']) } : {}),
    ...(flags['max-time'] !== undefined ? { deadline: Date.now() + positiveNumber(flags['max-time'], '--max-time') * 1000 } : {}),
    stop: signals.stop,
    ...(checkpoint ? { checkpoint } : {}),
    ...(resume ? { resume } : {}),
  };
  try {
    if (workers > 1) {
      const { searchTlaParallel } = await import('../tla/parallel-search.js');
      return await checkTlaModelWith(model, (recordGraph) => searchTlaParallel(model, workers, { ...options, recordGraph }), options);
    }
    return await checkTlaModelWith(model, (recordGraph) => searchTlaAsync(model, { ...options, recordGraph }), options);
  } finally {
    signals.dispose();
    checkpoint?.close();
    if (signals.stop.reason) process.stderr.write(`vigil: interrupted by ${signals.stop.reason}\n`);
  }
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
