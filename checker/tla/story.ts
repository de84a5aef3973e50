import { fit, headline, stepLine, wrap } from '../report/story.js';
import { splitActions, traceLabels } from './actions.js';
import { configConstants } from './config-constants.js';
import type { TlaModel } from './model.js';
import { isLasso } from './report.js';
import type { TlaSearchResult } from './search.js';
import { formatValue, keyOf } from './values.js';

/**
 * `vigil check Spec.tla --format story`: the counterexample as the DSL's story
 * (report/story.ts) tells it: one line of at most 72 columns per step (state
 * number, the action TLC names, the variables it changed in TLA+ syntax), the
 * verdict again and the command that reproduces the run.
 */
export function formatTlaStory(model: TlaModel, result: TlaSearchResult, command: string): string {
  const trace = result.trace;
  const lines = [fit(`${model.spec.root.name}: ${headline({ verdict: result.verdict, property: result.violated ?? null })}${trace.length ? ` (${trace.length} states)` : ''}`)];
  const constants = Object.entries(configConstants(model)).map(([name, value]) => (value.startsWith('<-') ? `${name} ${value}` : `${name} = ${value}`));
  if (constants.length) lines.push(...wrap(`with ${constants.join(', ')}`, '  '));
  const labels = traceLabels(model, splitActions(model), trace);
  for (let i = 1; i < trace.length; i++) {
    const changes = model.variables.filter((_, v) => keyOf(trace[i - 1]![v]!) !== keyOf(trace[i]![v]!)).map((name) => `${name}=${formatValue(trace[i]![model.variables.indexOf(name)]!)}`);
    // A lasso breaks its property on the loop as a whole, not in its last state.
    if (i === trace.length - 1 && result.violated && !isLasso(result)) changes.unshift(`\u2717 ${result.violated}`);
    lines.push(stepLine(String(i + 1), '', labels[i]!, changes));
  }
  if (isLasso(result)) {
    const back = result.loopBack ?? -1;
    lines.push(fit(back >= 0 ? `      \u21ba back to state ${back + 1}` : `      \u21ba stays in state ${trace.length} for ever (stuttering)`));
  }
  if (trace.length) lines.push('');
  lines.push(...wrap(`Verdict: ${result.message}`, '  '));
  if (!trace.length) lines.push(fit(`${result.distinct} distinct states, ${result.generated} generated, depth ${result.depth}.`));
  lines.push(...wrap(`Reproduce: ${command}`, '  '));
  return lines.join('\n');
}

