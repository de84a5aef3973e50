import { canonicalKey } from '../../../spec/canonical.js';
import type { TemporalFormula } from '../../../spec/temporal.js';
import { isAssertionFailure, type RuntimeModel } from '../../runtime-model.js';

/**
 * Whether a temporal formula holds on a lasso `states[0..]`, cycle
 * `states[loop..]` back to `states[loop]` (stuttering at the last state when
 * `loop` is the last index), evaluated directly on the formula as written: no
 * normal form, no automaton. `replay` uses it to re-check a general violation,
 * and the tests use it as an independent judge of the product search.
 *
 * Each subformula becomes one truth value per position; the temporal operators
 * are fixpoints along the successor position (`[]` greatest, `<>` and `U` least).
 */
export function holdsOnLasso(model: RuntimeModel<any>, states: readonly object[], loop: number, formula: TemporalFormula<any>): boolean {
  return new LassoEvaluator(model, states, loop).truth(formula)[0]!;
}

class LassoEvaluator {
  private readonly length: number;
  private readonly keys: string[];
  private readonly nextOf: (i: number) => number;

  constructor(
    private readonly model: RuntimeModel<any>,
    private readonly states: readonly object[],
    loop: number,
  ) {
    this.length = states.length;
    this.keys = states.map((s) => canonicalKey(s));
    const last = states.length - 1;
    this.nextOf = (i) => (i < last ? i + 1 : loop);
  }

  truth(f: TemporalFormula<any>): boolean[] {
    const each = (value: (i: number) => boolean) => Array.from({ length: this.length }, (_, i) => value(i));
    const state = (p: (s: any) => boolean) => each((i) => p(this.states[i]) === true);
    const always = (a: boolean[]) => this.fixpoint(true, (i, next) => a[i]! && next);
    const eventually = (a: boolean[]) => this.fixpoint(false, (i, next) => a[i]! || next);
    const not = (a: boolean[]) => a.map((v) => !v);
    switch (f.kind) {
      case 'predicate':
        return state(f.p);
      case 'taken':
        return each((i) => this.stepTaken(i, f.action));
      case 'stepWhere':
        return each((i) => this.changes(i) && f.holds(this.states[i], this.states[this.nextOf(i)]) === true);
      case 'not':
        return not(this.truth(f.f));
      case 'and':
      case 'or': {
        const parts = f.parts.map((p) => this.truth(p));
        return each((i) => (f.kind === 'and' ? parts.every((p) => p[i]) : parts.some((p) => p[i])));
      }
      case 'impliesFormula': {
        const [a, b] = [this.truth(f.premise), this.truth(f.conclusion)];
        return each((i) => !a[i] || b[i]!);
      }
      case 'implies': {
        const [a, b] = [state(f.initially), this.truth(f.then)];
        return each((i) => !a[i] || b[i]!);
      }
      case 'alwaysFormula':
        return always(this.truth(f.f));
      case 'eventuallyFormula':
        return eventually(this.truth(f.f));
      case 'until': {
        const [a, b] = [this.truth(f.f), this.truth(f.g)];
        return this.fixpoint(false, (i, next) => b[i]! || (a[i]! && next));
      }
      case 'always':
        return always(state(f.p));
      case 'eventually':
        return eventually(state(f.p));
      case 'infinitelyOften':
        return always(eventually(state(f.p)));
      case 'eventuallyAlways':
        return eventually(always(state(f.p)));
      case 'leadsTo': {
        const [p, q] = [state(f.p), eventually(state(f.q))];
        return always(each((i) => !p[i] || q[i]!));
      }
      case 'infinitelyOftenTaken':
        return always(eventually(each((i) => this.stepTaken(i, f.action))));
      case 'stabilizesWhen': {
        const [c, p] = [eventually(always(state(f.condition))), eventually(always(state(f.p)))];
        return each((i) => !c[i] || p[i]!);
      }
      default:
        throw new Error(`unsupported temporal form "${String((f as { kind?: unknown }).kind)}"`);
    }
  }

  /** The fixpoint of `value(i, value at next(i))` from `start`, iterated until stable. */
  private fixpoint(start: boolean, value: (i: number, next: boolean) => boolean): boolean[] {
    const result = new Array<boolean>(this.length).fill(start);
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = this.length - 1; i >= 0; i--) {
        const v = value(i, result[this.nextOf(i)]!);
        if (v !== result[i]) (result[i] = v), (changed = true);
      }
    }
    return result;
  }

  private changes(i: number): boolean {
    return this.keys[i] !== this.keys[this.nextOf(i)];
  }

  /** `<<A>>_vars` on step i: some instance of A leads from state i to the next state, which differs. */
  private stepTaken(i: number, action: string): boolean {
    if (!this.changes(i)) return false;
    const target = this.keys[this.nextOf(i)];
    let found = false;
    this.model.forEachSuccessor(
      this.states[i],
      this.model.codec.createScratch(),
      (next, step) => {
        if (!found && step.action.name === action && canonicalKey(next) === target) found = true;
      },
      isAssertionFailure,
    );
    return found;
  }
}
