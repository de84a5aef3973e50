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
 * General LTL (nesting beyond these forms) is not supported.
 */
export type StatePredicate<S> = (s: Readonly<S>) => boolean;

export type TemporalFormula<S> =
  | { readonly kind: 'always'; readonly p: StatePredicate<S> }
  | { readonly kind: 'eventually'; readonly p: StatePredicate<S> }
  | { readonly kind: 'infinitelyOften'; readonly p: StatePredicate<S> }
  | { readonly kind: 'eventuallyAlways'; readonly p: StatePredicate<S> }
  | { readonly kind: 'leadsTo'; readonly p: StatePredicate<S>; readonly q: StatePredicate<S> }
  | { readonly kind: 'infinitelyOftenTaken'; readonly action: string }
  | { readonly kind: 'stabilizesWhen'; readonly condition: StatePredicate<S>; readonly p: StatePredicate<S> }
  | { readonly kind: 'implies'; readonly initially: StatePredicate<S>; readonly then: TemporalFormula<S> }
  | { readonly kind: 'and'; readonly parts: readonly TemporalFormula<S>[] };

export const always = <S>(p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'always', p });
export const eventually = <S>(p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'eventually', p });
export const infinitelyOften = <S>(p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'infinitelyOften', p });
export const eventuallyAlways = <S>(p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'eventuallyAlways', p });
export const leadsTo = <S>(p: StatePredicate<S>, q: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'leadsTo', p, q });
/** `[]<><<A>>_vars`: a step of action `action` that changes the state happens infinitely often. */
export const infinitelyOftenTaken = <S>(action: string): TemporalFormula<S> => ({ kind: 'infinitelyOftenTaken', action });
/** `<>[]C => <>[]S`: a behaviour that ends up staying in C ends up staying in S. */
export const stabilizesWhen = <S>(condition: StatePredicate<S>, p: StatePredicate<S>): TemporalFormula<S> => ({ kind: 'stabilizesWhen', condition, p });
/** `I => F` where I is evaluated in the initial state (TLA+ `Liveness == I => <>Q`). */
export const implies = <S>(initially: StatePredicate<S>, then: TemporalFormula<S>): TemporalFormula<S> => ({ kind: 'implies', initially, then });
export const and = <S>(...parts: TemporalFormula<S>[]): TemporalFormula<S> => ({ kind: 'and', parts });

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
