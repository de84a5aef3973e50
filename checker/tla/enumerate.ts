import type { Bound, Expr, Location } from './ast.js';
import { TlaEvalError } from './errors.js';
import {
  applyFunction,
  bindBound,
  bindLet,
  bindParams,
  evalItems,
  evalSet,
  evaluate,
  fail,
  flatBounds,
  forEachBinding,
  instanceScope,
  isOperator,
  membersOf,
  resolvedEntry,
  setEnabledEvaluator,
  short,
  type LazyFcnSource,
} from './eval.js';
import { isConstantLevel } from './level.js';
import { frameBinding, Thunk, type EvalContext, type Frame, type OpClosure, type Scope, type ScopeEntry } from './scope.js';
import { LazyFcn, SetValue, TupleValue, typeName, valuesEqual, type Value } from './values.js';
import { APALACHE_ASSIGN } from './stdlib/apalache.js';
import { walkOf, type Walk, type WalkSlot } from './walk.js';

/**
 * TLC's way of computing initial states and successors: the formula is walked
 * as TLC's getNextStates/getInitStates walk it, and every disjunct and every
 * element of an existential's domain is its own branch. `x' = e` assigns when x'
 * has no value yet (else it compares), `x' \in S` branches over S, and any other
 * conjunct is a condition. Each branch that reaches the end with every variable
 * assigned is one generated state, duplicates included: these are TLC's counts.
 */

export type Mode = 'init' | 'next';

export class StateEnumerator {
  /**
   * The intermediate states of `A \cdot B` generated since the last call of
   * takeIntermediate: TLC counts each as a generated state
   * (incrementStatesGenerated in its OPCODE_cdot).
   */
  private intermediate = 0;

  constructor(readonly variables: readonly string[]) {}

  /** The intermediate states generated since the last call, for the search's generated count. */
  takeIntermediate(): number {
    const n = this.intermediate;
    this.intermediate = 0;
    return n;
  }

  /** Calls `visit` with each generated initial state (a fresh array). */
  initStates(init: Expr, scope: Scope, visit: (state: Value[]) => void): void {
    const ctx: EvalContext = { cur: new Array(this.variables.length).fill(undefined), next: null, primed: false, varReads: 0 };
    this.enumerate(init, null, scope, ctx, 'init', () => {
      const missing = this.variables.filter((_, i) => ctx.cur[i] === undefined);
      if (missing.length > 0) fail(`The initial predicate does not assign a value to variable(s) ${missing.join(', ')}.`, init.at);
      visit(ctx.cur.slice() as Value[]);
    });
  }

  /** Calls `visit` with each generated successor of `state` (the array is reused: copy to keep). */
  successors(next: Expr, scope: Scope, state: readonly Value[], visit: (succ: Value[]) => void, frame: Frame | null = null): void {
    const ctx: EvalContext = { cur: state as Value[], next: new Array(this.variables.length).fill(undefined), primed: false, varReads: 0 };
    this.enumerate(next, frame, scope, ctx, 'next', () => {
      const target = ctx.next!;
      for (let i = 0; i < target.length; i++) {
        if (target[i] === undefined) fail(`Successor state is not completely specified by the next-state action: variable ${this.variables[i]} has no value.`, next.at);
      }
      visit(target as Value[]);
    });
  }

  /** ENABLED A: some branch of A completes from the current state. */
  enabled(action: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): boolean {
    const inner: EvalContext = { cur: ctx.cur, next: new Array(this.variables.length).fill(undefined), primed: false, varReads: 0 };
    try {
      this.enumerate(action, frame, scope, inner, 'next', () => {
        throw FOUND;
      });
    } catch (signal) {
      if (signal === FOUND) return true;
      throw signal;
    } finally {
      ctx.varReads += inner.varReads + 1;
    }
    return false;
  }

  /** Walks `e` through its compiled walk (walk.ts), compiled on first use. */
  enumerate(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
    const wk = (e as WalkSlot).wk;
    if (wk) wk(this, frame, scope, ctx, mode, cont);
    // A node made while evaluating (not parsed) has no slot: walked as it is.
    else if (wk === undefined) this.enumerateNode(e, frame, scope, ctx, mode, cont);
    else walkOf(e)(this, frame, scope, ctx, mode, cont);
  }

