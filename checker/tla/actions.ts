import { basename } from 'node:path';
import type { Expr, Location } from './ast.js';
import { bindParams, forEachBinding, resolvedEntry } from './eval.js';
import { exprIsConstant, isConstantLevel } from './level.js';
import type { TlaModel } from './model.js';
import type { EvalContext, Frame, OpClosure, Scope } from './scope.js';
import { keyOf, type Value } from './values.js';

/**
 * The next-state relation split into TLC's actions: at every disjunction, and
 * through every definition without parameters a disjunct names (TLC's
 * getActions). Each action is labelled as TLC labels the step in a trace: the
 * name of the operator it applies (`Inc` for `Inc(self)` or `\E p \in P : Inc(p)`),
 * or the definition whose whole body it is (`Inc == x < 3 /\ x' = x + 1`),
 * or, for an unnamed disjunct, the definition it is written in and its place
 * (`Next line 12, col 5 of module Counter`). Enumerating the actions in order
 * generates the same successors, in the same order, as enumerating Next whole.
 */
export interface TlaAction {
  readonly label: string;
  readonly expr: Expr;
  readonly scope: Scope;
  /** The values an existential split out of Next bound (and the parameters of the operator it is in). */
  readonly frame: Frame | null;
  readonly at: Location;
}

export function splitActions(model: TlaModel): TlaAction[] {
  const actions: TlaAction[] = [];
  // `whole`: e is the whole body of definition `within` (not one of its disjuncts).
  const visit = (e: Expr, scope: Scope, frame: Frame | null, within: string, whole: boolean): void => {
    if (e.k === 'or') return e.items.forEach((item) => visit(item, scope, frame, within, false));
    const closure = actionDefinition(e, scope, frame);
    if (closure && closure.params.length === 0) {
      // Hidden definitions (a SPECIFICATION's Next hoisted from an instance) keep the name around them.
      return e.k === 'app' && e.name.startsWith('\u0000') ? visit(closure.body, closure.scope, null, within, whole) : visit(closure.body, closure.scope, null, (e as { name: string }).name, true);
    }
    if (closure && e.k === 'app' && splits(closure.body, closure.scope, 0)) {
      return visit(closure.body, closure.scope, bindParams(closure, e.args, frame, scope, e.at), e.name, true);
    }
    // As TLC's getActions: \E x \in S : A \/ B over a constant S is one action per x and disjunct, in enumeration order.
    if (e.k === 'quant' && e.q === 'E' && splits(e.body, scope, 0) && e.bounds.every((b) => exprIsConstant(b.set, new Set(), scope))) {
      const ctx: EvalContext = { cur: [], next: null, primed: false, varReads: 0 };
      return forEachBinding(e.bounds, frame, scope, ctx, e.at, (bound) => visit(e.body, scope, bound, within, whole));
    }
    actions.push({ label: operatorApplied(e) ?? (whole ? within : placed(e, within)), expr: e, scope, frame, at: e.at });
  };
  visit(model.next, model.scope, null, 'Next', true);
  return actions;
}

/** The user definition an action applies, when the enumerator walks into its body (not a constant, not a local name). */
function actionDefinition(e: Expr, scope: Scope, frame: Frame | null): OpClosure | null {
  if (e.k !== 'app' || frame?.lookup(e.name) !== undefined) return null;
  const entry = resolvedEntry(e, scope);
  if (entry?.kind !== 'def' || entry.constant || isConstantLevel(entry.closure) || entry.closure.params.length !== e.args.length) return null;
  return entry.closure;
}

/** Whether splitting goes on below e: a disjunction reached through definitions and existentials. */
function splits(e: Expr, scope: Scope, depth: number): boolean {
  if (depth > 20) return false;
  if (e.k === 'or') return true;
  if (e.k === 'quant' && e.q === 'E') return splits(e.body, scope, depth + 1);
  const closure = e.k === 'app' ? actionDefinition(e, scope, null) : null;
  return closure !== null && splits(closure.body, closure.scope, depth + 1);
}

/** An unnamed disjunct: the definition it is written in, and where. */
function placed(e: Expr, within: string): string {
  return `${within} line ${e.at.line}, col ${e.at.column} of module ${basename(e.at.file).replace(/\.tla$/, '')}`;
}

/** `Op(...)`, possibly under existentials and LET: the operator's name. */
function operatorApplied(e: Expr): string | null {
  if (e.k === 'app' && /^[A-Za-z_][\w]*$/.test(e.name)) return e.name;
  if (e.k === 'inst') return e.name;
  if (e.k === 'quant' && e.q === 'E') return operatorApplied(e.body);
  if (e.k === 'let') return operatorApplied(e.body);
  return null;
}

/** Calls `visit` with each successor `action` generates from `state` (the array is reused: copy to keep). */
export function forEachActionSuccessor(model: TlaModel, action: TlaAction, state: readonly Value[], visit: (next: Value[]) => void): void {
  model.enumerator.successors(action.expr, action.scope, state, visit, action.frame);
}

/** A generated successor with the action that generated it. */
export interface LabelledSuccessor {
  readonly action: TlaAction;
  readonly state: Value[];
}

/**
 * Every generated successor of `state`, action by action (duplicates included,
 * as TLC generates them), less those an ACTION_CONSTRAINT removes. An
 * evaluation error ends the action it happened in and is returned with it.
 */
export function labelledSuccessors(model: TlaModel, actions: readonly TlaAction[], state: readonly Value[], allowed: (from: readonly Value[], to: readonly Value[]) => boolean): { successors: LabelledSuccessor[]; failures: { action: TlaAction; message: string }[] } {
  const successors: LabelledSuccessor[] = [];
  const failures: { action: TlaAction; message: string }[] = [];
  for (const action of actions) {
    try {
      forEachActionSuccessor(model, action, state, (next) => {
        if (allowed(state, next)) successors.push({ action, state: next.slice() });
      });
    } catch (error) {
      failures.push({ action, message: (error as Error)?.message ?? String(error) });
    }
  }
  return { successors, failures };
}

/**
 * The action that takes each state of a behaviour to the next (the first that
 * generates it, in TLC's action order), for traces printed with their steps'
 * names; `Next` where none does (a stuttering step of a lasso).
 */
export function traceLabels(model: TlaModel, actions: readonly TlaAction[], trace: readonly (readonly Value[])[]): string[] {
  return trace.map((state, i) => (i === 0 ? 'Initial predicate' : (actionTaking(model, actions, trace[i - 1]!, state)?.label ?? 'Next')));
}

function actionTaking(model: TlaModel, actions: readonly TlaAction[], from: readonly Value[], to: readonly Value[]): TlaAction | null {
  const target = to.map(keyOf).join('\u0001');
  const found = (action: TlaAction): boolean => {
    let hit = false;
    try {
      forEachActionSuccessor(model, action, from, (next) => {
        hit ||= next.map(keyOf).join('\u0001') === target;
      });
    } catch {
      return false;
    }
    return hit;
  };
  return actions.find(found) ?? null;
}
