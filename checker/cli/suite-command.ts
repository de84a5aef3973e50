import { toJUnitXml } from '../report/junit.js';
import { toJsonReport } from '../report/json.js';
import { readSuite, runSuite, type EntryOutcome } from '../config/suite.js';
import { loadSpec } from './load-spec.js';
import { OutputFiles } from './output-files.js';
import { writeSuiteReports } from './report-outputs.js';

export interface SuiteFlags {
  readonly json?: boolean;
  readonly junit?: string;
  readonly 'report-dir'?: string;
}

/** `vigil suite <file>`: exit 0 iff every expectation is met, else 1. */
export async function suiteCommand(file: string, flags: SuiteFlags): Promise<number> {
  const suite = readSuite(file);
  const outcome = await runSuite(suite, loadSpec, flags.json ? undefined : (entry) => process.stdout.write(`${entryLine(entry)}\n`));
  const outputs = new OutputFiles();
  if (flags.junit) outputs.write('--junit', flags.junit, () => toJUnitXml(outcome));
  if (flags['report-dir']) await writeSuiteReports(outputs, flags['report-dir'], outcome, loadSpec);
  const passed = outcome.entries.filter((e) => e.passed).length;
  const failed = outcome.entries.length - passed;
  if (flags.json) {
    const entries = outcome.entries.map((e) => ({
      name: e.entry.name,
      passed: e.passed,
      mismatches: e.mismatches,
      expect: e.entry.expect,
      result: e.result ? { ...toJsonReport(e.result), trace: undefined, traceLength: e.result.trace?.length ?? null } : null,
    }));
    process.stdout.write(`${JSON.stringify({ suite: suite.name, passed: outcome.passed, entries }, null, 2)}\n`);
  } else {
    process.stdout.write(`${suite.name}: ${passed} passed, ${failed} failed (${outcome.durationMs}ms)\n`);
  }
  return outputs.exitCode(outcome.passed ? 0 : 1);
}

function entryLine(outcome: EntryOutcome): string {
  const r = outcome.result;
  const summary = r
    ? `${r.verdict}${r.property ? ` ${r.property}` : ''}, ${r.distinctStates} distinct, ${r.generatedStates} generated, depth ${r.depth}` +
      `${r.trace ? `, trace ${r.trace.length}` : ''}, ${r.durationMs}ms`
    : 'did not run';
  if (outcome.passed) return `PASS ${outcome.entry.name} (${summary})`;
  return `FAIL ${outcome.entry.name} (${summary}): ${outcome.mismatches.join('; ')}`;
}
