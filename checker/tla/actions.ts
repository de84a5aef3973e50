import { basename } from 'node:path';
import type { Expr, Location } from './ast.js';
import { resolvedEntry } from './eval.js';
import { isConstantLevel } from './level.js';
import type { TlaModel } from './model.js';
import type { Scope } from './scope.js';
import type { Value } from './values.js';

/**
 * The next-state relation split into TLC's actions: at every disjunction, and
 * through every definition without parameters a disjunct names (TLC's
 * getActions). Each action is labelled as TLC labels the step in a trace: the
 * name of the operator it applies (`Inc` for `Inc(self)` or `\E p \in P : Inc(p)`),
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
  const visit = (e: Expr, scope: Scope, within: string): void => {
    if (e.k === 'or') return e.items.forEach((item) => visit(item, scope, within));
    if (e.k === 'app' && e.args.length === 0) {
      const entry = resolvedEntry(e, scope);
      if (entry?.kind === 'def' && entry.closure.params.length === 0 && !entry.constant && !isConstantLevel(entry.closure)) {
        // Hidden definitions (a SPECIFICATION's Next hoisted from an instance) keep the name around them.
        return visit(entry.closure.body, entry.closure.scope, e.name.startsWith('\u0000') ? within : e.name);
      }
    }
    actions.push({ label: labelOf(e, within), expr: e, scope, at: e.at });
  };
  visit(model.next, model.scope, 'Next');
  return actions;
}

function labelOf(e: Expr, within: string): string {
  const applied = operatorApplied(e);
  if (applied) return applied;
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