  /** The general walk, on the node itself (walk.ts compiles the commonest kinds). */
  enumerateNode(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
    switch (e.k) {
      case 'and':
        this.conjunction(e.items, 0, frame, scope, ctx, mode, cont);
        return;
      case 'or':
        for (const item of e.items) this.enumerate(item, frame, scope, ctx, mode, cont);
        return;
      case 'quant':
        if (e.q === 'E') {
          this.exists(flatBounds(e.bounds), 0, e.body, frame, scope, ctx, mode, cont, e.at);
          return;
        }
        this.forall(e.bounds, e.body, frame, scope, ctx, mode, cont, e.at);
        return;
      case 'if':
        this.enumerate(walkedCondition(e.cond, frame, scope, ctx, mode, ConditionPlace.If, e.at) ? e.then : e.else, frame, scope, ctx, mode, cont);
        return;
      case 'case': {
        for (const [guard, body] of e.arms) {
          if (walkedCondition(guard, frame, scope, ctx, mode, ConditionPlace.Case, guard.at)) {
            this.enumerate(body, frame, scope, ctx, mode, cont);
            return;
          }
        }
        if (e.other) this.enumerate(e.other, frame, scope, ctx, mode, cont);
        else fail('Attempted to evaluate a CASE with no arm true and no OTHER.', e.at);
        return;
      }
      case 'let':
        // In an action the current state is fixed while the walk assigns primed
        // variables: a definition that read none of them keeps its value (in
        // Init the walk assigns the unprimed variables: nothing is memoised).
        this.enumerate(e.body, bindLet(e.defs, frame, scope, mode === 'next' ? 'unprimed' : false), scope, ctx, mode, cont);
        return;
      case 'apply': {
        // As TLC (getNextStates on a FcnLambdaValue): f[a] of a recursive
        // function not computed whole walks f's body with its parameter set to a.
        const f = evaluate(e.f, frame, scope, ctx);
        if (f instanceof LazyFcn && f.source && !f.isMaterialized) {
          const arg = e.args.length === 1 ? evaluate(e.args[0]!, frame, scope, ctx) : new TupleValue(evalItems(e.args, frame, scope, ctx));
          if (!f.domain.contains(arg)) applyFunction(f, arg, e.at);
          const source = f.source as LazyFcnSource;
          this.enumerate(source.body, source.bind(arg), source.scope, ctx, mode, cont);
          return;
        }
        break;
      }
      case 'bool':
        if (e.v) cont();
        return;
      case 'unchanged':
        if (mode === 'next') {
          this.unchanged(e.x, frame, scope, ctx, cont, e.at);
          return;
        }
        break;
      case 'step':
        if (e.stutter) {
          this.enumerate(e.action, frame, scope, ctx, mode, cont);
          this.unchanged(e.vars, frame, scope, ctx, cont, e.at);
        } else this.changingStep(e, frame, scope, ctx, mode, cont);
        return;
      case 'inst': {
        const target = instanceScope(e.path, frame, scope, ctx, e.at);
        const entry = target.get(e.name);
        if (entry && this.expandEntry(entry, e.args, frame, scope, ctx, mode, cont, e.at)) return;
        break;
      }
      case 'app': {
        if (e.args.length === 2 && e.name === '$implies' && frameBinding(e, frame) === undefined && !scope.get(e.name)) {
          // As TLC: P => A walks A when P holds, else continues.
          if (walkedCondition(e.args[0]!, frame, scope, ctx, mode, ConditionPlace.Implies, e.at)) this.enumerate(e.args[1]!, frame, scope, ctx, mode, cont);
          else cont();
          return;
        }
        if (e.args.length === 2 && e.name === '$cdot' && mode === 'next') {
          this.compose(e.args[0]!, e.args[1]!, frame, scope, ctx, cont, e.at);
          return;
        }
        if (e.args.length === 2 && (e.name === '$eq' || e.name === '$in' || isApalacheAssign(e, frame, scope))) {
          const index = this.assignable(e.args[0]!, frame, scope, ctx, mode);
          if (index >= 0) {
            this.assign(index, e.name === '$in' ? '$in' : '$eq', e.args[1]!, frame, scope, ctx, mode, cont, e.at);
            return;
          }
          break;
        }
        const local = frameBinding(e, frame);
        if (local !== undefined) {
          if (local instanceof Thunk && e.args.length === 0) {
            // A parameter bound to an action expression: walk it where it was written.
            this.enumerate(local.expr, local.frame, local.scope, ctx, mode, cont);
            return;
          }
          if (isOperator(local) && local.kind === 'op') {
            this.enumerate(local.body, bindParams(local, e.args, frame, scope, e.at), local.scope, ctx, mode, cont);
            return;
          }
          break;
        }
        const entry = resolvedEntry(e, scope);
        if (entry && this.expandEntry(entry, e.args, frame, scope, ctx, mode, cont, e.at)) return;
        break;
      }
      default:
        break;
    }
    // Any other conjunct is a condition on the (partial) states.
    if (walkedCondition(e, frame, scope, ctx, mode, ConditionPlace.Plain, e.at)) cont();
  }

