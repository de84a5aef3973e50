import type { TemporalFormula } from '../../spec/temporal.js';
import type { Expr, Location } from './ast.js';
import { TlaEvalError, TlaUnsupportedPropertyError } from './errors.js';
import { bindLet, bindParams, evaluate, forEachBinding, instanceScope } from './eval.js';
import { childExprs } from './level.js';
import { Thunk, type EvalContext, type Frame, type Scope, type ScopeEntry } from './scope.js';
import type { StateEnumerator } from './enumerate.js';
import type { Value } from './values.js';

/**
 * A TLA+ temporal formula (a PROPERTY, with the specification's WF/SF
 * conjuncts) as a formula of the project's LTL engine (spec/temporal.ts),
 * whose atoms are TLA+ expressions evaluated by the TLA+ evaluator:
 *
 *   - a state-level expression is a state predicate;
 *   - `[][A]_v` is `[]~step(~[A]_v)` and `<><<A>>_v` is `<>step(<<A>>_v)`: the
 *     engine's step atoms are false on a stuttering step, which is exactly
 *     what `<<A>>_v` is there (and `[A]_v` true), so the formula stays
 *     invariant under stuttering as TLA+ requires;
 *   - `WF_v(A)` is `[]<>~ENABLED <<A>>_v \/ []<><<A>>_v`, `SF_v(A)` is
 *     `<>[]~ENABLED <<A>>_v \/ []<><<A>>_v` (ENABLED by the successor
 *     enumeration);
 *   - `[]`, `<>`, `~>`, `/\`, `\/`, `~`, `=>`, `<=>`, bounded `\A`/`\E` over
 *     temporal bodies (expanded over their constant domains), definitions,
 *     LET and instance operators (`C!Spec`) are walked.
 *
 * Any other form (an action outside `[][A]_v`/`<><<A>>_v`, `\EE`, `-+->`,
 * an unbounded quantifier over a temporal formula) is refused with its name.
 */

export type TlaState = readonly Value[];
type Formula = TemporalFormula<TlaState>;

/** A WF/SF conjunct as the engine's fairness group: where <<A>>_v is enabled, and which steps take it. */
export interface FairnessAtoms {
  readonly strong: boolean;
  readonly label: string;
  readonly enabled: (s: TlaState) => boolean;
  readonly taken: (s: TlaState, t: TlaState) => boolean;
}

export class TemporalTranslator {
  constructor(
    private readonly enumerator: StateEnumerator,
    private readonly property: string,
  ) {}

