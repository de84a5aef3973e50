import { ExitCode } from '../errors.js';
import { printable } from '../report/printable.js';
import { claimedViolation, replayTrace, violationText, type ReplayReport } from '../trace/replay.js';
import { loadTraceFor, modelForTrace, readTraceFile } from './trace-input.js';

export interface ReplayFlags {
  readonly model?: string;
  readonly const?: string[];
  readonly json?: boolean;
}

/**
 * `vigil replay FILE.itf.json [--model NAME] [--const NAME=VALUE]...`. Exit 0 when
 * the trace is a legal behaviour of the model and shows the violation its #meta
 * claims (the summary says what it violates). Exit 151 when it is not: the file is
 * unreadable or does not fit the model's variables and types, a step is not a
 * legal transition, or the claimed violation does not happen; one line on stderr
 * names the first bad state. (151, not 12: 12 means "a property is violated",
 * which is what a *valid* counterexample shows; a bogus trace is bad input.)
 */
export async function replayCommand(file: string, flags: ReplayFlags): Promise<number> {
  const itf = await readTraceFile(file);
  const spec = await modelForTrace(file, itf, flags.model);
  const input = loadTraceFor(spec, file, itf, flags.const ?? []);
  const report = replayTrace(input.runtime, input.trace);
  if (flags.json) process.stdout.write(`${JSON.stringify(replayJson(report), null, 2)}\n`);
  if (!report.valid) {
    process.stderr.write(`vigil: ${printable(report.problem ?? '')}\n`);
    return ExitCode.config;
  }
  if (!flags.json) process.stdout.write(`${summaryLines(report, input.runtime.constants).map(printable).join('\n')}\n`);
  return ExitCode.ok;
}

export function summaryLines(report: ReplayReport, constants: Readonly<Record<string, unknown>>): string[] {
  // Written like `vigil check`'s header, so the two can be compared at a glance.
  const shown = Object.entries(constants).map(([k, v]) => `${k} = ${String(v)}`);
  const lines = [
    `Vigil: replaying ${report.file} against ${report.model}${shown.length ? ` with ${shown.join(', ')}` : ''}`,
    `Legal: all ${report.steps.length} states form a behaviour of ${report.model} (path ${report.path}).`,
  ];
  if (report.livenessProperty !== undefined) {
    lines.push(`Its loop closes, its cycle is fair, and it violates the temporal property ${report.livenessProperty}, as the trace claims.`);
    return lines;
  }
  const claimed = claimedViolation(report);
  if (claimed) lines.push(`It shows that ${violationText(claimed)}, as the trace claims.`);
  for (const other of report.violations.filter((v) => v !== claimed)) lines.push(`It ${claimed ? 'also ' : ''}shows that ${violationText(other)}.`);
  if (report.violations.length === 0) lines.push('It violates no property: every invariant holds in every state, and no step violates an action property.');
  return lines;
}

export function replayJson(report: ReplayReport): Record<string, unknown> {
  return {
    file: report.file,
    model: report.model,
    valid: report.valid,
    legal: report.legal,
    problem: report.problem,
    states: report.steps.length,
    path: report.path,
    claim: report.claim,
    violations: report.violations,
  };
}
