import type { Expr } from './ast.js';
import { compiled } from './compile.js';
import { forEachBinding, membersOf } from './eval.js';
import { allAssigned, appIsCondition, conditionBody, ConditionPlace, Conjunct, conjunctKind, notASetInWalk, notBooleanInWalk, unchangedThen, unchangedVariables, variableIndex, type Mode, type StateEnumerator } from './enumerate.js';
import type { EvalContext, Frame, Scope } from './scope.js';
import { SetValue } from './values.js';
import { specializer } from './specialize.js';
import { walkOf, type Walk } from './walk.js';

/**
 * A conjunction's walk, compiled per conjunct: the step of conjunct i does what
 * StateEnumerator.conjunction does at position i (which stays for nodes made
 * while evaluating), then calls the step of conjunct i + 1, the last one the
 * continuation. Each step is its own copy of the factory (specialize.ts), so
 * its conjunct's closure is called from a call site that sees one callee, which
 * V8 inlines; the general loop calls every conjunct of every action from one.
 *
 * Kept as in the general loop: the first conjunct is walked whatever is
 * assigned; later ones, once every variable has a value, are evaluated as
 * conditions (TLC's getNextStatesAllAssigned); what depends on names (is `x'`
 * still unassigned, is an application a definition) is decided when walked.
 */
export function compileConjunction(items: readonly Expr[]): Walk {
  let next: Walk | null = null;
  for (let i = items.length - 1; i >= 0; i--) next = conjunctStepCopy(items[i]!, i === 0, conjunctKind(items[i]!), next);
  return next ?? ((_en, _frame, _scope, _ctx, _mode, cont) => cont());
}