  // The continuations live in the methods below, not in `enumerate`: a closure
  // there capturing its parameters would make V8 allocate a context for them on
  // every call of `enumerate`, whatever the expression's kind.

  /** The conjuncts from `i` on, walked in turn (each continues with the next). */
  conjunction(items: Expr[], i: number, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
    const plan = conjunctionPlan(items);
    for (; i < items.length; i++) {
      const item = items[i]!;
      if (i === 0 || !allAssigned(ctx, mode)) {
        // The conjuncts that give at most one continuation per value are walked
        // here (no continuation closure): a condition, `x' = e`, `x' \in S`,
        // UNCHANGED. Each does what `enumerate` would do with it.
        switch (plan[i]!) {
          case Conjunct.Assignment: {
            const app = item as Expr & { k: 'app' };
            const index = this.assignable(app.args[0]!, frame, scope, ctx, mode);
            if (index >= 0) {
              this.assignThen(index, app.name === '$in', app.args[1]!, items, i + 1, frame, scope, ctx, mode, cont, app.at);
              return;
            }
            // Else a comparison: a condition.
            break;
          }
          case Conjunct.Application:
            if (!appIsCondition(item as Expr & { k: 'app' }, frame, scope)) {
              this.walkConjunct(items, i, frame, scope, ctx, mode, cont);
              return;
            }
            break;
          case Conjunct.Unchanged: {
            const indices = mode === 'next' ? unchangedVariables((item as Expr & { k: 'unchanged' }).x, frame, scope) : null;
            if (indices === null) {
              this.walkConjunct(items, i, frame, scope, ctx, mode, cont);
              return;
            }
            unchangedThen(indices, this.restWalk(items, i + 1), this, frame, scope, ctx, mode, cont);
            return;
          }
          case Conjunct.ForAll: {
            const all = item as Expr & { k: 'quant' };
            if (!conditionBody(all.body, scope)) {
              this.walkConjunct(items, i, frame, scope, ctx, mode, cont);
              return;
            }
            // \A x \in S : P with P a condition: as forall would walk it (all the
            // bindings first, then P for each in turn), without continuations.
            const frames: (Frame | null)[] = [];
            forEachBinding(all.bounds, frame, scope, ctx, all.at, (f) => frames.push(f));
            for (const f of frames) if (!walkedCondition(all.body, f, scope, ctx, mode, ConditionPlace.Plain, all.body.at)) return;
            continue;
          }
          case Conjunct.Walked:
            this.walkConjunct(items, i, frame, scope, ctx, mode, cont);
            return;
          default:
            break;
        }
      }
      if (!walkedCondition(item, frame, scope, ctx, mode, ConditionPlace.Plain, item.at)) return;
    }
    cont();
  }

  /** `x' = e` (one value) or `x' \in S` (each member) assigned, then the conjuncts from `i` on. */
  private assignThen(index: number, member: boolean, rhs: Expr, items: Expr[], i: number, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void, at: Location): void {
    const values = mode === 'next' ? ctx.next! : ctx.cur;
    if (!member) {
      values[index] = evaluate(rhs, frame, scope, ctx);
      try {
        this.conjunction(items, i, frame, scope, ctx, mode, cont);
      } finally {
        values[index] = undefined;
      }
      return;
    }
    const members = membersOf(walkedSet(rhs, frame, scope, ctx, mode, at), at);
    try {
      for (const m of members) {
        values[index] = m;
        this.conjunction(items, i, frame, scope, ctx, mode, cont);
      }
    } finally {
      values[index] = undefined;
    }
  }

