import type { TlaModel } from './model.js';
import type { TlaSearchResult } from './search.js';
import { formatValue, keyOf, type Value } from './values.js';

/**
 * A TLA+ run's outcome in TLC's text format (states as TLA+ conjunctions, model
 * values bare). The JSON report is json-result.ts.
 */

/**
 * `previous`: print only the variables that differ from it (TLC's -difftrace).
 * A state of one variable is `x = 0`, without the conjunction bullet, as TLC
 * prints it.
 */
export function formatTlaState(variables: readonly string[], state: readonly Value[], previous?: readonly Value[]): string {
  const bullet = variables.length === 1 ? '' : '/\\ ';
  const shown = variables.map((name, i) => (previous && keyOf(previous[i]!) === keyOf(state[i]!) ? null : `${bullet}${name} = ${formatValue(state[i]!)}`));
  return shown.filter((line) => line !== null).join('\n');
}

/** `--diff`: each state after the first shows only what changed; `labels`: each step's action (actions.ts traceLabels) instead of `<Next>`. */
export interface TlaTraceOptions {
  readonly diffOnly?: boolean;
  readonly labels?: readonly string[];
}

/** A behaviour as TLC prints it: `State N: <action>`, then the state's variables, then a blank line. */
export function formatTlaTrace(variables: readonly string[], trace: readonly (readonly Value[])[], options: TlaTraceOptions = {}): string[] {
  return trace.flatMap((state, i) => {
    const label = i === 0 ? 'Initial predicate' : (options.labels?.[i] ?? 'Next');
    return [`State ${i + 1}: <${label}>`, formatTlaState(variables, state, options.diffOnly && i > 0 ? trace[i - 1] : undefined), ''];
  });
}

/** `skipped`: PROPERTY names left unchecked on request (--no-liveness), said so in the output. */
export function formatTlaResult(model: TlaModel, result: TlaSearchResult, skipped: readonly string[] = [], options: TlaTraceOptions = {}): string {
  const lines = tlaVerdictLines(model, result, skipped, options);
  // A false (or failing) ASSUME stops TLC before the search: it prints no counts.
  if (result.verdict === 'assumption') return lines.join('\n');
  lines.push(`${result.generated} states generated, ${result.distinct} distinct states found, ${result.queueLeft} states left on queue.`);
  lines.push(`The depth of the ${result.cut ? '' : 'complete '}state graph search is ${result.depth}.`);
  return lines.join('\n');
}

/** The verdict and, for a violation, the behaviour that shows it (TLC's "Error: ..." block). */
export function tlaVerdictLines(
  model: TlaModel,
  result: Pick<TlaSearchResult, 'verdict' | 'message' | 'trace' | 'violated' | 'loopBack' | 'cut'>,
  skipped: readonly string[] = [],
  options: TlaTraceOptions = {},
): string[] {
  const lines: string[] = [];
  if (result.verdict === 'ok') {
    lines.push('Model checking completed. No error has been found.');
    if (skipped.length > 0) lines.push(`  (temporal properties not checked, --no-liveness: ${skipped.join(', ')})`);
    if (result.cut) lines.push(result.message);
  } else if (result.verdict === 'incomplete') {
    lines.push(result.message);
  } else if (isLasso(result)) {
    // TLC's lasso: the states, then the state the behaviour returns to (or stutters in).
    // (A safety part's violation has no loop: it is printed as an invariant's, below.)
    lines.push(`Error: ${result.message}`, `Error: The following behavior constitutes a counter-example (property ${result.violated}):`, '');
    lines.push(...formatTlaTrace(model.variables, result.trace, options));
    const back = result.loopBack ?? -1;
    lines.push(back >= 0 ? `State ${result.trace.length + 1}: Back to state ${back + 1}.` : `State ${result.trace.length + 1}: Stuttering`, '');
  } else if (initialStateViolation(result) !== null) {
    // TLC names the initial state in the message and prints it alone, without a "State 1:" header.
    lines.push(`Error: ${initialStateViolation(result)}`, formatTlaState(model.variables, result.trace[0]!), '');
  } else {
    lines.push(`Error: ${result.message}`);
    if (result.trace.length > 0) {
      lines.push('Error: The behavior up to this point is:');
      lines.push(...formatTlaTrace(model.variables, result.trace, options));
    }
  }
  return lines;
}

/** A PROPERTY violated by a behaviour with a loop (a safety part's violation ends at its bad state instead, with no loopBack). */
export function isLasso(result: Pick<TlaSearchResult, 'verdict' | 'loopBack'>): boolean {
  return result.verdict === 'property' && result.loopBack !== undefined;
}

/**
 * TLC's line for an invariant or a PROPERTY's initial predicate violated by an
 * initial state ("Invariant P is violated by the initial state:"); null for
 * any other outcome.
 */
function initialStateViolation(result: Pick<TlaSearchResult, 'verdict' | 'message' | 'trace' | 'violated'>): string | null {
  if (result.trace.length !== 1 || result.violated === undefined) return null;
  if (result.verdict === 'invariant') return `Invariant ${result.violated} is violated by the initial state:`;
  if (result.verdict === 'property' && result.message.endsWith(' is violated by the initial state.')) return `${result.message.slice(0, -1)}:`;
  return null;
}
