import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { toSuiteIndex } from '../report/suite-index.js';
import type { Spec } from '../../spec/spec.js';
import { prepare } from '../check.js';
import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { toDot } from '../report/dot.js';
import { htmlReportInput } from '../report/html-input.js';
import { toHtmlReport } from '../report/html-report.js';
import { coverageSection, toRunReport } from '../report/run-report.js';
import { chartStyle } from '../report/run-charts.js';
import type { CheckResult } from '../result.js';
import { exploreStateGraph, type StateGraph } from '../search/state-graph.js';
import type { SpecResolver, SuiteOutcome } from '../config/suite.js';

/** `--report FILE.html`: the self-contained HTML report of one check. */
export function writeHtmlReport(file: string, spec: Spec, result: CheckResult): void {
  // No counterexample: a run report (statistics, levels, coverage) instead.
  if (!result.trace) return writeOutput(file, toRunReport(result), '--report');
  const html = toHtmlReport(htmlReportInput(spec, result));
  // The coverage up to the violation, after the counterexample (when it was counted).
  const coverage = result.coverage ? `<style>${chartStyle}</style>\n${coverageSection(result)}\n</body>` : '</body>';
  writeOutput(file, html.replace('</body>', coverage), '--report');
}

/**
 * `--dump-dot FILE`: explores the state graph before the check runs, so a model
 * too large to draw is refused at once (exit 151) rather than after a long check;
 * the DOT is written after the check, with its counterexample highlighted.
 */
export function dotDumper(file: string, spec: Spec, constants: Readonly<Record<string, unknown>>): { write(result: CheckResult): void } {
  const { runtime } = prepare(spec, constants);
  let graph: StateGraph;
  try {
    graph = exploreStateGraph(runtime);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`--dump-dot ${file}: ${error.message}`);
    throw error;
  }
  return { write: (result) => writeOutput(file, toDot(graph, result.trace), '--dump-dot') };
}

export function writeOutput(file: string, text: string, flag: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new VigilError(`${flag} ${file}: cannot write the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.system);
  }
}

/**
 * `vigil suite --report-dir DIR`: one HTML report per failing entry (an unmet
 * expectation), named after the entry; returns the files written.
 */
export async function writeSuiteReports(dir: string, outcome: SuiteOutcome, resolve: SpecResolver): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const entry of outcome.entries) {
    if (entry.passed || !entry.result) continue;
    const file = join(dir, `${entry.entry.name.replace(/[^\w.-]+/g, '_')}.html`);
    writeHtmlReport(file, await resolve(entry.entry.model), entry.result);
    written.push(file);
  }
  const reportOf = (name: string) => written.map((file) => basename(file)).find((file) => file === `${name.replace(/[^\w.-]+/g, '_')}.html`);
  writeOutput(join(dir, 'index.html'), toSuiteIndex(outcome.suite.name, outcome, reportOf), '--report-dir');
  return written;
}
