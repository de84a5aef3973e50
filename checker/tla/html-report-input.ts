import type { HtmlReportInput } from '../report/html-report.js';
import type { CheckResult } from '../result.js';
import { Verbatim } from '../state/verbatim.js';
import { tlaCheckResult, tlaConstants, tlaTraceSteps } from './json-result.js';
import type { TlaModel } from './model.js';
import type { TlaSearchResult } from './search.js';
import { formatValue, type Value } from './values.js';

/**
 * The HTML report (checker/report/) of a TLA+ run: the CheckResult with every
 * value as its TLA+ text, exactly as the text output prints it (model values
 * bare, functions as `(k :> v @@ ...)`); a changed variable is shown whole. The
 * spec's invariants have no descriptions, and the explorer does not take a .tla
 * spec, so the report has neither.
 */
export function tlaDisplayResult(model: TlaModel, result: TlaSearchResult, durationMs: number): CheckResult {
  const text = (value: Value) => new Verbatim(formatValue(value));
  return {
    ...tlaCheckResult(model, result, durationMs),
    constants: tlaConstants(model, text),
    trace: result.trace.length > 0 ? tlaTraceSteps(model.variables, result.trace, text) : null,
  };
}

export function tlaHtmlReportInput(model: TlaModel, result: TlaSearchResult, durationMs: number): HtmlReportInput {
  return {
    result: tlaDisplayResult(model, result, durationMs),
    property: result.violated ? { name: result.violated, kind: 'invariant', description: null } : null,
    variables: model.variables,
  };
}