  translate(e: Expr, frame: Frame | null, scope: Scope): Formula {
    switch (e.k) {
      case 'always':
        if (e.x.k === 'step' && e.x.stutter) {
          const box = e.x;
          const violated = this.step({ ...box, stutter: false, action: { k: 'app', name: '$lnot', args: [box.action], at: box.at } }, frame, scope);
          return { kind: 'alwaysFormula', f: { kind: 'not', f: violated } };
        }
        return { kind: 'alwaysFormula', f: this.translate(e.x, frame, scope) };
      case 'eventually':
        if (e.x.k === 'step' && !e.x.stutter) return { kind: 'eventuallyFormula', f: this.step(e.x, frame, scope) };
        return { kind: 'eventuallyFormula', f: this.translate(e.x, frame, scope) };
      case 'leadsTo':
        return { kind: 'alwaysFormula', f: { kind: 'impliesFormula', premise: this.translate(e.l, frame, scope), conclusion: { kind: 'eventuallyFormula', f: this.translate(e.r, frame, scope) } } };
      case 'and':
        return { kind: 'and', parts: e.items.map((i) => this.translate(i, frame, scope)) };
      case 'or':
        return { kind: 'or', parts: e.items.map((i) => this.translate(i, frame, scope)) };
      case 'fair':
        return this.fairness(e, frame, scope);
      case 'quant':
        if (this.temporal(e.body, frame, scope)) return this.expandQuantifier(e, frame, scope);
        break;
      case 'let':
        if (this.temporal(e.body, frame, scope)) return this.translate(e.body, bindLet(e.defs, frame, scope), scope);
        break;
      case 'app':
        if (this.temporal(e, frame, scope)) return this.application(e, frame, scope);
        break;
      case 'inst':
        if (this.temporal(e, frame, scope)) {
          const target = instanceScope(e.path, frame, scope, emptyContext(), e.at);
          const entry = target.get(e.name);
          if (entry?.kind === 'def') return this.translate(entry.closure.body, bindParams(entry.closure, e.args, frame, scope, e.at), entry.closure.scope);
        }
        break;
      case 'if':
        if (this.temporal(e, frame, scope)) {
          // IF c THEN F ELSE G, c a state predicate: (c => F) /\ (~c => G).
          const c = this.translate(e.cond, frame, scope);
          return {
            kind: 'and',
            parts: [
              { kind: 'impliesFormula', premise: c, conclusion: this.translate(e.then, frame, scope) },
              { kind: 'impliesFormula', premise: { kind: 'not', f: c }, conclusion: this.translate(e.else, frame, scope) },
            ],
          };
        }
        break;
      case 'step':
        this.refuse(`the action ${e.stutter ? '[A]_v' : '<<A>>_v'} outside [] or <>`, e.at);
        break;
      default:
        if (this.temporal(e, frame, scope)) this.refuse(`the temporal form "${e.k}"`, e.at);
    }
    if (this.actionLevel(e, frame, scope)) this.refuse('an action outside [][A]_v or <><<A>>_v', e.at);
    return { kind: 'predicate', p: (s) => truth(evaluate(e, frame, scope, stateContext(s, null)), e.at, this.property) };
  }

  private application(e: Expr & { k: 'app' }, frame: Frame | null, scope: Scope): Formula {
    const [a, b] = e.args;
    switch (e.name) {
      case '$lnot':
        return { kind: 'not', f: this.translate(a!, frame, scope) };
      case '$implies':
        return { kind: 'impliesFormula', premise: this.translate(a!, frame, scope), conclusion: this.translate(b!, frame, scope) };
      case '$equiv':
      case '$iff': {
        const l = this.translate(a!, frame, scope);
        const r = this.translate(b!, frame, scope);
        return { kind: 'and', parts: [{ kind: 'impliesFormula', premise: l, conclusion: r }, { kind: 'impliesFormula', premise: r, conclusion: l }] };
      }
    }
    const local = frame?.lookup(e.name);
    if (local instanceof Thunk) return this.translate(local.expr, local.frame, local.scope);
    const entry = local === undefined ? scope.get(e.name) : undefined;
    if (entry?.kind === 'def') return this.translate(entry.closure.body, bindParams(entry.closure, e.args, frame, scope, e.at), entry.closure.scope);
    if (entry?.kind === 'subst') return this.translate(entry.expr, entry.frame, entry.scope);
    if (local !== undefined && typeof local === 'object' && 'kind' in local && local.kind === 'op') {
      return this.translate(local.body, bindParams(local, e.args, frame, scope, e.at), local.scope);
    }
    return this.refuse(`the temporal operator application ${e.name}`, e.at);
  }

