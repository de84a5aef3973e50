import { implies, type StatePredicate, type StepPredicate, type TemporalFormula, type TemporalPropertyDef } from '../../spec/temporal.js';
import { formulaText } from './ltl/formula-text.js';
import { planGeneralCheck, type GeneralCheck } from './ltl/general-check.js';

/**
 * Each supported formula, negated, is "a behaviour that stays in a region and
 * cycles fairly there". A check says how to find such a behaviour in the graph:
 *
 *   - `filter`: the states the violating behaviour may stay in from its seed on;
 *   - `seed`: where it enters the region (null: any region state);
 *   - `seedAtStart`: the region starts at the initial state (no free prefix);
 *   - `initially`: the initial state must satisfy it (`I => F`);
 *   - `accepting`: the cycle must visit such a state (null: no requirement);
 *   - `withoutAction`: the cycle must take no step of this action;
 *   - `safety`: `[]P`, found as a reachable state outside `filter`.
 *
 * Predicates are numbered; the graph stores one bit per predicate per state.
 * Formulas beyond these forms (general LTL) carry a `general` check instead:
 * the tableau automaton of their negation, searched in the product (ltl/).
 */
export interface TemporalCheck {
  readonly property: string;
  readonly formula: string;
  /** Literal: predicate index, negated when `negate`. */
  readonly filter: Literal | null;
  readonly seed: readonly Literal[] | null;
  readonly seedAtStart: boolean;
  readonly initially: Literal | null;
  readonly accepting: Literal | null;
  readonly withoutAction: string | null;
  readonly safety: boolean;
  readonly general: GeneralCheck | null;
}

export interface Literal {
  readonly predicate: number;
  readonly negate: boolean;
}

export interface TemporalPlan {
  readonly checks: readonly TemporalCheck[];
  readonly predicates: readonly StatePredicate<any>[];
  /** Actions named by `[]<><<A>>_v`, tracked as edge groups. */
  readonly trackedActions: readonly string[];
  /** Step predicates of general checks (`stepWhere`), recorded per edge. */
  readonly stepPredicates: readonly StepPredicate<any>[];
}

/** The fixed forms (checked directly); every other kind is general LTL. */
const FIXED_FORMS = new Set(['always', 'eventually', 'infinitelyOften', 'eventuallyAlways', 'leadsTo', 'infinitelyOftenTaken', 'stabilizesWhen', 'implies', 'and']);

export function planTemporalChecks(properties: readonly TemporalPropertyDef<any>[]): TemporalPlan {
  const predicates: StatePredicate<any>[] = [];
  const trackedActions: string[] = [];
  const stepPredicates: StepPredicate<any>[] = [];
  const checks: TemporalCheck[] = [];
  const index = (p: StatePredicate<any>) => {
    const known = predicates.indexOf(p);
    if (known >= 0) return known;
    predicates.push(p);
    return predicates.length - 1;
  };
  const not = (p: StatePredicate<any>): Literal => ({ predicate: index(p), negate: true });
  const yes = (p: StatePredicate<any>): Literal => ({ predicate: index(p), negate: false });
  const base = { filter: null, seed: null, seedAtStart: false, initially: null, accepting: null, withoutAction: null, safety: false, general: null };
  const track = (action: string) => void (trackedActions.includes(action) || trackedActions.push(action));
  const registry = {
    statePredicate: index,
    stepPredicate: (p: StepPredicate<any>) => (stepPredicates.includes(p) ? stepPredicates.indexOf(p) : stepPredicates.push(p) - 1),
    action: track,
  };

  const add = (property: string, formula: TemporalFormula<any>, initially: Literal | null, multiPart: boolean): void => {
    const name = property;
    const make = (text: string, fields: Partial<TemporalCheck>) => checks.push({ ...base, ...fields, property: name, formula: text, initially });
    if (!FIXED_FORMS.has(formula.kind) || (formula.kind === 'implies' && initially)) {
      // General LTL: `I => F` folded back into the formula when a fixed `implies` led here.
      const whole = initially ? implies(predicates[initially.predicate]!, formula) : formula;
      return void checks.push({ ...base, property: name, formula: formulaText(whole), general: planGeneralCheck(name, whole, registry) });
    }
    switch (formula.kind) {
      case 'always':
        return void make('[]P', { filter: yes(formula.p), safety: true });
      case 'eventually':
        return void make('<>P', { filter: not(formula.p), seedAtStart: true });
      case 'infinitelyOften':
        return void make('[]<>P', { filter: not(formula.p) });
      case 'eventuallyAlways':
        return void make('<>[]P', { accepting: not(formula.p) });
      case 'leadsTo':
        return void make('P ~> Q', { filter: not(formula.q), seed: [yes(formula.p), not(formula.q)] });
      case 'stabilizesWhen':
        return void make('<>[]C => <>[]P', { filter: yes(formula.condition), accepting: not(formula.p) });
      case 'infinitelyOftenTaken':
        track(formula.action);
        return void make(`[]<><<${formula.action}>>_vars`, { withoutAction: formula.action });
      case 'implies':
        return add(property, formula.then, yes(formula.initially), multiPart);
      case 'and':
        for (const part of formula.parts) add(property, part, initially, true);
        return;
    }
  };
  for (const property of properties) for (const instance of property.instances) add(instance.name, instance.formula, null, false);
  return { checks, predicates, trackedActions, stepPredicates };
}