  private walkConjunct(items: Expr[], i: number, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
    // The last conjunct continues with `cont` itself: no continuation to allocate.
    if (i === items.length - 1) this.enumerate(items[i]!, frame, scope, ctx, mode, cont);
    else this.enumerate(items[i]!, frame, scope, ctx, mode, this.restOf(items, i + 1, frame, scope, ctx, mode, cont));
  }

  /**
   * The continuation walking the conjuncts from `i` on. Made here, not in
   * walkConjunct: a closure there would make V8 allocate a context for its
   * parameters on every call, the last conjunct's (no closure) included.
   */
  private restOf(items: Expr[], i: number, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): () => void {
    return () => this.conjunction(items, i, frame, scope, ctx, mode, cont);
  }

  /** `<<A>>_v`: A's steps that change v. */
  private changingStep(e: Expr & { k: 'step' }, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
    this.enumerate(e.action, frame, scope, ctx, mode, () => {
      if (!(evaluate({ k: 'unchanged', x: e.vars, at: e.at }, frame, scope, ctx) as boolean)) cont();
    });
  }

  /** Walks into a user definition's body (TLC expands operators); false: evaluate it as a condition instead. */
  private expandEntry(entry: ScopeEntry, args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void, at: Location): boolean {
    if (entry.kind === 'def') {
      const closure = entry.closure;
      if (closure.params.length === 0 && args.length === 0) {
        // TLC replaces constant definitions by their values: they do not branch.
        if (entry.constant || isConstantLevel(closure)) return false;
        this.enumerate(closure.body, null, closure.scope, ctx, mode, cont);
        return true;
      }
      this.enumerate(closure.body, bindParams(closure, args, frame, scope, at), closure.scope, ctx, mode, cont);
      return true;
    }
    if (entry.kind === 'subst' && args.length === 0) {
      this.enumerate(entry.expr, entry.frame, entry.scope, ctx, mode, cont);
      return true;
    }
    if (entry.kind === 'const' && entry.value && isOperator(entry.value) && entry.value.kind === 'op') {
      const op: OpClosure = entry.value;
      this.enumerate(op.body, bindParams(op, args, frame, scope, at), op.scope, ctx, mode, cont);
      return true;
    }
    return false;
  }

  private exists(bounds: Bound[], i: number, body: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void, at: Location): void {
    if (i === bounds.length) {
      this.enumerate(body, frame, scope, ctx, mode, cont);
      return;
    }
    const bound = bounds[i]!;
    const members = membersOf(evalSet(bound.set, frame, scope, ctx), bound.set.at);
    for (const m of members) this.exists(bounds, i + 1, body, bindBound(bound, m, frame, at), scope, ctx, mode, cont, at);
  }

  /**
   * A \cdot B (TLC's OPCODE_cdot): every complete step of A from the current
   * state is an intermediate state, from which B's steps are the successors.
   */
  private compose(a: Expr, b: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, cont: () => void, at: Location): void {
    const first: EvalContext = { cur: ctx.cur, next: new Array(this.variables.length).fill(undefined), primed: false, varReads: 0 };
    this.enumerate(a, frame, scope, first, 'next', () => {
      const middle = first.next!.slice();
      if (middle.some((v) => v === undefined)) fail('The first action of \\cdot does not assign every variable.', at);
      this.intermediate++;
      const second: EvalContext = { cur: middle as Value[], next: ctx.next, primed: false, varReads: 0 };
      this.enumerate(b, frame, scope, second, 'next', cont);
    });
    ctx.varReads += first.varReads + 1;
  }

  /** \A x \in S : A(x) is, as in TLC, the conjunction A(x1) /\ A(x2) /\ ... walked in turn. */
  private forall(bounds: Bound[], body: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void, at: Location): void {
    const frames: (Frame | null)[] = [];
    forEachBinding(bounds, frame, scope, ctx, at, (f) => frames.push(f));
    const go = (i: number): void => {
      if (i === frames.length) cont();
      else if (i > 0 && allAssigned(ctx, mode)) {
        if (walkedCondition(body, frames[i]!, scope, ctx, mode, ConditionPlace.Plain, body.at)) go(i + 1);
      } else this.enumerate(body, frames[i]!, scope, ctx, mode, () => go(i + 1));
    };
    go(0);
  }

