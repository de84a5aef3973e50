import type { StatePredicate, StepPredicate, TemporalFormula } from '../../../spec/temporal.js';
import type { LassoPath } from '../fair-cycle.js';
import type { FairnessGroups } from '../fairness-groups.js';
import type { LivenessGraph } from '../liveness-graph.js';
import { AcceptingCycleSearch } from './accepting-cycle.js';
import { FormulaTable, UnsupportedTemporalForm, type Atom } from './normal-form.js';
import { buildProduct } from './product.js';
import { shortenLasso } from './shorten-lasso.js';
import { buildAutomaton, type Automaton } from './tableau.js';

/** A property checked by the general path: the automaton of its negation and the atoms it reads. */
export interface GeneralCheck {
  readonly formula: TemporalFormula<any>;
  readonly automaton: Automaton;
  readonly atoms: readonly Atom[];
}

/** How a general check's atoms are registered with the plan (so the graph records them). */
export interface AtomRegistry {
  statePredicate(p: StatePredicate<any>): number;
  stepPredicate(p: StepPredicate<any>): number;
  action(name: string): void;
}

/**
 * Negates `formula`, puts it in negation normal form and builds its tableau
 * automaton. A form outside general LTL is refused with the property's name.
 */
export function planGeneralCheck(property: string, formula: TemporalFormula<any>, registry: AtomRegistry): GeneralCheck {
  const table = new FormulaTable(
    (p) => registry.statePredicate(p),
    (p) => registry.stepPredicate(p),
  );
  try {
    const negated = table.convert(formula, true);
    for (const atom of table.atoms) if (atom.kind === 'taken') registry.action(atom.action);
    return { formula, automaton: buildAutomaton(negated), atoms: table.atoms };
  } catch (error) {
    if (error instanceof UnsupportedTemporalForm) throw new UnsupportedTemporalForm(`temporal property ${property}: ${error.message}`);
    throw error;
  }
}

/** A fair behaviour of the graph that violates the check's formula, or null when it holds. */
export function findGeneralViolation(graph: LivenessGraph, groups: FairnessGroups, check: GeneralCheck): LassoPath | null {
  const lasso = searchProduct(graph, groups, check);
  return lasso && shortenLasso(graph, groups, lasso, (candidate) => searchProduct(candidate, groups, check));
}

function searchProduct(graph: LivenessGraph, groups: FairnessGroups, check: GeneralCheck): LassoPath | null {
  const product = buildProduct(graph, groups, check.automaton, check.atoms);
  return new AcceptingCycleSearch(graph, groups, check.automaton, product).find();
}
