import { basename } from 'node:path';
import type { Expr, Location } from './ast.js';
import { resolvedEntry } from './eval.js';
import { isConstantLevel } from './level.js';
import type { TlaModel } from './model.js';
import type { Scope } from './scope.js';
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
  readonly at: Location;
}

export function splitActions(model: TlaModel): TlaAction[] {
  const actions: TlaAction[] = [];
  // `whole`: e is the whole body of definition `within` (not one of its disjuncts).
  const visit = (e: Expr, scope: Scope, within: string, whole: boolean): void => {
    if (e.k === 'or') return e.items.forEach((item) => visit(item, scope, within, false));
    if (e.k === 'app' && e.args.length === 0) {
      const entry = resolvedEntry(e, scope);
      if (entry?.kind === 'def' && entry.closure.params.length === 0 && !entry.constant && !isConstantLevel(entry.closure)) {
        // Hidden definitions (a SPECIFICATION's Next hoisted from an instance) keep the name around them.
        return e.name.startsWith('\u0000') ? visit(entry.closure.body, entry.closure.scope, within, whole) : visit(entry.closure.body, entry.closure.scope, e.name, true);
      }
    }
    actions.push({ label: operatorApplied(e) ?? (whole ? within : placed(e, within)), expr: e, scope, at: e.at });
  };
  visit(model.next, model.scope, 'Next', true);
  return actions;
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
      model.enumerator.successors(action.expr, action.scope, state, (next) => {
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
      model.enumerator.successors(action.expr, action.scope, from, (next) => {
        hit ||= next.map(keyOf).join('\u0001') === target;
      });
    } catch {
      return false;
    }
    return hit;
  };
  return actions.find(found) ?? null;
}