  /** The index of the variable `e` assigns (`x'` in an action, `x` in Init) if it has no value yet; else -1. */
  assignable(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode): number {
    // An operator parameter stands for the expression it was given (TLC substitutes it).
    while (e.k === 'app' && e.args.length === 0 && frame !== null) {
      const local = frameBinding(e, frame);
      if (!(local instanceof Thunk)) break;
      e = local.expr;
      frame = local.frame;
      scope = local.scope;
    }
    let target = e;
    if (mode === 'next') {
      if (e.k !== 'prime') return -1;
      target = e.x;
    }
    const index = variableIndex(target, frame, scope);
    if (index < 0) return -1;
    const values = mode === 'next' ? ctx.next! : ctx.cur;
    return values[index] === undefined ? index : -1;
  }

  private assign(index: number, op: string, rhs: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void, at: Location): void {
    const values = mode === 'next' ? ctx.next! : ctx.cur;
    if (op === '$eq') {
      values[index] = evaluate(rhs, frame, scope, ctx);
      try {
        cont();
      } finally {
        values[index] = undefined;
      }
      return;
    }
    const set = walkedSet(rhs, frame, scope, ctx, mode, at);
    const members = membersOf(set, at);
    try {
      for (const m of members) {
        values[index] = m;
        cont();
      }
    } finally {
      values[index] = undefined;
    }
  }

  /** UNCHANGED <<x, y>> assigns x' = x and y' = y (or compares, once assigned). */
  private unchanged(x: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, cont: () => void, at: Location): void {
    const indices = unchangedVariables(x, frame, scope);
    if (indices === null) {
      if (evaluate({ k: 'unchanged', x, at }, frame, scope, ctx) as boolean) cont();
      return;
    }
    unchangedThen(indices, CONTINUE, this, frame, scope, ctx, 'next', cont);
  }

  /** The walk of the conjuncts from `i` on (as a step for unchangedThen). */
  private restWalk(items: Expr[], i: number): Walk {
    return (en, frame, scope, ctx, mode, cont) => en.conjunction(items, i, frame, scope, ctx, mode, cont);
  }
}

const FOUND = Symbol('enabled');

/** Where the walk evaluates a condition: TLC words its error for a non-boolean by the place. */
export const enum ConditionPlace {
  /** A conjunct, or an `\A` body, evaluated as a condition. */
  Plain,
  If,
  Case,
  /** P in `P => A`. */
  Implies,
}

/** A condition the walk evaluates: its value, or TLC's error when it is not a boolean. */
function walkedCondition(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, place: ConditionPlace, at: Location): boolean {
  const v = evaluate(e, frame, scope, ctx);
  if (typeof v !== 'boolean') notBooleanInWalk(v, mode, place, at);
  return v;
}

/** The right side of `x' \in S` (`x \in S` in Init): a set, or TLC's error at the whole `\in`. */
function walkedSet(rhs: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, at: Location): SetValue {
  const v = evaluate(rhs, frame, scope, ctx);
  if (!(v instanceof SetValue)) notASetInWalk(mode, at);
  return v;
}

/** TLC's message for `x' \in S` (or `x \in S` in Init) whose S is not a set. */
export function notASetInWalk(mode: Mode, at: Location): never {
  return fail(`In computing ${mode === 'init' ? 'initial' : 'next'} states, the right side of \\IN is not enumerable.`, at);
}

