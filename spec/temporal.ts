import type { DeclarationSite } from './source-location.js';

/**
 * Temporal properties over state predicates (and one action form), as plain data.
 * Vigil checks a fixed set of forms exactly, under the model's fairness, with
 * TLA+'s semantics (stuttering allowed, a state without successors stutters for
 * ever). Each form is a TLA+ formula:
 *
 *   always(P)              []P        (checked on every reachable state)
 *   eventually(P)          <>P
 *   infinitelyOften(P)     []<>P
 *   eventuallyAlways(P)    <>[]P
 *   leadsTo(P, Q)          P ~> Q     ([](P => <>Q))
 *   infinitelyOftenTaken(A)  []<><<A>>_vars  (A: every instance of the action named A)
 *   stabilizesWhen(C, S)   <>[]C => <>[]S   (if C holds from some point on, so does S)
 *   implies(I, F)          I => F     (I a predicate of the initial state)
 *   and(F, G, ...)         F /\ G     (each conjunct checked and reported on its own)
 *
 * These forms keep their direct checks. Beyond them, general LTL over state
 * predicates and steps is checked through a tableau product (docs/liveness-ltl.md):
 * the same constructors take formulas as well as predicates (`always(implies(P,
 * eventuallyAlways(P)))` is `[](P => <>[]P)`), plus `not`, `or`, `until`,
 * `taken(A)` (`<<A>>_vars`) and `stepWhere((s, t) => ...)` (`<<A>>_v` for a
 * predicate of the step). A formula whose arguments are all predicates builds
 * the fixed form above; one with a formula argument builds a general node.
 */
export type StatePredicate<S> = (s: Readonly<S>) => boolean;
/** A predicate of a step from `s` to `t` (TLA+ action `A` with primed variables read from `t`). */
export type StepPredicate<S> = (s: Readonly<S>, t: Readonly<S>) => boolean;
/** A temporal formula or a state predicate (which stands for the formula "P holds now"). */
export type FormulaOrPredicate<S> = TemporalFormula<S> | StatePredicate<S>;

export type TemporalFormula<S> =
  | { readonly kind: 'always'; readonly p: StatePredicate<S> }
  | { readonly kind: 'eventually'; readonly p: StatePredicate<S> }
  | { readonly kind: 'infinitelyOften'; readonly p: StatePredicate<S> }
  | { readonly kind: 'eventuallyAlways'; readonly p: StatePredicate<S> }
  | { readonly kind: 'leadsTo'; readonly p: StatePredicate<S>; readonly q: StatePredicate<S> }
  | { readonly kind: 'infinitelyOftenTaken'; readonly action: string }
  | { readonly kind: 'stabilizesWhen'; readonly condition: StatePredicate<S>; readonly p: StatePredicate<S> }
  | { readonly kind: 'implies'; readonly initially: StatePredicate<S>; readonly then: TemporalFormula<S> }
  | { readonly kind: 'and'; readonly parts: readonly TemporalFormula<S>[] }
  | GeneralFormula<S>;

/** The general LTL nodes (checked through the tableau product, see checker/temporal/ltl/). */
export type GeneralFormula<S> =
  | { readonly kind: 'predicate'; readonly p: StatePredicate<S> }
  | { readonly kind: 'taken'; readonly action: string }
  | { readonly kind: 'stepWhere'; readonly holds: StepPredicate<S>; readonly label?: string }
  | { readonly kind: 'not'; readonly f: TemporalFormula<S> }
  | { readonly kind: 'or'; readonly parts: readonly TemporalFormula<S>[] }
  | { readonly kind: 'impliesFormula'; readonly premise: TemporalFormula<S>; readonly conclusion: TemporalFormula<S> }
  | { readonly kind: 'alwaysFormula'; readonly f: TemporalFormula<S> }
  | { readonly kind: 'eventuallyFormula'; readonly f: TemporalFormula<S> }
  | { readonly kind: 'until'; readonly f: TemporalFormula<S>; readonly g: TemporalFormula<S> };

const isPredicate = <S>(x: FormulaOrPredicate<S>): x is StatePredicate<S> => typeof x === 'function';
/** A state predicate as a formula (`P`). */
export const holds = <S>(p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'predicate', p });
const formulaOf = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => (isPredicate(x) ? holds(x) : x);

