import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { toSuiteIndex } from '../report/suite-index.js';
import type { Spec } from '../../spec/spec.js';
import { prepare } from '../check.js';
import { ConfigError } from '../errors.js';
import { toDot } from '../report/dot.js';
import { htmlReportInput } from '../report/html-input.js';
import { toHtmlReport } from '../report/html-report.js';
import type { WatchExpression } from '../report/watch.js';
import { coverageSection, toRunReport } from '../report/run-report.js';
import { chartStyle } from '../report/run-charts.js';
import type { CheckResult } from '../result.js';
import { exploreStateGraph, type StateGraph } from '../search/state-graph.js';
import type { SpecResolver, SuiteOutcome } from '../config/suite.js';
import type { OutputFiles } from './output-files.js';

/** `--report FILE.html`: the self-contained HTML report of one check. */
export function writeHtmlReport(
  outputs: OutputFiles,
  file: string,
  spec: Spec,
  result: CheckResult,
  flag = '--report',
  watches: readonly WatchExpression[] = [],
  model?: string,
): boolean {
  return outputs.write(flag, file, () => htmlReportOf(spec, result, watches, model));
}

/** The counterexample report, or for a run without one a run report (statistics, levels, coverage). */
function htmlReportOf(spec: Spec, result: CheckResult, watches: readonly WatchExpression[], model?: string): string {
  if (!result.trace) return toRunReport(result);
  const html = toHtmlReport(htmlReportInput(spec, result, { watches, model }));
  // The coverage up to the violation, after the counterexample (when it was counted).
  const coverage = result.coverage ? `<style>${chartStyle}</style>\n${coverageSection(result)}\n</body>` : '</body>';
  return html.replace('</body>', coverage);
}

/**
 * `--dump-dot FILE`: explores the state graph before the check runs, so a model
 * too large to draw is refused at once (exit 151) rather than after a long check;
 * the DOT is written after the check, with its counterexample highlighted.
 */
export function dotDumper(file: string, spec: Spec, constants: Readonly<Record<string, unknown>>): { write(outputs: OutputFiles, result: CheckResult): void } {
  const { runtime } = prepare(spec, constants);
  let graph: StateGraph;
  try {
    graph = exploreStateGraph(runtime);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`--dump-dot ${file}: ${error.message}`);
    throw error;
  }
  return { write: (outputs, result) => void outputs.write('--dump-dot', file, () => toDot(graph, result.trace)) };
}

/**
 * `vigil suite --report-dir DIR`: one HTML report per failing entry (an unmet
 * expectation), named after the entry (entries whose names map to the same file
 * get `-2`, `-3`, ... so that none overwrites another); returns the files written.
 */
export async function writeSuiteReports(outputs: OutputFiles, dir: string, outcome: SuiteOutcome, resolve: SpecResolver): Promise<string[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    outputs.fail('--report-dir', dir, error);
    return [];
  }
  const written: string[] = [];
  const reports = new Map<string, string>();
  const used = new Set<string>();
  for (const entry of outcome.entries) {
    if (entry.passed || !entry.result) continue;
    if (entry.entry.model.endsWith('.tla')) {
      // The HTML report is built from a DSL model's schema; a .tla entry is listed in the index without one.
      process.stderr.write(`vigil: --report-dir: no HTML report for ${entry.entry.name} (a .tla model; see its JUnit/JSON result)\n`);
      continue;
    }
    const file = join(dir, uniqueName(entry.entry.name, used));
    if (!writeHtmlReport(outputs, file, await resolve(entry.entry.model), entry.result, '--report-dir')) continue;
    written.push(file);
    if (!reports.has(entry.entry.name)) reports.set(entry.entry.name, basename(file));
  }
  outputs.write('--report-dir', join(dir, 'index.html'), () => toSuiteIndex(outcome.suite.name, outcome, (name) => reports.get(name)));
  return written;
}

/** A file name for an entry, safe on every file system and distinct from the ones in `used` (compared case-insensitively). */
function uniqueName(entryName: string, used: Set<string>): string {
  const stem = entryName.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'entry';
  let name = `${stem}.html`;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}.html`;
  used.add(name.toLowerCase());
  return name;
}
