import { AssertionError } from 'node:assert';
import type { Verdict } from '../search/outcome.js';
import type { JsonReport } from './check.js';

/**
 * Assertions on a check's report that read well in any test runner: each throws an
 * AssertionError (which ava, node:test and vitest all report as a failure) naming
 * every field that differs, and the report's own message.
 */
export interface Expected {
  readonly verdict?: Verdict;
  readonly property?: string | null;
  readonly distinctStates?: number;
  readonly generatedStates?: number;
  readonly depth?: number;
  /** States in the counterexample, the initial one included. */
  readonly traceLength?: number;
  readonly complete?: boolean;
  /** The exact list of never-enabled actions (usually `[]`). */
  readonly neverEnabled?: readonly string[];
}

/** `expectVerdict(report, 'ok')` or `expectVerdict(report, { verdict: 'invariant', property: 'Safe', traceLength: 7 })`. */
export function expectVerdict(report: JsonReport, expected: Verdict | Expected): void {
  const wanted: Expected = typeof expected === 'string' ? { verdict: expected } : expected;
  const actual: Record<keyof Expected, unknown> = {
    verdict: report.verdict,
    property: report.property,
    distinctStates: report.distinctStates,
    generatedStates: report.generatedStates,
    depth: report.depth,
    traceLength: report.trace?.length ?? null,
    complete: report.complete,
    neverEnabled: report.neverEnabled,
  };
  const differences: string[] = [];
  for (const key of Object.keys(wanted) as (keyof Expected)[]) {
    if (JSON.stringify(wanted[key]) !== JSON.stringify(actual[key])) {
      differences.push(`${key}: expected ${JSON.stringify(wanted[key])}, got ${JSON.stringify(actual[key])}`);
    }
  }
  if (differences.length === 0) return;
  const why = report.message ? ` (${report.message})` : '';
  throw new AssertionError({ message: `model ${report.model}: ${differences.join('; ')}${why}`, actual: report, expected: wanted, operator: 'expectVerdict' });
}

/** Every property holds on the whole state space, no action is dead; optionally exact counts. */
export function expectOk(report: JsonReport, counts: Omit<Expected, 'verdict' | 'property' | 'traceLength'> = {}): void {
  expectVerdict(report, { verdict: 'ok', complete: true, neverEnabled: [], ...counts });
}

/** The named property is violated; optionally with a counterexample of exactly `traceLength` states. */
export function expectViolation(report: JsonReport, property: string, details: { verdict?: Verdict; traceLength?: number } = {}): void {
  if (report.verdict === 'ok' || report.verdict === 'incomplete' || report.verdict === 'error') {
    expectVerdict(report, { verdict: details.verdict ?? 'invariant', property });
  }
  expectVerdict(report, { property, ...details });
}