  /**
   * The specification's temporal conjuncts: each WF/SF (under \A, conjunctions
   * and definitions) becomes a fairness group of the engine, whose enabledness
   * and steps are atoms; any other conjunct (`<>[][A]_v`) is a premise formula.
   */
  fairnessOf(e: Expr, frame: Frame | null, scope: Scope, groups: FairnessAtoms[], premises: Formula[]): void {
    if (e.k === 'fair') {
      const angle = this.angle(e);
      groups.push({ strong: e.strong, label: `${e.strong ? 'SF' : 'WF'} at ${e.at.line}:${e.at.column} #${groups.length}`, enabled: this.enabled(angle, e, frame, scope), taken: this.stepHolds(angle, frame, scope) });
      return;
    }
    if (e.k === 'and') return e.items.forEach((item) => this.fairnessOf(item, frame, scope, groups, premises));
    if (e.k === 'quant' && e.q === 'A' && this.temporal(e.body, frame, scope)) {
      forEachBinding(e.bounds, frame, scope, emptyContext(), e.at, (f) => this.fairnessOf(e.body, f, scope, groups, premises));
      return;
    }
    if (e.k === 'app' && e.name === '$implies' && e.args.length === 2 && frame?.lookup(e.name) === undefined && !scope.get(e.name)) {
      // `P => WF_v(A)` with P constant under the quantifiers (InnerSerial's `oi # oj`): the fairness when P holds, nothing otherwise.
      const premise = constantTruth(e.args[0]!, frame, scope);
      if (premise === true) return this.fairnessOf(e.args[1]!, frame, scope, groups, premises);
      if (premise === false) return;
    }
    if (e.k === 'app' && this.temporal(e, frame, scope)) {
      const local = frame?.lookup(e.name);
      const entry = local === undefined ? scope.get(e.name) : undefined;
      if (local instanceof Thunk) return this.fairnessOf(local.expr, local.frame, local.scope, groups, premises);
      if (entry?.kind === 'def') return this.fairnessOf(entry.closure.body, bindParams(entry.closure, e.args, frame, scope, e.at), entry.closure.scope, groups, premises);
    }
    premises.push(this.translate(e, frame, scope));
  }

  private angle(e: Expr & { k: 'fair' }): Expr & { k: 'step' } {
    return { k: 'step', stutter: false, action: e.action, vars: e.vars, at: e.at };
  }

  /** WF_v(A): []<>~ENABLED<<A>>_v \/ []<><<A>>_v; SF_v(A): <>[]~ENABLED<<A>>_v \/ []<><<A>>_v. */
  private fairness(e: Expr & { k: 'fair' }, frame: Frame | null, scope: Scope): Formula {
    const angle = this.angle(e);
    const enabled: Formula = { kind: 'predicate', p: this.enabled(angle, e, frame, scope) };
    const disabled: Formula = { kind: 'not', f: enabled };
    const taken: Formula = { kind: 'alwaysFormula', f: { kind: 'eventuallyFormula', f: this.step(angle, frame, scope) } };
    const excuse: Formula = e.strong
      ? { kind: 'eventuallyFormula', f: { kind: 'alwaysFormula', f: disabled } }
      : { kind: 'alwaysFormula', f: { kind: 'eventuallyFormula', f: disabled } };
    return { kind: 'or', parts: [excuse, taken] };
  }

  /** ENABLED <<A>>_v in a state, by the successor enumeration. */
  private enabled(angle: Expr & { k: 'step' }, e: Expr & { k: 'fair' }, frame: Frame | null, scope: Scope): (s: TlaState) => boolean {
    const enumerator = this.enumerator;
    const property = this.property;
    return (s) => {
        try {
          return enumerator.enabled(angle, frame, scope, stateContext(s, null));
        } catch (error) {
          // ENABLED of an action that constrains a primed expression it does not assign
          // (a refinement's fairness through a state function): not computed by enumeration.
          if (error instanceof TlaEvalError && /was used before it was given a value/.test(error.message)) {
            throw new TlaUnsupportedPropertyError(`temporal property ${property}: ${e.strong ? 'SF' : 'WF'} of an action that constrains a primed expression it does not assign (ENABLED cannot be computed by enumerating its steps)`, e.at);
          }
          throw error;
        }
    };
  }

  /** A step atom: `<<A>>_v` on a step (false on a stuttering one, as the engine's step atoms are). */
  private step(e: Expr & { k: 'step' }, frame: Frame | null, scope: Scope): Formula {
    return { kind: 'stepWhere', holds: this.stepHolds(e, frame, scope) };
  }

