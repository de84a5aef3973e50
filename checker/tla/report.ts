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

/** `skipped`: PROPERTY names left unchecked on request (--no-liveness), said so in the output. */
export function formatTlaResult(model: TlaModel, result: TlaSearchResult, skipped: readonly string[] = []): string {
  const lines = tlaVerdictLines(model, result, skipped);
  lines.push(`${result.generated} states generated, ${result.distinct} distinct states found, ${result.queueLeft} states left on queue.`);
  lines.push(`The depth of the ${result.cut ? '' : 'complete '}state graph search is ${result.depth}.`);
  return lines.join('\n');
}

/** The verdict and, for a violation, the behaviour that shows it (TLC's "Error: ..." block). */
export function tlaVerdictLines(
  model: TlaModel,
  result: Pick<TlaSearchResult, 'verdict' | 'message' | 'trace' | 'violated' | 'loopBack' | 'cut'>,
  skipped: readonly string[] = [],
): string[] {
  const lines: string[] = [];
  if (result.verdict === 'ok') {
    lines.push('Model checking completed. No error has been found.');
    if (skipped.length > 0) lines.push(`  (temporal properties not checked, --no-liveness: ${skipped.join(', ')})`);
    if (result.cut) lines.push(result.message);
  } else if (result.verdict === 'incomplete') {
    lines.push(result.message);
  } else if (result.verdict === 'property') {
    // TLC's lasso: the states, then the state the behaviour returns to (or stutters in).
    lines.push(`Error: ${result.message}`, `Error: The following behavior constitutes a counter-example (property ${result.violated}):`, '');
    result.trace.forEach((state, i) => {
      lines.push(`State ${i + 1}: ${i === 0 ? '<Initial predicate>' : '<Next>'}`, formatTlaState(model.variables, state), '');
    });
    const back = result.loopBack ?? -1;
    lines.push(back >= 0 ? `State ${result.trace.length + 1}: Back to state ${back + 1}.` : `State ${result.trace.length + 1}: Stuttering`, '');
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