/** TLC's messages for a non-boolean condition while computing initial or next states. */
export function notBooleanInWalk(v: Value, mode: Mode, place: ConditionPlace, at: Location): never {
  const states = mode === 'init' ? 'initial states' : 'next states';
  const type = typeName(v);
  const kind = `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
  switch (place) {
    case ConditionPlace.If:
      return fail(`In computing ${states}, a non-boolean expression (${kind}) was used as the condition of an IF.`, at);
    case ConditionPlace.Case:
      return fail(`In computing ${states}, a non-boolean expression (${kind}) was used as a guard condition of a CASE.`, at);
    case ConditionPlace.Implies:
      return fail(`In computing ${states} of a predicate of the form P => Q, P was\n${kind}.`, at);
    default:
      return fail(`In computing ${states}, TLC expected a boolean expression,\nbut instead found ${short(v)}.`, at);
  }
}

/** A walk that only continues. */
const CONTINUE: Walk = (_en, _frame, _scope, _ctx, _mode, cont) => cont();

/**
 * UNCHANGED's variables assigned their current values (or compared, once
 * assigned), then `then` walked; the ones assigned here are unassigned after.
 */
export function unchangedThen(indices: readonly number[], then: Walk, en: StateEnumerator, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode, cont: () => void): void {
  const cur = ctx.cur;
  const next = ctx.next!;
  // The positions in `indices` this step assigned (undone after), as bits when they fit.
  let assignedBits = 0;
  let assigned: number[] | null = null;
  try {
    for (let k = 0; k < indices.length; k++) {
      const v = indices[k]!;
      const now = cur[v]!;
      if (next[v] === undefined) {
        next[v] = now;
        if (k < 31) assignedBits |= 1 << k;
        else (assigned ??= []).push(v);
      } else if (!valuesEqual(next[v]!, now)) {
        return;
      }
    }
    then(en, frame, scope, ctx, mode, cont);
  } finally {
    for (let k = 0; k < indices.length && k < 31; k++) if (assignedBits & (1 << k)) next[indices[k]!] = undefined;
    if (assigned !== null) for (const v of assigned) next[v] = undefined;
  }
}

/** How `conjunction` treats a conjunct, by its syntax (what depends on the names is decided when walked). */
export const enum Conjunct {
  /** Anything else: a condition. */
  Condition,
  /** `a = b` or `a \in S`: an assignment when `a` is a variable without a value yet (x' in an action). */
  Assignment,
  /** Another application: a condition or a definition to walk into (appIsCondition). */
  Application,
  Unchanged,
  /** `\A x \in S : P`: in place when P is a condition (conditionBody), else walked. */
  ForAll,
  /** A kind `enumerate` walks into (isWalked). */
  Walked,
}

/**
 * The kinds of a conjunction's items, worked out once and kept on its items
 * array: reading each item's `k`, `args` and `name` at every step was a
 * megamorphic load per conjunct.
 */
function conjunctionPlan(items: Expr[]): Uint8Array {
  const slot = items as Expr[] & { plan?: Uint8Array };
  let plan = slot.plan;
  if (plan === undefined) {
    plan = new Uint8Array(items.length);
    for (let i = 0; i < items.length; i++) plan[i] = conjunctKind(items[i]!);
    slot.plan = plan;
  }
  return plan;
}

export function conjunctKind(item: Expr): Conjunct {
  if (item.k === 'app') return item.args.length === 2 && (item.name === '$eq' || item.name === '$in') ? Conjunct.Assignment : Conjunct.Application;
  if (item.k === 'unchanged') return Conjunct.Unchanged;
  if (item.k === 'quant' && item.q === 'A') return Conjunct.ForAll;
  return isWalked(item.k) ? Conjunct.Walked : Conjunct.Condition;
}

/** The kinds other than `app` that `enumerate` walks into (an `apply` only for a recursive function); the others are conditions. */
function isWalked(k: Expr['k']): boolean {
  switch (k) {
    case 'and':
    case 'or':
    case 'quant':
    case 'if':
    case 'case':
    case 'let':
    case 'apply':
    case 'bool':
    case 'unchanged':
    case 'step':
    case 'inst':
      return true;
    default:
      return false;
  }
}

/**
 * A quantifier's body `enumerate` would evaluate as a condition whatever its
 * bound names' values: a comparison whose left side is neither a name nor
 * primed (so never an assignment), or a kind it does not walk, or an
 * application appIsCondition accepts of a name no binder has.
 */
export function conditionBody(body: Expr, scope: Scope): boolean {
  if (body.k !== 'app') return !isWalked(body.k);
  if (body.local !== false) return false;
  if (body.name === '$eq' || body.name === '$in') {
    const lhs = body.args[0];
    return body.args.length === 2 && lhs !== undefined && lhs.k !== 'app' && lhs.k !== 'prime';
  }
  return appIsCondition(body, null, scope);
}

/**
 * An application `enumerate` would only evaluate as a condition: of a builtin
 * (other than `:=`, `=>` and `\cdot`, which it treats specially), of a variable
 * or of a constant value. A definition or an operator parameter is walked.
 */
export function appIsCondition(e: Expr & { k: 'app' }, frame: Frame | null, scope: Scope): boolean {
  if (e.name === '$assign' || e.name === '$implies' || e.name === '$cdot' || frameBinding(e, frame) !== undefined) return false;
  const entry = resolvedEntry(e, scope);
  if (entry === undefined) return false;
  return entry.kind === 'builtin' || entry.kind === 'var' || (entry.kind === 'const' && entry.value !== undefined && !isOperator(entry.value));
}

/**
 * Every variable (primed ones in an action) has a value. From then on TLC
 * evaluates the conjuncts still pending as conditions instead of walking them
 * (getInitStates' and getNextStatesAllAssigned's fast path, on by default), so
 * a disjunction there no longer branches. Only pending conjuncts: the first
 * conjunct of a conjunction is walked as TLC walks it, whatever is assigned.
 */
export function allAssigned(ctx: EvalContext, mode: Mode): boolean {
  const values = mode === 'next' ? ctx.next! : ctx.cur;
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) return false;
  return true;
}

/** The state variable a name denotes (through instance substitutions), or -1. */
export function variableIndex(e: Expr, frame: Frame | null, scope: Scope): number {
  if (e.k !== 'app' || e.args.length > 0) return -1;
  const local = frameBinding(e, frame);
  if (local instanceof Thunk) return variableIndex(local.expr, local.frame, local.scope);
  if (local !== undefined) return -1;
  const entry = resolvedEntry(e, scope);
  if (!entry) return -1;
  if (entry.kind === 'var') return entry.index;
  if (entry.kind === 'subst') return variableIndex(entry.expr, entry.frame, entry.scope);
  return -1;
}

/**
 * UNCHANGED x's variables (collectVariables), null when x is not made of
 * variables. Kept per expression and scope when no name in it could be an
 * operator parameter (then the frame cannot change the answer).
 */
const unchangedCache = new WeakMap<Expr, { scope: Scope; version: number; indices: number[] | null }>();
let frameDependent = false;
export function unchangedVariables(x: Expr, frame: Frame | null, scope: Scope): number[] | null {
  const known = unchangedCache.get(x);
  if (known !== undefined && known.scope === scope && known.version === scope.overrides.version) return known.indices;
  frameDependent = false;
  const into: number[] = [];
  const indices = collectVariables(x, frame, scope, into) ? into : null;
  if (!frameDependent) unchangedCache.set(x, { scope, version: scope.overrides.version, indices });
  return indices;
}

/** The variables of `x`, `<<x, y>>` or a definition such as `vars`; false if it is anything else. */
function collectVariables(e: Expr, frame: Frame | null, scope: Scope, into: number[]): boolean {
  if (e.k === 'tuple') {
    for (const item of e.items) if (!collectVariables(item, frame, scope, into)) return false;
    return true;
  }
  if (e.k === 'app' && frame !== null && e.local !== false) frameDependent = true;
  if (e.k === 'inst') frameDependent = true;
  const index = variableIndex(e, frame, scope);
  if (index >= 0) {
    into.push(index);
    return true;
  }
  if (e.k === 'app' && e.args.length === 0 && frameBinding(e, frame) === undefined) {
    const entry = scope.get(e.name);
    if (entry?.kind === 'def' && entry.closure.params.length === 0) return collectVariables(entry.closure.body, null, entry.closure.scope, into);
  }
  if (e.k === 'inst' && e.args.length === 0 && e.path.every((p) => p.args.length === 0)) {
    let target = scope;
    for (const step of e.path) {
      const entry = target.get(step.name);
      if (entry?.kind !== 'instance') return false;
      target = entry.make([]);
    }
    const entry = target.get(e.name);
    if (entry?.kind === 'def' && entry.closure.params.length === 0) return collectVariables(entry.closure.body, null, entry.closure.scope, into);
  }
  return false;
}

/** Installs ENABLED in the evaluator (it needs the enumerator). */
export function installEnabled(enumerator: StateEnumerator): void {
  setEnabledEvaluator((x, frame, scope, ctx) => enumerator.enabled(x, frame, scope, ctx));
}

export { TupleValue, TlaEvalError, short };

/** `x := e` with the Apalache module's `:=` (not a spec's own definition): an assignment, as TLC reads the module's `x = e`. */
function isApalacheAssign(e: Expr & { k: 'app' }, frame: Frame | null, scope: Scope): boolean {
  if (e.name !== '$assign' || frameBinding(e, frame) !== undefined) return false;
  const entry = resolvedEntry(e, scope);
  return entry?.kind === 'builtin' && entry.builtin === APALACHE_ASSIGN;
}