  private stepHolds(e: Expr & { k: 'step' }, frame: Frame | null, scope: Scope): (s: TlaState, t: TlaState) => boolean {
    const property = this.property;
    return (s, t) => truth(evaluate(e, frame, scope, stateContext(s, t)), e.at, property);
  }

  private expandQuantifier(e: Expr & { k: 'quant' }, frame: Frame | null, scope: Scope): Formula {
    const parts: Formula[] = [];
    forEachBinding(e.bounds, frame, scope, emptyContext(), e.at, (f) => parts.push(this.translate(e.body, f, scope)));
    return { kind: e.q === 'A' ? 'and' : 'or', parts };
  }

  /** Whether a temporal operator is reachable from `e` (through definitions, LET, instances). */
  private temporal(e: Expr, frame: Frame | null, scope: Scope): boolean {
    return reaches(e, frame, scope, (x) => x.k === 'always' || x.k === 'eventually' || x.k === 'leadsTo' || x.k === 'fair', new Set());
  }

  /** A prime, UNCHANGED or [A]_v in `e` or what it uses: an action, not a state predicate. */
  private actionLevel(e: Expr, frame: Frame | null, scope: Scope): boolean {
    return reaches(e, frame, scope, (x) => x.k === 'prime' || x.k === 'unchanged' || x.k === 'step', new Set(), (x) => x.k === 'enabled');
  }

  private refuse(form: string, at: Location): never {
    throw new TlaUnsupportedPropertyError(`temporal property ${this.property}: ${form}`, at);
  }
}

/** The value of a boolean expression that reads no variable; null when it reads one (or is not a boolean). */
function constantTruth(e: Expr, frame: Frame | null, scope: Scope): boolean | null {
  const ctx = emptyContext();
  try {
    const v = evaluate(e, frame, scope, ctx);
    return typeof v === 'boolean' && ctx.varReads === 0 ? v : null;
  } catch (error) {
    if (error instanceof TlaEvalError) return null;
    throw error;
  }
}

/**
 * Whether some sub-expression of `e`, or of a definition it applies, passes
 * `test`; the inside of an expression `stop` accepts is not looked at.
 */
function reaches(e: Expr, frame: Frame | null, scope: Scope, test: (x: Expr) => boolean, seen: Set<Expr>, stop: (x: Expr) => boolean = () => false): boolean {
  if (seen.has(e)) return false;
  seen.add(e);
  const entry = (target: ScopeEntry | undefined): boolean => {
    if (target?.kind === 'def') return reaches(target.closure.body, null, target.closure.scope, test, seen, stop);
    if (target?.kind === 'subst') return reaches(target.expr, target.frame, target.scope, test, seen, stop);
    return false;
  };
  const visit = (x: Expr): boolean => {
    if (test(x)) return true;
    if (stop(x)) return false;
    if (x.k === 'app') {
      const local = frame?.lookup(x.name);
      if (local instanceof Thunk && reaches(local.expr, local.frame, local.scope, test, seen, stop)) return true;
      if (local === undefined && entry(scope.get(x.name))) return true;
      return x.args.some(visit);
    }
    if (x.k === 'inst') {
      let target: ScopeEntry | undefined;
      try {
        target = instanceScope(x.path, frame, scope, emptyContext(), x.at).get(x.name);
      } catch {
        target = undefined;
      }
      return entry(target) || x.path.some((step) => step.args.some(visit)) || x.args.some(visit);
    }
    return childExprs(x).some(({ expr }) => visit(expr));
  };
  return visit(e);
}

function emptyContext(): EvalContext {
  return { cur: [], next: null, primed: false, varReads: 0 };
}

function stateContext(s: TlaState, t: TlaState | null): EvalContext {
  return { cur: s as Value[], next: t as Value[] | null, primed: false, varReads: 0 };
}

function truth(v: Value, at: Location, property: string): boolean {
  if (typeof v !== 'boolean') throw new TlaEvalError(`In evaluating temporal property ${property}, a predicate was not a boolean: ${String(v)}`, at);
  return v;
}
