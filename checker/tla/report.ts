import type { TlaModel } from './model.js';
import type { TlaSearchResult } from './search.js';
import { formatValue, type Value } from './values.js';

/**
 * A TLA+ run's outcome in TLC's text format (states as TLA+ conjunctions, model
 * values bare). The JSON report is json-result.ts.
 */

export function formatTlaState(variables: readonly string[], state: readonly Value[]): string {
  return variables.map((name, i) => `/\\ ${name} = ${formatValue(state[i]!)}`).join('\n');
}

export function formatTlaResult(model: TlaModel, result: TlaSearchResult): string {
  const lines = tlaVerdictLines(model, result);
  lines.push(`${result.generated} states generated, ${result.distinct} distinct states found, ${result.queueLeft} states left on queue.`);
  lines.push(`The depth of the complete state graph search is ${result.depth}.`);
  return lines.join('\n');
}

/** The verdict and, for a violation, the behaviour that shows it (TLC's "Error: ..." block). */
export function tlaVerdictLines(model: TlaModel, result: Pick<TlaSearchResult, 'verdict' | 'message' | 'trace'>): string[] {
  const lines: string[] = [];
  if (result.verdict === 'ok') {
    lines.push('Model checking completed. No error has been found.');
    if (model.properties.length > 0) lines.push(`  (temporal properties not checked: ${model.properties.map((p) => p.name).join(', ')})`);
  } else {
    lines.push(`Error: ${result.message}`);
    if (result.trace.length > 0) {
      lines.push('Error: The behavior up to this point is:');
      result.trace.forEach((state, i) => {
        lines.push(`State ${i + 1}: ${i === 0 ? '<Initial predicate>' : '<Next>'}`, formatTlaState(model.variables, state), '');
      });
    }
  }
  return lines;
}
