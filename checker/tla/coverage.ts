import { evaluateIn, type TlaModel } from './model.js';
import { forEachActionSuccessor, splitActions } from './actions.js';
import { visitedSet } from './search.js';
import type { TlaSearchResult } from './search.js';
import type { Value } from './values.js';

/**
 * `vigil check Spec.tla --coverage`: TLC's per-action coverage (its
 * `<Action ...>: distinct:generated` lines): for the initial predicate and each
 * action of Next (actions.ts), how many states it generated and how many of
 * them were new distinct states. Computed by a second breadth-first search
 * over the same state identity as the check (VIEW, SYMMETRY), action by action,
 * so the columns add up to the check's totals; only after a complete check
 * (a search stopped at a violation could run for ever the second time).
 */
export interface TlaActionCoverage {
  readonly label: string;
  readonly distinct: number;
  readonly generated: number;
}

export function tlaCoverage(model: TlaModel): TlaActionCoverage[] {
  const visit = visitedSet(model);
  const actions = splitActions(model);
  const init = { label: 'Init', distinct: 0, generated: 0 };
  const rows = actions.map((action) => ({ label: action.label, distinct: 0, generated: 0 }));
  const states: Value[][] = [];
  const inModel = (state: readonly Value[]) => model.constraints.every((c) => evaluateIn(c.expr, model.scope, state) === true);
  const allowed = (from: readonly Value[], to: readonly Value[]) => model.actionConstraints.every((c) => evaluateIn(c.expr, model.scope, from, to) === true);
  const keep = (state: Value[], row: { distinct: number }) => {
    if (visit(state, states.length) >= 0) return;
    states.push(state.slice());
    row.distinct++;
  };
  model.enumerator.initStates(model.init, model.scope, (state) => {
    init.generated++;
    if (inModel(state)) keep(state, init);
  });
  for (let head = 0; head < states.length; head++) {
    const current = states[head]!;
    actions.forEach((action, i) => {
      const row = rows[i]!;
      forEachActionSuccessor(model, action, current, (next) => {
        row.generated++;
        if (inModel(next) && allowed(current, next)) keep(next, row);
      });
      // A \cdot's intermediate states count as generated (search.ts): the action's.
      row.generated += model.enumerator.takeIntermediate();
    });
  }
  return [init, ...byLabel(rows)];
}

/** TLC reports an action once, however many values of an existential split it: rows with one label added up, in first-seen order. */
function byLabel(rows: readonly TlaActionCoverage[]): TlaActionCoverage[] {
  const merged = new Map<string, { label: string; distinct: number; generated: number }>();
  for (const row of rows) {
    const known = merged.get(row.label);
    if (known) {
      known.distinct += row.distinct;
      known.generated += row.generated;
    } else merged.set(row.label, { ...row });
  }
  return [...merged.values()];
}

/** TLC's lines, `<Inc>: 4:8` (distinct:generated), or why there are none. */
export function formatTlaCoverage(result: TlaSearchResult, coverage: readonly TlaActionCoverage[] | null): string[] {
  if (!coverage) return [`Coverage: not computed, the check did not complete (${result.cut === undefined ? result.verdict : `cut by ${result.cut}`}).`];
  return ['Coverage by action (distinct new states:states generated):', ...coverage.map((row) => `<${row.label}>: ${row.distinct}:${row.generated}`), 'End of coverage.'];
}
