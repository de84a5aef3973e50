import type { Bound, Expr } from './ast.js';
import type { OpClosure, Scope } from './scope.js';
import { coreOperator } from './stdlib/core.js';

/**
 * Constant level, as SANY computes levels: an expression is constant when it
 * reads no variable, prime or ENABLED, through the definitions it uses. TLC
 * replaces constant definitions by their values; the enumerator does the same.
 */

const constantLevel = new WeakMap<OpClosure, boolean>();

/** True when a definition's value cannot depend on the state (no variable, prime or ENABLED, transitively). */
export function isConstantLevel(closure: OpClosure): boolean {
  const known = constantLevel.get(closure);
  if (known !== undefined) return known;
  constantLevel.set(closure, true); // recursion: assume constant until shown otherwise
  const result = exprIsConstant(closure.body, new Set(closure.params.map((p) => p.name)), closure.scope);
  constantLevel.set(closure, result);
  return result;
}

/**
 * `strict`: a name that is neither bound inside `e` nor a definition of `scope`
 * (a LET or parameter name of the context) makes it non-constant.
 */
export function exprIsConstant(e: Expr, bound: Set<string>, scope: Scope, strict = false): boolean {
  if (e.k === 'inst' || isBeyondStateLevel(e.k)) return false;
  switch (e.k) {
    case 'app': {
      if (!bound.has(e.name)) {
        const entry = scope.get(e.name);
        if (entry) {
          if (entry.kind === 'var' || entry.kind === 'subst') return false;
          if (entry.kind === 'def' && !isConstantLevel(entry.closure)) return false;
          if (entry.kind === 'instance') return false;
        } else if (strict && !coreOperator(e.name)) {
          return false;
        }
      }
      return e.args.every((a) => exprIsConstant(a, bound, scope, strict));
    }
    default:
      return childExprs(e).every(({ expr, names }) => {
        if (names.length === 0) return exprIsConstant(expr, bound, scope, strict);
        const inner = new Set([...bound, ...names]);
        return exprIsConstant(expr, inner, scope, strict);
      });
  }
}

/**
 * The kinds whose value depends on more than one state (a prime, UNCHANGED,
 * ENABLED, a step, a temporal operator) or that name a part of a definition by
 * position (SANY's subexpression syntax): neither constant nor a function of
 * the current state's variables.
 */
export function isBeyondStateLevel(k: Expr['k']): boolean {
  switch (k) {
    case 'prime':
    case 'unchanged':
    case 'enabled':
    case 'step':
    case 'fair':
    case 'always':
    case 'eventually':
    case 'leadsTo':
    case 'subexpr':
      return true;
    default:
      return false;
  }
}

/** Sub-expressions with the names bound around each. */
export function childExprs(e: Expr): { expr: Expr; names: string[] }[] {
  const plain = (xs: Expr[]) => xs.map((expr) => ({ expr, names: [] as string[] }));
  const boundNames = (bs: Bound[]) => bs.flatMap((b) => b.names);
  switch (e.k) {
    case 'and':
    case 'or':
    case 'setEnum':
    case 'tuple':
    case 'times':
      return plain(e.items);
    case 'quant':
    case 'setMap':
    case 'fcn':
      return [...plain(e.bounds.map((b) => b.set)), { expr: e.body, names: boundNames(e.bounds) }];
    case 'fcnDef':
      return [...plain(e.bounds.map((b) => b.set)), { expr: e.body, names: [e.name, ...boundNames(e.bounds)] }];
    case 'uquant':
      return [{ expr: e.body, names: e.names }];
    case 'choose':
      return [...(e.set ? plain([e.set]) : []), { expr: e.body, names: e.bound.names }];
    case 'setFilter':
      return [...plain([e.bound.set]), { expr: e.pred, names: e.bound.names }];
    case 'apply':
      return plain([e.f, ...e.args]);
    case 'except':
      return [
        ...plain([e.f]),
        ...e.updates.flatMap((u) => [
          ...u.path.flatMap((s) => (s.kind === 'args' ? plain(s.args) : [])),
          { expr: u.value, names: ['@'] },
        ]),
      ];
    case 'record':
    case 'recordSet':
      return plain(e.fields.map(([, x]) => x));
    case 'fcnSet':
      return plain([e.dom, e.rng]);
    case 'field':
      return plain([e.rec]);
    case 'if':
      return plain([e.cond, e.then, e.else]);
    case 'case':
      return plain([...e.arms.flat(), ...(e.other ? [e.other] : [])]);
    case 'let': {
      const names = e.defs.map((d) => d.name);
      return [
        ...e.defs.map((d) => ({ expr: d.body, names: [...names, ...d.params.map((p) => p.name), ...(d.fcnBounds?.flatMap((b) => b.names) ?? [])] })),
        ...e.defs.flatMap((d) => (d.fcnBounds ?? []).map((b) => ({ expr: b.set, names }))),
        { expr: e.body, names },
      ];
    }
    case 'lambda':
      return [{ expr: e.body, names: e.params }];
    case 'prime':
    case 'unchanged':
    case 'enabled':
    case 'always':
    case 'eventually':
      return plain([e.x]);
    case 'step':
      return plain([e.action, e.vars]);
    case 'fair':
      return plain([e.vars, e.action]);
    case 'leadsTo':
      return plain([e.l, e.r]);
    default:
      return [];
  }
}


/** Calls `visit` on every sub-expression of `e` (and `e`), operator arguments included. */
export function forEachExpr(e: Expr, visit: (x: Expr) => void): void {
  visit(e);
  if (e.k === 'app') for (const a of e.args) forEachExpr(a, visit);
  else if (e.k === 'inst') {
    for (const step of e.path) for (const a of step.args) forEachExpr(a, visit);
    for (const a of e.args) forEachExpr(a, visit);
  } else for (const { expr } of childExprs(e)) forEachExpr(expr, visit);
}
