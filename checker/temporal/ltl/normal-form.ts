import type { StatePredicate, StepPredicate, TemporalFormula } from '../../../spec/temporal.js';
import { SpecLoadError } from '../../errors.js';

/**
 * General LTL in negation normal form, hash-consed: every node has a small id and
 * structurally equal nodes are the same object, so the tableau can keep sets of
 * ids. Negation sits only on atoms. `[]F` is `false R F`, `<>F` is `true U F`.
 *
 * Atoms are what a position of a behaviour is judged on: a state predicate of the
 * current state, or a predicate of the current step (`taken(A)`, `stepWhere`),
 * which is false on a stuttering step.
 */
export type Atom =
  | { readonly kind: 'state'; readonly predicate: number }
  | { readonly kind: 'taken'; readonly action: string }
  | { readonly kind: 'step'; readonly predicate: number };

export type Nnf =
  | { readonly id: number; readonly op: 'true' | 'false' }
  | { readonly id: number; readonly op: 'literal'; readonly atom: number; readonly negate: boolean }
  | { readonly id: number; readonly op: 'and' | 'or' | 'until' | 'release'; readonly a: Nnf; readonly b: Nnf };

/** A temporal form this checker does not handle, named in the message (exit 150, as any spec error). */
export class UnsupportedTemporalForm extends SpecLoadError {
  constructor(message: string) {
    super(message);
  }
}

/** Interns atoms and formula nodes; registers state and step predicates with the plan. */
export class FormulaTable {
  readonly atoms: Atom[] = [];
  private readonly nodes = new Map<string, Nnf>();
  private readonly atomIds = new Map<string, number>();

  constructor(
    private readonly statePredicate: (p: StatePredicate<any>) => number,
    private readonly stepPredicate: (p: StepPredicate<any>) => number,
  ) {}

  get size(): number {
    return this.nodes.size;
  }

  constant(value: boolean): Nnf {
    return this.node(value ? 'true' : 'false', {});
  }

  literal(atom: Atom, negate: boolean): Nnf {
    const key = atom.kind === 'taken' ? `taken:${atom.action}` : `${atom.kind}:${atom.predicate}`;
    let id = this.atomIds.get(key);
    if (id === undefined) {
      id = this.atoms.length;
      this.atoms.push(atom);
      this.atomIds.set(key, id);
    }
    return this.node(`literal:${id}:${negate}`, { op: 'literal', atom: id, negate });
  }

  binary(op: 'and' | 'or' | 'until' | 'release', a: Nnf, b: Nnf): Nnf {
    // Cheap simplifications keep the tableau small; they preserve the meaning exactly.
    if (op === 'and' || op === 'or') {
      const unit = op === 'and' ? 'true' : 'false';
      const zero = op === 'and' ? 'false' : 'true';
      if (a.op === zero || b.op === zero) return this.constant(op === 'or');
      if (a.op === unit) return b;
      if (b.op === unit) return a;
      if (a.id === b.id) return a;
    }
    return this.node(`${op}:${a.id}:${b.id}`, { op, a, b });
  }

  /** The negation normal form of `formula`, or of its negation when `negate`. */
  convert(formula: TemporalFormula<any>, negate: boolean): Nnf {
    const state = (p: StatePredicate<any>, neg: boolean) => this.literal({ kind: 'state', predicate: this.statePredicate(p) }, neg);
    const always = (f: Nnf) => this.binary('release', this.constant(false), f);
    const eventually = (f: Nnf) => this.binary('until', this.constant(true), f);
    // Builds the positive formula from parts, then negates through the dual operators.
    const positive = (f: TemporalFormula<any>): Nnf => this.convert(f, false);
    const negative = (f: TemporalFormula<any>): Nnf => this.convert(f, true);
    const polar = (f: TemporalFormula<any>, neg: boolean) => (neg ? negative(f) : positive(f));
    const both = (op: 'and' | 'or', parts: readonly Nnf[]) => parts.reduce((acc, p) => this.binary(op, acc, p), this.constant(op === 'and'));
    const conj = negate ? 'or' : 'and';
    const disj = negate ? 'and' : 'or';
    // []F and its dual <>~F, with F given by its two polarities.
    const box = (f: () => Nnf, notF: () => Nnf) => (negate ? eventually(notF()) : always(f()));
    const diamond = (f: () => Nnf, notF: () => Nnf) => (negate ? always(notF()) : eventually(f()));
    switch (formula.kind) {
      case 'predicate':
        return state(formula.p, negate);
      case 'taken':
        return this.literal({ kind: 'taken', action: formula.action }, negate);
      case 'stepWhere':
        return this.literal({ kind: 'step', predicate: this.stepPredicate(formula.holds) }, negate);
      case 'not':
        return polar(formula.f, !negate);
      case 'and':
        return both(conj, formula.parts.map((p) => polar(p, negate)));
      case 'or':
        return both(disj, formula.parts.map((p) => polar(p, negate)));
      case 'impliesFormula':
        return this.binary(disj, polar(formula.premise, !negate), polar(formula.conclusion, negate));
      case 'implies':
        return this.binary(disj, state(formula.initially, !negate), polar(formula.then, negate));
      case 'alwaysFormula':
        return box(() => positive(formula.f), () => negative(formula.f));
      case 'eventuallyFormula':
        return diamond(() => positive(formula.f), () => negative(formula.f));
      case 'until':
        return negate ? this.binary('release', negative(formula.f), negative(formula.g)) : this.binary('until', positive(formula.f), positive(formula.g));
      case 'always':
        return box(() => state(formula.p, false), () => state(formula.p, true));
      case 'eventually':
        return diamond(() => state(formula.p, false), () => state(formula.p, true));
      case 'infinitelyOften':
        return negate ? eventually(always(state(formula.p, true))) : always(eventually(state(formula.p, false)));
      case 'eventuallyAlways':
        return negate ? always(eventually(state(formula.p, true))) : eventually(always(state(formula.p, false)));
      case 'leadsTo': {
        const body = (neg: boolean) => this.binary(neg ? 'and' : 'or', state(formula.p, !neg), neg ? always(state(formula.q, true)) : eventually(state(formula.q, false)));
        return negate ? eventually(body(true)) : always(body(false));
      }
      case 'infinitelyOftenTaken': {
        const step = (neg: boolean) => this.literal({ kind: 'taken', action: formula.action }, neg);
        return negate ? eventually(always(step(true))) : always(eventually(step(false)));
      }
      case 'stabilizesWhen': {
        // <>[]C => <>[]P  ==  []<>~C \/ <>[]P; negated: <>[]C /\ []<>~P.
        const c = (neg: boolean) => state(formula.condition, neg);
        const p = (neg: boolean) => state(formula.p, neg);
        return negate
          ? this.binary('and', eventually(always(c(false))), always(eventually(p(true))))
          : this.binary('or', always(eventually(c(true))), eventually(always(p(false))));
      }
      default:
        throw new UnsupportedTemporalForm(`unsupported temporal form "${String((formula as { kind?: unknown }).kind)}": the checker handles []F, <>F, F ~> G, F U G, ~F, F /\\ G, F \\/ G, F => G over state predicates and steps (<<A>>_v)`);
    }
  }

  private node(key: string, fields: object): Nnf {
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { id: this.nodes.size, op: key.split(':')[0], ...fields } as Nnf;
      this.nodes.set(key, node);
    }
    return node;
  }
}