/** `[]F`: F holds from every point on (for a predicate P, checked on every reachable state). */
export const always = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => (isPredicate(x) ? { kind: 'always', p: x } : { kind: 'alwaysFormula', f: x });
/** `<>F`: F holds from some point on. */
export const eventually = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => (isPredicate(x) ? { kind: 'eventually', p: x } : { kind: 'eventuallyFormula', f: x });
/** `[]<>F`. */
export const infinitelyOften = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => (isPredicate(x) ? { kind: 'infinitelyOften', p: x } : always(eventually(x)));
/** `<>[]F`. */
export const eventuallyAlways = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => (isPredicate(x) ? { kind: 'eventuallyAlways', p: x } : eventually(always(x)));
/** `F ~> G`, that is `[](F => <>G)`. */
export const leadsTo = <S>(p: FormulaOrPredicate<S>, q: FormulaOrPredicate<S>): TemporalFormula<S> =>
  isPredicate(p) && isPredicate(q) ? { kind: 'leadsTo', p, q } : always(implies(p, eventually(q)));
/** `[]<><<A>>_vars`: a step of action `action` that changes the state happens infinitely often. */
export const infinitelyOftenTaken = <S>(action: string): TemporalFormula<S> => ({ kind: 'infinitelyOftenTaken', action });
/** `<>[]C => <>[]S`: a behaviour that ends up staying in C ends up staying in S. */
export const stabilizesWhen = <S>(condition: StatePredicate<S>, p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'stabilizesWhen', condition, p });
/**
 * `F => G`. With a predicate I and a formula, `I => F` is evaluated where it stands
 * (at the initial state at top level: TLA+ `Liveness == I => <>Q`).
 */
export const implies = <S>(premise: FormulaOrPredicate<S>, conclusion: FormulaOrPredicate<S>): TemporalFormula<S> =>
  isPredicate(premise) && !isPredicate(conclusion)
    ? { kind: 'implies', initially: premise, then: conclusion }
    : { kind: 'impliesFormula', premise: formulaOf(premise), conclusion: formulaOf(conclusion) };
/** `~F`. */
export const not = <S>(x: FormulaOrPredicate<S>): TemporalFormula<S> => ({ kind: 'not', f: formulaOf(x) });
/** `F \/ G \/ ...` (TLA+ `\E x \in S : F(x)` over a finite S is the disjunction of its instances). */
export const or = <S>(...parts: FormulaOrPredicate<S>[]): TemporalFormula<S> => ({ kind: 'or', parts: parts.map(formulaOf) });
/** `F U G`: G holds at some point, and F at every point before it (strong until; not TLA+, but stuttering-invariant). */
export const until = <S>(f: FormulaOrPredicate<S>, g: FormulaOrPredicate<S>): TemporalFormula<S> => ({ kind: 'until', f: formulaOf(f), g: formulaOf(g) });
/** `<<A>>_vars` as a formula of the current step: the step is an instance of action `action` and changes the state. */
export const taken = <S>(action: string): TemporalFormula<S> => ({ kind: 'taken', action });
/**
 * `<<A>>_v` for a step predicate: the current step satisfies `holds(s, t)` and is not
 * a stuttering step (a step that leaves the state unchanged satisfies no `stepWhere`,
 * so every formula stays invariant under stuttering). `[A]_v` is `not(stepWhere(~A))`.
 */
export const stepWhere = <S>(holdsOnStep: StepPredicate<S>, label?: string): TemporalFormula<S> => ({ kind: 'stepWhere', holds: holdsOnStep, label });
/** `F /\ G /\ ...`; at top level each conjunct is checked and reported on its own. */
export const and = <S>(...parts: FormulaOrPredicate<S>[]): TemporalFormula<S> => ({ kind: 'and', parts: parts.map(formulaOf) });

/** A declared temporal property: one instance, or one per value of `forEach` (`\A p \in D : F(p)`). */
export interface TemporalPropertyDef<S> {
  readonly name: string;
  readonly description?: string;
  readonly instances: readonly { readonly name: string; readonly formula: TemporalFormula<S> }[];
  /** Where the model declared it (for the explanation of a counterexample); resolved only when shown. */
  readonly site?: DeclarationSite;
}

/** Instance names: `StarvationFree[p1]`, so a violation names the instance. */
export function temporalInstances<S, V>(name: string, values: readonly V[] | undefined, formula: TemporalFormula<S> | ((v: V) => TemporalFormula<S>)): TemporalPropertyDef<S>['instances'] {
  if (values === undefined) {
    if (typeof formula === 'function') throw new Error(`temporal property ${name}: a formula function needs forEach values`);
    return [{ name, formula }];
  }
  if (typeof formula !== 'function') throw new Error(`temporal property ${name}: forEach needs a formula function (value) => formula`);
  return values.map((v) => ({ name: `${name}[${instanceLabel(v)}]`, formula: formula(v) }));
}

function instanceLabel(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
