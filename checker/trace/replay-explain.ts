import type { Expansion } from '../explorer/successors.js';
import { formatValue } from '../state/format-value.js';
import { formatStep, type RuntimeModel } from '../runtime-model.js';
import { leafChanges, sameValue } from '../state/state-diff.js';

/**
 * Why a trace state is not a legal step, as specifically as the model allows:
 * the right state under the wrong label, the labelled action giving other values
 * (named variable by variable), a failing or disabled step, or no step at all.
 * `i` is the index of `target` in the trace.
 */
export function explainIllegal(model: RuntimeModel<any>, current: object, expansion: Expansion<any>, target: Record<string, unknown>, label: string | undefined, i: number): string {
  const here = `states[${i}]`;
  const equal = expansion.successors.filter((s) => sameValue(s.state, target));
  if (label !== undefined && equal.length > 0) return `#meta.action says "${label}", but the state is reached only by ${quoteAll(equal.map((s) => s.label))}`;
  if (label === undefined) {
    const closest = closestBy(expansion.successors, (s) => s.state, target);
    if (!closest) return `states[${i - 1}] has no enabled step`;
    return `no enabled step leads to it (closest: ${closest.label} gives ${mismatch(closest.state, target, here)})`;
  }
  const sameLabel = expansion.successors.filter((s) => s.label === label);
  const closest = closestBy(sameLabel, (s) => s.state, target);
  if (closest) return `${label} gives ${mismatch(closest.state, target, here)}`;
  const failure = expansion.failures.find((f) => f.label === label);
  if (failure) return `${label} fails there: ${failure.message}`;
  const exists = [...model.stepsOf(current)].some((step) => formatStep(step) === label);
  const enabled = expansion.successors.map((s) => s.label);
  const enabledText = enabled.length ? `enabled: ${enabled.join(', ')}` : 'no step is enabled';
  return exists ? `"${label}" is not enabled there (${enabledText})` : `the model has no step "${label}" there (${enabledText})`;
}

/** `big = 0, but states[3] has big = 1` (at most three differences). */
export function mismatch(modelState: object, traceState: object, where: string): string {
  const leaves = Object.keys(traceState).flatMap((name) =>
    leafChanges((traceState as Record<string, unknown>)[name], (modelState as Record<string, unknown>)[name]).map((leaf) => ({ name: `${name}${leaf.path}`, ...leaf })),
  );
  const shown = leaves.slice(0, 3);
  const more = leaves.length > 3 ? ` (and ${leaves.length - 3} more differences)` : '';
  const ours = shown.map((l) => `${l.name} = ${formatValue(l.after)}`).join(', ');
  const theirs = shown.map((l) => `${l.name} = ${formatValue(l.before)}`).join(', ');
  return `${ours}, but ${where} has ${theirs}${more}`;
}

/** The candidate whose state differs from `target` in the fewest leaves (first on ties). */
export function closestBy<T>(candidates: readonly T[], stateOf: (c: T) => object, target: object): T | undefined {
  let best: T | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const state = stateOf(candidate) as Record<string, unknown>;
    const score = Object.keys(target).reduce((sum, name) => sum + leafChanges(state[name], (target as Record<string, unknown>)[name]).length, 0);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

function quoteAll(labels: readonly string[]): string {
  return labels.map((l) => `"${l}"`).join(' or ');
}