function conjunctStep(item: Expr, first: boolean, kind: Conjunct, next: Walk | null): Walk {
  const condition = compiled(item);
  const at = item.at;
  // Compiled when first walked: most applications turn out to be conditions.
  let walk: Walk | null = null;
  const proceed: Walk = (en, frame, scope, ctx, mode, cont) => {
    if (next === null) cont();
    else next(en, frame, scope, ctx, mode, cont);
  };
  // The conjunct walked, the rest of the conjunction as its continuation.
  const walked: Walk = (en, frame, scope, ctx, mode, cont) => {
    (walk ??= walkOf(item))(en, frame, scope, ctx, mode, next === null ? cont : () => next(en, frame, scope, ctx, mode, cont));
  };
  const asCondition: Walk = (en, frame, scope, ctx, mode, cont) => {
    const v = condition(frame, scope, ctx);
    if (typeof v !== 'boolean') notBooleanInWalk(v, mode, ConditionPlace.Plain, at);
    if (v) proceed(en, frame, scope, ctx, mode, cont);
  };
  switch (kind) {
    case Conjunct.Assignment: {
      const app = item as Expr & { k: 'app' };
      const lhs = app.args[0]!;
      const rhs = compiled(app.args[1]!);
      const member = app.name === '$in';
      // `x'` (or `x` in Init) of a name no binder has: its variable's index depends on the scope alone, kept for the last one.
      const primed = lhs.k === 'prime';
      const target = lhs.k === 'prime' ? lhs.x : lhs;
      const fixed = target.k === 'app' && target.args.length === 0 && target.local === false;
      let lastScope: Scope | null = null;
      let lastVersion = -1;
      let variable = -1;
      const assignable = (en: StateEnumerator, frame: Frame | null, scope: Scope, ctx: EvalContext, mode: Mode): number => {
        if (!fixed) return en.assignable(lhs, frame, scope, ctx, mode);
        // An action assigns only primed variables, Init only unprimed ones.
        if ((mode === 'next') !== primed) return -1;
        if (scope !== lastScope || scope.overrides.version !== lastVersion) {
          variable = variableIndex(target, null, scope);
          lastScope = scope;
          lastVersion = scope.overrides.version;
        }
        if (variable < 0) return -1;
        return (mode === 'next' ? ctx.next! : ctx.cur)[variable] === undefined ? variable : -1;
      };
      return (en, frame, scope, ctx, mode, cont) => {
        const index = first || !allAssigned(ctx, mode) ? assignable(en, frame, scope, ctx, mode) : -1;
        // Not a variable without a value: a comparison.
        if (index < 0) return asCondition(en, frame, scope, ctx, mode, cont);
        const values = mode === 'next' ? ctx.next! : ctx.cur;
        if (!member) {
          values[index] = rhs(frame, scope, ctx);
          try {
            proceed(en, frame, scope, ctx, mode, cont);
          } finally {
            values[index] = undefined;
          }
          return;
        }
        const set = rhs(frame, scope, ctx);
        if (!(set instanceof SetValue)) notASetInWalk(mode, app.at);
        const members = membersOf(set, app.at);
        try {
          for (let m = 0; m < members.length; m++) {
            values[index] = members[m]!;
            proceed(en, frame, scope, ctx, mode, cont);
          }
        } finally {
          values[index] = undefined;
        }
      };
    }
    case Conjunct.Application: {
      const app = item as Expr & { k: 'app' };
      // Of a name no binder has, the answer depends on the scope alone: kept for the last one.
      const fixed = app.local === false;
      let lastScope: Scope | null = null;
      let lastVersion = -1;
      let lastAnswer = false;
      const isCondition = (frame: Frame | null, scope: Scope): boolean => {
        if (!fixed) return appIsCondition(app, frame, scope);
        if (scope !== lastScope || scope.overrides.version !== lastVersion) {
          lastAnswer = appIsCondition(app, null, scope);
          lastScope = scope;
          lastVersion = scope.overrides.version;
        }
        return lastAnswer;
      };
      return (en, frame, scope, ctx, mode, cont) => {
        if ((first || !allAssigned(ctx, mode)) && !isCondition(frame, scope)) walked(en, frame, scope, ctx, mode, cont);
        else asCondition(en, frame, scope, ctx, mode, cont);
      };
    }
    case Conjunct.Unchanged: {
      const x = (item as Expr & { k: 'unchanged' }).x;
      return (en, frame, scope, ctx, mode, cont) => {
        if (!first && allAssigned(ctx, mode)) return asCondition(en, frame, scope, ctx, mode, cont);
        const indices = mode === 'next' ? unchangedVariables(x, frame, scope) : null;
        if (indices === null) return walked(en, frame, scope, ctx, mode, cont);
        unchangedThen(indices, proceed, en, frame, scope, ctx, mode, cont);
      };
    }
    case Conjunct.ForAll: {
      const all = item as Expr & { k: 'quant' };
      const body = compiled(all.body);
      const bodyAt = all.body.at;
      return (en, frame, scope, ctx, mode, cont) => {
        if (!first && allAssigned(ctx, mode)) return asCondition(en, frame, scope, ctx, mode, cont);
        if (!conditionBody(all.body, scope)) return walked(en, frame, scope, ctx, mode, cont);
        // \A x \in S : P with P a condition: all the bindings first, then P for each in turn (as the general loop).
        const frames: (Frame | null)[] = [];
        forEachBinding(all.bounds, frame, scope, ctx, all.at, (f) => frames.push(f));
        for (let k = 0; k < frames.length; k++) {
          const v = body(frames[k]!, scope, ctx);
          if (typeof v !== 'boolean') notBooleanInWalk(v, mode, ConditionPlace.Plain, bodyAt);
          if (!v) return;
        }
        proceed(en, frame, scope, ctx, mode, cont);
      };
    }
    case Conjunct.Walked:
      return (en, frame, scope, ctx, mode, cont) => {
        if (first || !allAssigned(ctx, mode)) walked(en, frame, scope, ctx, mode, cont);
        else asCondition(en, frame, scope, ctx, mode, cont);
      };
    default:
      return asCondition;
  }
}

// Each conjunct's step from its own copy of the factory (specialize.ts).
const conjunctStepCopy = specializer(conjunctStep, () => ({
  compiled,
  notBooleanInWalk,
  notASetInWalk,
  walkOf,
  allAssigned,
  appIsCondition,
  conditionBody,
  unchangedVariables,
  unchangedThen,
  variableIndex,
  forEachBinding,
  membersOf,
  SetValue,
}));
