import type { Bound, Def, Expr, Location } from './ast.js';
import { TlaEvalError, TlaUnsupportedError } from './errors.js';
import { exprIsConstant, forEachExpr } from './level.js';
import { compiled, type CompiledSlot } from './compile.js';
import { evaluateFirstInScope, type ConstantSlot } from './constant-cache.js';
import { coreOperator } from './stdlib/core.js';
import { ParameterFrames } from './frame-reuse.js';
import { Frame, frameBinding, Thunk, type Binding, type Builtin, type BuiltinArgs, type EvalContext, type OpClosure, type Scope, type ScopeEntry } from './scope.js';
import { fingerprintItemReplaced, fingerprintReplaced } from './fingerprint.js';
import {
  asFunction,
  EMPTY_SET,
  EnumSet,
  FcnSet,
  FcnValue,
  FilterSet,
  formatValue,
  IntervalSet,
  EnumerationError,
  LazyFcn,
  makeFcn,
  makeRecord,
  makeSet,
  markLasting,
  ModelValue,
  ProductSet,
  RecordSet,
  SetValue,
  TupleValue,
  typeName,
  valuesEqual,
  type Value,
} from './values.js';

/**
 * The TLA+ expression evaluator: TLC's semantics for values, with its error
 * messages and the location of the expression at fault.
 */

export function fail(message: string, at: Location | undefined): never {
  throw new TlaEvalError(message, at);
}

export function evalBool(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): boolean {
  const v = evaluate(e, frame, scope, ctx);
  if (typeof v !== 'boolean') fail(`A non-boolean expression (${typeName(v)} ${short(v)}) was used as a condition.`, e.at);
  return v;
}

export function evalSet(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): SetValue {
  const v = evaluate(e, frame, scope, ctx);
  if (!(v instanceof SetValue)) fail(`Attempted to use ${typeName(v)} ${short(v)} as a set.`, e.at);
  return v;
}

/** The members of a set that must be enumerated (a quantifier's domain), with TLC's error for an infinite one. */
export function membersOf(set: SetValue, at: Location, anyOrder = false): readonly Value[] {
  try {
    return anyOrder ? set.enumerate() : set.elements();
  } catch (error) {
    if (error instanceof EnumerationError) fail(`${error.message}`, at);
    throw error;
  }
}

export function short(v: Value): string {
  const text = formatValue(v);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** The value of `e`: through its compiled closure (compile.ts), compiled on first use. */
export function evaluate(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  const ev = (e as CompiledSlot).ev;
  if (ev) return ev(frame, scope, ctx);
  // A node made while evaluating (not parsed) has no slot: not worth compiling.
  if (ev === undefined) return evaluateNode(e, frame, scope, ctx);
  return compiled(e)(frame, scope, ctx);
}

/** The general evaluator, on the node itself: the kinds compile.ts has no closure of its own for. */
export function evaluateNode(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  // The most frequent kinds first: a switch on strings tests its cases in order.
  switch (e.k) {
    case 'num':
    case 'str':
    case 'bool':
      return e.v;
    case 'app':
      if (e.args.length > 0) {
        const kept = keptConstant(e, frame, scope, ctx);
        if (kept !== undefined) return kept;
      }
      return evalApp(e, frame, scope, ctx);
    case 'apply': {
      const f = evaluate(e.f, frame, scope, ctx);
      const arg = e.args.length === 1 ? evaluate(e.args[0]!, frame, scope, ctx) : new TupleValue(evalItems(e.args, frame, scope, ctx));
      return applyFunction(f, arg, e.at);
    }
    case 'field': {
      const r = evaluate(e.rec, frame, scope, ctx);
      const f = asFunction(r);
      const v = f?.lookup(e.name);
      if (v === undefined) fail(`Attempted to access field ${e.name} of ${typeName(r)} ${short(r)}, which has no such field.`, e.at);
      return v;
    }
    case 'inst': {
      const target = instanceScope(e.path, frame, scope, ctx, e.at);
      return applyName(e.name, e.args, frame, scope, ctx, e.at, target);
    }
    case 'and':
      for (const item of e.items) if (!evalBool(item, frame, scope, ctx)) return false;
      return true;
    case 'or':
      for (const item of e.items) if (evalBool(item, frame, scope, ctx)) return true;
      return false;
    case 'quant':
      return evalQuant(e.q, flatBounds(e.bounds), 0, e.body, frame, scope, ctx);
    case 'uquant':
      return fail(`TLC cannot evaluate an unbounded quantifier (\\${e.q} ${e.names.join(', ')} : ...).`, e.at);
    case 'choose': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return evalChoose(e, frame, scope, ctx);
    }
    case 'setEnum': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return literalSet(e) ?? makeSet(evalItems(e.items, frame, scope, ctx));
    }
    case 'setFilter': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      const set = evalSet(e.bound.set, frame, scope, ctx);
      if (!(set instanceof EnumSet) && !(set instanceof IntervalSet)) return lazyFilter(e, set, frame, scope, ctx);
      const out: Value[] = [];
      for (const m of membersOf(set, e.at)) if (evalBool(e.pred, bindBound(e.bound, m, frame, e.at), scope, ctx)) out.push(m);
      return new EnumSet(out);
    }
    case 'setMap': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return evalSetMap(e, frame, scope, ctx);
    }
    case 'fcn': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return evalFcnLiteral(e.bounds, e.body, frame, scope, ctx, e.at);
    }
    case 'except':
      return evalExcept(e, frame, scope, ctx);
    case 'at': {
      const v = frame?.lookup('@');
      if (v === undefined) fail('@ used outside an EXCEPT', e.at);
      return v as Value;
    }
    case 'record': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return makeRecord(evalFields(e.fields, frame, scope, ctx));
    }
    case 'recordSet': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return new RecordSet(evalFieldSets(e.fields, frame, scope, ctx));
    }
    case 'fcnSet': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return new FcnSet(evalSet(e.dom, frame, scope, ctx), evalSet(e.rng, frame, scope, ctx));
    }
    case 'tuple': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return new TupleValue(evalItems(e.items, frame, scope, ctx));
    }
    case 'times': {
      const kept = keptConstant(e, frame, scope, ctx);
      if (kept !== undefined) return kept;
      return new ProductSet(evalSets(e.items, frame, scope, ctx));
    }
    case 'if':
      return evalBool(e.cond, frame, scope, ctx) ? evaluate(e.then, frame, scope, ctx) : evaluate(e.else, frame, scope, ctx);
    case 'case': {
      for (const [guard, value] of e.arms) if (evalBool(guard, frame, scope, ctx)) return evaluate(value, frame, scope, ctx);
      if (e.other) return evaluate(e.other, frame, scope, ctx);
      return fail('Attempted to evaluate a CASE with no arm true and no OTHER.', e.at);
    }
    case 'let':
      return evaluate(e.body, bindLet(e.defs, frame, scope), scope, ctx);
    case 'lambda':
      return fail('A LAMBDA expression can only be an operator argument.', e.at);
    case 'prime': {
      if (ctx.primed) fail('A primed expression was primed again.', e.at);
      if (!ctx.next) fail('A primed variable was used where only the current state is known.', e.at);
      ctx.primed = true;
      try {
        return evaluate(e.x, frame, scope, ctx);
      } finally {
        ctx.primed = false;
      }
    }
    case 'unchanged': {
      if (!ctx.next) fail('UNCHANGED was used where only the current state is known.', e.at);
      const now = evaluate(e.x, frame, scope, ctx);
      ctx.primed = true;
      try {
        return valuesEqual(now, evaluate(e.x, frame, scope, ctx));
      } finally {
        ctx.primed = false;
      }
    }
    case 'enabled':
      return evalEnabledHook(e.x, frame, scope, ctx);
    case 'step': {
      if (!e.stutter) {
        return evalBool(e.action, frame, scope, ctx) && !evaluate({ k: 'unchanged', x: e.vars, at: e.at }, frame, scope, ctx);
      }
      return evalBool(e.action, frame, scope, ctx) || (evaluate({ k: 'unchanged', x: e.vars, at: e.at }, frame, scope, ctx) as boolean);
    }
    case 'fair':
    case 'always':
    case 'eventually':
    case 'leadsTo':
      throw new TlaUnsupportedError('a temporal formula evaluated as a state or action expression', e.at);
    case 'fcnDef':
      return evalFcnDef(e, frame, scope, ctx);
    case 'subexpr': {
      const part = subexpressionOf(e, scope);
      return evaluate(part.expr, null, part.scope, ctx);
    }
    case 'unsupported':
      throw new TlaUnsupportedError(e.what, e.at);
  }
}

// The helpers below hold the closures and loops `evaluate` would otherwise
// contain: a closure in `evaluate` that captures its parameters makes V8
// allocate a context for them on every call of `evaluate`, whatever the kind.

export function evalItems(items: readonly Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext): Value[] {
  const out = new Array<Value>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = evaluate(items[i]!, frame, scope, ctx);
  return out;
}

function evalSets(items: readonly Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext): SetValue[] {
  const out = new Array<SetValue>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = evalSet(items[i]!, frame, scope, ctx);
  return out;
}

function evalFields(fields: readonly [string, Expr][], frame: Frame | null, scope: Scope, ctx: EvalContext): [string, Value][] {
  const out = new Array<[string, Value]>(fields.length);
  for (let i = 0; i < fields.length; i++) out[i] = [fields[i]![0], evaluate(fields[i]![1], frame, scope, ctx)];
  return out;
}

function evalFieldSets(fields: readonly [string, Expr][], frame: Frame | null, scope: Scope, ctx: EvalContext): [string, SetValue][] {
  const out = new Array<[string, SetValue]>(fields.length);
  for (let i = 0; i < fields.length; i++) out[i] = [fields[i]![0], evalSet(fields[i]![1], frame, scope, ctx)];
  return out;
}

function evalSetMap(e: Expr & { k: 'setMap' }, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  const out: Value[] = [];
  forEachBinding(e.bounds, frame, scope, ctx, e.at, (f) => {
    out.push(evaluate(e.body, f, scope, ctx));
  });
  return makeSet(out);
}

/**
 * The value of a constant subexpression already computed (constant-cache.ts);
 * computed now on its first evaluation in this scope; undefined when it is not
 * constant.
 */
export function keptConstant(e: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): Value | undefined {
  for (let c: ConstantSlot['constCache'] = (e as ConstantSlot).constCache; c != null; c = c.next) {
    if (c.scope !== scope) continue;
    if (c.version === scope.overrides.version) return c.value ?? undefined;
    break;
  }
  return evaluateFirstInScope(e, frame, scope, ctx, evaluate);
}

/** `{0, 1}`, `{"a"}`: a set of literals is built once, not on every evaluation. */
const literalSets = new WeakMap<Expr, EnumSet | null>();
export function literalSet(e: Expr & { k: 'setEnum' }): EnumSet | null {
  let set = literalSets.get(e);
  if (set === undefined) {
    set = e.items.every((item) => item.k === 'num' || item.k === 'str' || item.k === 'bool') ? makeSet(e.items.map((item) => (item as { v: Value }).v)) : null;
    if (set !== null) markLasting(set);
    literalSets.set(e, set);
  }
  return set;
}

/** `Name!n`: the n-th conjunct (or disjunct) of a zero-argument definition. */
export function subexpressionOf(e: Expr & { k: 'subexpr' }, scope: Scope): { expr: Expr; scope: Scope } {
  const entry = scope.get(e.name);
  if (entry?.kind !== 'def' || entry.closure.params.length > 0) fail(`${e.name}!${e.index}: ${e.name} is not a definition without arguments.`, e.at);
  const body = entry.closure.body;
  const items = body.k === 'and' || body.k === 'or' ? body.items : [body];
  const part = items[e.index - 1];
  if (!part) fail(`${e.name}!${e.index}: ${e.name} has only ${items.length} part(s).`, e.at);
  return { expr: part, scope: entry.closure.scope };
}

/** A filter over a set not yet enumerated stays lazy; its predicate sees a snapshot of the state. */
export function lazyFilter(e: Expr & { k: 'setFilter' }, set: SetValue, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  let evalCtx = ctx;
  if (frame !== null || !exprIsConstant(e.pred, new Set(e.bound.names), scope, true)) {
    ctx.varReads++;
    evalCtx = { cur: ctx.cur.slice(), next: ctx.next ? ctx.next.slice() : null, primed: ctx.primed, varReads: 0 };
  }
  return new FilterSet(set, (m) => evalBool(e.pred, bindBound(e.bound, m, frame, e.at), scope, evalCtx));
}

/** Set by the enumerator: ENABLED needs the successor enumeration. */
let evalEnabledHook: (x: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext) => boolean = (_x, _f, _s, _c) => {
  throw new TlaUnsupportedError('ENABLED', undefined);
};
export function setEnabledEvaluator(hook: typeof evalEnabledHook): void {
  evalEnabledHook = hook;
}

/** `bounds` one per name (flatBounds). */
function evalQuant(q: 'A' | 'E', bounds: Bound[], i: number, body: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext): boolean {
  if (i === bounds.length) return evalBool(body, frame, scope, ctx);
  const bound = bounds[i]!;
  const set = evalSet(bound.set, frame, scope, ctx);
  const members = membersOf(set, bound.set.at, true);
  for (const m of members) {
    const r = evalQuant(q, bounds, i + 1, body, bindBound(bound, m, frame, bound.set.at), scope, ctx);
    if (q === 'E' && r) return true;
    if (q === 'A' && !r) return false;
  }
  return q === 'A';
}

/** Binds one bound's names to a member (a tuple pattern destructures it). */
export function bindBound(bound: { names: string[]; tuple: boolean }, member: Value, frame: Frame | null, at: Location): Frame {
  if (!bound.tuple) return new Frame(bound.names[0]!, member, frame);
  const items = member instanceof TupleValue ? member.items : null;
  if (!items || items.length !== bound.names.length) fail(`Attempted to bind <<${bound.names.join(', ')}>> to ${short(member)}.`, at);
  let f: Frame | null = frame;
  bound.names.forEach((name, i) => (f = new Frame(name, items[i]!, f)));
  return f!;
}

const flattened = new WeakMap<Bound[], Bound[]>();
/** The bounds with `x, y \in S` split into one bound per name (computed once per expression). */
export function flatBounds(bounds: Bound[]): Bound[] {
  let flat = flattened.get(bounds);
  if (flat === undefined) {
    flat = bounds.flatMap((b) => (b.tuple || b.names.length === 1 ? [b] : b.names.map((name) => ({ names: [name], tuple: false, set: b.set }))));
    flattened.set(bounds, flat);
  }
  return flat;
}

/** Every combination of the bounds (each name of `x, y \in S` separately), in TLC's order. */
export function forEachBinding(bounds: Bound[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location, visit: (f: Frame | null) => void): void {
  const flat = flatBounds(bounds);
  const step = (i: number, f: Frame | null): void => {
    if (i === flat.length) {
      visit(f);
      return;
    }
    const bound = flat[i]!;
    for (const m of membersOf(evalSet(bound.set, f, scope, ctx), at)) step(i + 1, bindBound(bound, m, f, at));
  };
  step(0, frame);
}

function evalChoose(e: Expr & { k: 'choose' }, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  if (!e.set) fail('TLC cannot evaluate an unbounded CHOOSE.', e.at);
  const set = evalSet(e.set, frame, scope, ctx);
  for (const m of membersOf(set, e.at)) if (evalBool(e.body, bindBound(e.bound, m, frame, e.at), scope, ctx)) return m;
  return fail(`Attempted to compute the value of an expression of form CHOOSE x \\in S: P, but no element of S satisfied P.`, e.at);
}

export function evalFcnLiteral(bounds: Bound[], body: Expr, frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location): Value {
  const flat = flatBounds(bounds);
  if (flat.length === 1) {
    const bound = flat[0]!;
    const domain = evalSet(bound.set, frame, scope, ctx);
    if (!domain.finite) return new LazyFcn(domain, (arg) => evaluate(body, bindBound(bound, arg, frame, at), scope, ctx));
    const keys = membersOf(domain, at);
    return makeFcn(
      keys,
      keys.map((k) => evaluate(body, bindBound(bound, k, frame, at), scope, ctx)),
    );
  }
  // [x \in S, y \in T |-> e]: a function of pairs.
  const domain = new ProductSet(flat.map((b) => evalSet(b.set, frame, scope, ctx)));
  const keys = membersOf(domain, at);
  const vals = keys.map((k) => {
    let f = frame;
    (k as TupleValue).items.forEach((item, i) => (f = bindBound(flat[i]!, item, f, at)));
    return evaluate(body, f, scope, ctx);
  });
  return makeFcn(keys, vals);
}

export function applyFunction(f: Value, arg: Value, at: Location): Value {
  if (f instanceof TupleValue) {
    if (typeof arg === 'number' && arg >= 1 && arg <= f.items.length) return f.items[arg - 1]!;
  } else if (f instanceof FcnValue) {
    const v = f.lookup(arg);
    if (v !== undefined) return v;
  } else if (f instanceof LazyFcn) {
    const v = f.apply(arg);
    if (v !== undefined) return v;
  } else {
    fail(`A non-function (${typeName(f)} ${short(f)}) was applied as a function.`, at);
  }
  return fail(`Attempted to apply function:\n${short(f)}\nto argument ${short(arg)}, which is not in the domain of the function.`, at);
}

export function evalExcept(e: Expr & { k: 'except' }, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  let result = evaluate(e.f, frame, scope, ctx);
  for (const update of e.updates) {
    const path = update.path;
    const keys = new Array<Value>(path.length);
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      keys[i] = step.kind === 'field' ? step.name : step.args.length === 1 ? evaluate(step.args[0]!, frame, scope, ctx) : new TupleValue(evalItems(step.args, frame, scope, ctx));
    }
    const value = update.value;
    result = updateAt(result, keys, 0, (f, sc, cx) => evaluate(value, f, sc, cx), usesAt(value), frame, scope, ctx, e.at);
  }
  return result;
}

/** Whether an EXCEPT's new value mentions `@` (else it is evaluated without binding it). */
const atUses = new WeakMap<Expr, boolean>();
export function usesAt(value: Expr): boolean {
  let uses = atUses.get(value);
  if (uses === undefined) {
    uses = false;
    forEachExpr(value, (x) => {
      if (x.k === 'at') uses = true;
    });
    atUses.set(value, uses);
  }
  return uses;
}

/** [f EXCEPT ![k1][k2] = ...]: a key outside the domain leaves the function as it is (as TLC). */
/** The new value of an EXCEPT update, evaluated where the update is (with `@` bound when it is used). */
export type UpdateValue = (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value;

export function updateAt(f: Value, keys: Value[], i: number, value: UpdateValue, at: boolean, frame: Frame | null, scope: Scope, ctx: EvalContext, where: Location): Value {
  const key = keys[i]!;
  const last = i === keys.length - 1;
  if (f instanceof TupleValue) {
    if (typeof key !== 'number' || key < 1 || key > f.items.length) return f;
    const items = f.items.slice();
    const old = items[key - 1]!;
    items[key - 1] = last ? value(at ? new Frame('@', old, frame) : frame, scope, ctx) : updateAt(old, keys, i + 1, value, at, frame, scope, ctx, where);
    const updated = new TupleValue(items);
    fingerprintItemReplaced(f, updated, key - 1);
    return updated;
  }
  const fn = f instanceof LazyFcn ? f.materialize() : f;
  if (fn instanceof TupleValue) return updateAt(fn, keys, i, value, at, frame, scope, ctx, where);
  if (!(fn instanceof FcnValue)) fail(`Attempted to apply EXCEPT to ${typeName(f)} ${short(f)}, which is not a function.`, where);
  const index = fn.indexOf(key);
  if (index < 0) return fn;
  const vals = fn.vals.slice();
  const old = vals[index]!;
  vals[index] = last ? value(at ? new Frame('@', old, frame) : frame, scope, ctx) : updateAt(old, keys, i + 1, value, at, frame, scope, ctx, where);
  const updated = fn.withValues(vals);
  fingerprintReplaced(fn, updated, index);
  return updated;
}

/** The arguments of an application without any (shared: bindParams returns before keeping a plan on it). */
const NO_ARGS = Object.freeze([]) as unknown as Expr[];

/** A LET definition's compiled body, kept on the definition (a function definition's body is made per binding: undefined). */
function letBodyClosure(def: Def): ((frame: Frame | null, scope: Scope, ctx: EvalContext) => Value) | undefined {
  if (def.fcnBounds) return undefined;
  const slot = def as Def & { letEv?: (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value };
  return (slot.letEv ??= bodyClosure(def.body));
}

/** LET definitions as frames (each sees the ones before it, and itself for recursion). */
export function bindLet(defs: readonly Def[], frame: Frame | null, scope: Scope, memoise: boolean | 'unprimed' = true): Frame | null {
  let f = frame;
  for (const def of defs) {
    const memoCtx = memoise !== false && def.params.length === 0 ? null : undefined;
    const closure: OpClosure = {
      kind: 'op',
      name: def.name,
      params: def.params,
      body: definitionBody(def),
      def,
      frame: null,
      scope,
      memoCtx,
      memoPrimed: false,
      memoValue: undefined,
      memoUnprimedOnly: memoise === 'unprimed',
      bodyEv: letBodyClosure(def),
    };
    f = new Frame(def.name, closure, f);
    // The closure sees the frame that holds itself (recursive LET operators).
    (closure as { frame: Frame | null }).frame = f;
  }
  return f;
}

/**
 * Reads of a primed variable, ever (a counter, not a per-context field, so
 * every EvalContext keeps one shape). A LET definition the enumerator walks is
 * memoised only when computing it read none: the enumerator assigns primed
 * variables while it walks the LET body, never the current state's.
 */
let primedReads = 0;

/** What evaluating a definition means: its body, or for `f[x \in S] == e` the function. */
export function definitionBody(def: Def): Expr {
  return def.fcnBounds ? { k: 'fcnDef', name: def.name, bounds: def.fcnBounds, body: def.body, at: def.at } : def.body;
}

/**
 * `f[x \in S] == e`: a function that may apply itself. Over a finite domain it is
 * computed whole at once (so its variable reads count for the caller); over an
 * infinite one it stays lazy, evaluated in a snapshot of the current state.
 */
const constantBodies = new WeakMap<Expr, boolean>();

/** A recursive function definition's body, its scope, and the frame that binds its parameters to an argument. */
export interface LazyFcnSource {
  readonly body: Expr;
  readonly scope: Scope;
  readonly bind: (arg: Value) => Frame;
}

function evalFcnDef(e: Expr & { k: 'fcnDef' }, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  const flat = flatBounds(e.bounds);
  const domain = flat.length === 1 ? evalSet(flat[0]!.set, frame, scope, ctx) : new ProductSet(flat.map((b) => evalSet(b.set, frame, scope, ctx)));
  const self = new Frame(e.name, false, frame);
  // Lazy, as TLC: only the arguments asked for are computed. A body that reads
  // the state is evaluated in a snapshot of it, and counts as a read now (so the
  // definition is not memoised as a constant).
  let constant = false;
  if (frame === null) {
    const known = constantBodies.get(e);
    constant = known ?? exprIsConstant(e.body, new Set([e.name, ...flat.flatMap((b) => b.names)]), scope);
    if (known === undefined) constantBodies.set(e, constant);
  }
  let evalCtx = ctx;
  if (!constant) {
    ctx.varReads++;
    evalCtx = { cur: ctx.cur.slice(), next: ctx.next ? ctx.next.slice() : null, primed: ctx.primed, varReads: 0 };
  }
  const bind = (arg: Value): Frame => {
    let f: Frame = self;
    if (flat.length === 1) f = bindBound(flat[0]!, arg, f, e.at);
    else (arg as TupleValue).items.forEach((item, i) => (f = bindBound(flat[i]!, item, f, e.at)));
    return f;
  };
  const source: LazyFcnSource = { body: e.body, scope, bind };
  const lazy = new LazyFcn(domain, (arg) => evaluate(e.body, bind(arg), scope, evalCtx), source);
  (self as { binding: Binding }).binding = lazy;
  return lazy;
}



function evalApp(e: Expr & { k: 'app' }, frame: Frame | null, scope: Scope, ctx: EvalContext): Value {
  if (frame !== null && e.local !== false) {
    const local = frame.lookup(e.name);
    if (local !== undefined) return applyLocal(local, e.name, e.args, frame, scope, ctx, e.at);
  }
  const entry = resolvedEntry(e, scope);
  if (entry === undefined) return fail(`Unknown operator ${e.name}.`, e.at);
  return applyEntry(entry, e.name, e.args, frame, scope, ctx, e.at);
}

/**
 * What a name means in a scope (its entry, else the core operator's), kept on
 * the expression: the same expression is mostly evaluated in the same scope,
 * and looking the name up again was 7% of a run. The overrides' version is part
 * of the key, as the configuration may still be binding constants.
 */
export interface ResolvedApp {
  /** One entry per scope the expression was evaluated in, newest first (as constant-cache.ts). */
  resolved?: ResolvedEntry | null;
}
interface ResolvedEntry {
  readonly scope: Scope;
  version: number;
  entry: ScopeEntry | undefined;
  readonly next: ResolvedEntry | null;
}

export function resolvedEntry(e: Expr & { k: 'app' }, scope: Scope): ScopeEntry | undefined {
  const cache = e as ResolvedApp;
  let known: ResolvedEntry | null = null;
  for (let c = cache.resolved ?? null; c !== null; c = c.next) {
    if (c.scope !== scope) continue;
    if (c.version === scope.overrides.version) return c.entry;
    known = c;
    break;
  }
  let entry = scope.get(e.name);
  if (entry === undefined) {
    const core = coreOperator(e.name);
    if (!core) return undefined;
    entry = coreEntry(core);
  }
  if (known === null) cache.resolved = { scope, version: scope.overrides.version, entry, next: cache.resolved ?? null };
  else {
    known.version = scope.overrides.version;
    known.entry = entry;
  }
  return entry;
}

const coreEntries = new Map<Builtin, ScopeEntry>();
function coreEntry(core: Builtin): ScopeEntry {
  let entry = coreEntries.get(core);
  if (!entry) coreEntries.set(core, (entry = { kind: 'builtin', builtin: core }));
  return entry;
}

/** A name bound in a frame: a value, a parameter's argument, or an operator (with arguments). */
export function applyLocal(local: Binding, name: string, args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location): Value {
  if (args.length === 0) return bindingValue(local, name, ctx, at);
  if (!isOperator(local)) {
    // A higher-order parameter bound to a thunk of an operator name.
    fail(`${name} is not an operator taking ${args.length} argument(s).`, at);
  }
  return callOperator(local, args, frame, scope, ctx, at);
}

function bindingValue(b: Binding, name: string, ctx: EvalContext, at: Location): Value {
  if (b instanceof Thunk) {
    // Under a prime the argument means its next-state value: never cached.
    if (ctx.primed) return evaluate(b.expr, b.frame, b.scope, ctx);
    if (b.value === undefined) b.value = evaluate(b.expr, b.frame, b.scope, ctx);
    return b.value;
  }
  if (isOperator(b)) {
    if (b.kind === 'op' && b.def !== null && b.params.length === 0 && b.frame !== null) return letValue(b, ctx, at);
    return callOperator(b, NO_ARGS, null, null, ctx, at);
  }
  return b;
}

/** A LET definition without parameters that depends on nothing around it is computed once (per module instance). */
function letValue(b: OpClosure, ctx: EvalContext, at: Location): Value {
  // Kept on the definition itself (a WeakMap lookup on every use of a LET name cost more).
  const def = b.def as Def & { letConstant?: { scope: Scope; value: Value } | null };
  let known = def.letConstant;
  if (known === undefined) {
    known = !def.fcnBounds && exprIsConstant(def.body, new Set(), b.scope, true) ? { scope: b.scope, value: undefined as unknown as Value } : null;
    def.letConstant = known;
  }
  if (known === null || known.scope !== b.scope) {
    if (b.memoCtx === undefined) return callOperator(b, NO_ARGS, null, null, ctx, at);
    if (b.memoCtx === ctx && b.memoPrimed === ctx.primed) {
      // Counted as a read: a definition using this value is not taken for a constant.
      ctx.varReads++;
      return b.memoValue!;
    }
    const primedBefore = primedReads;
    const value = callOperator(b, NO_ARGS, null, null, ctx, at);
    if (!b.memoUnprimedOnly || primedReads === primedBefore) {
      b.memoCtx = ctx;
      b.memoPrimed = ctx.primed;
      b.memoValue = value;
    }
    return value;
  }
  if (known.value === undefined) {
    known.value = callOperator(b, NO_ARGS, null, null, ctx, at);
    markLasting(known.value);
  }
  return known.value;
}

export function isOperator(b: unknown): b is OpClosure | Builtin {
  return typeof b === 'object' && b !== null && ((b as { kind?: string }).kind === 'op' || (b as { kind?: string }).kind === 'builtin');
}

/**
 * Applies the operator `name` from `target` (the current scope, or an instance's)
 * to argument expressions evaluated in `frame`/`scope`.
 */
export function applyName(name: string, args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location, target: Scope): Value {
  if (frame !== null && target === scope) {
    const local = frame.lookup(name);
    if (local !== undefined) return applyLocal(local, name, args, frame, scope, ctx, at);
  }
  const entry = target.get(name);
  if (entry === undefined) {
    const core = coreOperator(name);
    if (core) return callOperator(core, args, frame, scope, ctx, at);
    return fail(`Unknown operator ${name}.`, at);
  }
  return applyEntry(entry, name, args, frame, scope, ctx, at);
}

export function applyEntry(entry: ScopeEntry, name: string, args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location): Value {
  switch (entry.kind) {
    case 'var': {
      ctx.varReads++;
      if (ctx.primed) primedReads++;
      const v = ctx.primed ? ctx.next![entry.index] : ctx.cur[entry.index];
      if (v === undefined) fail(`The variable ${entry.name}${ctx.primed ? "'" : ''} was used before it was given a value.`, at);
      return v;
    }
    case 'const': {
      if (entry.value === undefined) fail(`The constant ${name} has no value.`, at);
      if (isOperator(entry.value)) return callOperator(entry.value, args, frame, scope, ctx, at);
      return entry.value;
    }
    case 'subst': {
      const v = evaluate(entry.expr, entry.frame, entry.scope, ctx);
      if (args.length > 0) fail(`${name} takes no arguments.`, at);
      return v;
    }
    case 'def': {
      if (args.length === 0 && entry.closure.params.length === 0) {
        if (entry.constant) return entry.constant.value;
        const reads = ctx.varReads;
        const wasPrimed = ctx.primed;
        const v = callOperator(entry.closure, NO_ARGS, frame, scope, ctx, at);
        // Read no variable: the value is the same in every state (TLC precomputes these).
        if (ctx.varReads === reads && entry.constant === undefined && !wasPrimed) {
          entry.constant = { value: v };
          markLasting(v);
        }
        return v;
      }
      return callOperator(entry.closure, args, frame, scope, ctx, at);
    }
    case 'builtin':
      return callOperator(entry.builtin, args, frame, scope, ctx, at);
    case 'instance':
      return fail(`${name} is a module instance, not an operator.`, at);
  }
}

/** Resolves an operator argument (a name, a LAMBDA, an instance operator) to something callable. */
export function resolveOperatorArg(e: Expr, frame: Frame | null, scope: Scope): OpClosure | Builtin | null {
  if (e.k === 'lambda') return { kind: 'op', name: 'LAMBDA', params: e.params.map((name) => ({ name, arity: 0 })), body: e.body, def: null, frame, scope, bodyEv: undefined };
  if (e.k === 'app' && e.args.length === 0) {
    const local = frameBinding(e, frame);
    if (local !== undefined) return isOperator(local) ? local : null;
    const entry = scope.get(e.name);
    if (entry?.kind === 'def' && entry.closure.params.length > 0) return entry.closure;
    if (entry?.kind === 'builtin' && entry.builtin.arity !== 0) return entry.builtin;
    if (entry?.kind === 'const' && isOperator(entry.value)) return entry.value;
    if (!entry) return coreOperator(e.name) ?? null;
  }
  return null;
}

export function callOperator(op: OpClosure | Builtin, args: Expr[], frame: Frame | null, scope: Scope | null, ctx: EvalContext, at: Location): Value {
  if (op.kind === 'builtin') {
    if (op.arity >= 0 && op.arity !== args.length) fail(`The operator ${op.name} requires ${op.arity} argument(s), but was applied to ${args.length}.`, at);
    // The strict operators' common case from the evaluated arguments; the
    // general one (TLC's messages) from the same values, not evaluated again.
    if (op.binary !== undefined) {
      const x = evaluate(args[0]!, frame, scope!, ctx);
      const y = evaluate(args[1]!, frame, scope!, ctx);
      return op.binary(x, y) ?? op.fn(new ValueArgs([x, y], ctx, at));
    }
    if (op.unary !== undefined) {
      const x = evaluate(args[0]!, frame, scope!, ctx);
      return op.unary(x) ?? op.fn(new ValueArgs([x], ctx, at));
    }
    return op.fn(builtinArgs(args, frame, scope!, ctx, at));
  }
  return operatorBody(op)(bindParams(op, args, frame, scope, at), op.scope, ctx);
}

/** The closure evaluating an operator's body, made at its first call and kept on it. */
export function operatorBody(op: OpClosure): (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value {
  return (op.bodyEv ??= bodyClosure(op.body));
}

/** What evaluates an operator's body: its compiled closure (a node made while evaluating, such as a definition's fcnDef: the general evaluator). */
function bodyClosure(e: Expr): (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value {
  return (e as CompiledSlot).ev === undefined ? generalClosure(e) : compiled(e);
}

/** Made apart from bodyClosure: a closure there would make V8 allocate a context for `e` on every call. */
function generalClosure(e: Expr): (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value {
  return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
}

export function bindParams(op: OpClosure, args: Expr[], frame: Frame | null, scope: Scope | null, at: Location): Frame | null {
  if (op.params.length !== args.length) fail(`The operator ${op.name} requires ${op.params.length} argument(s), but was applied to ${args.length}.`, at);
  // No arguments (NO_ARGS or a fresh []): no plan or frames to keep on the array.
  if (args.length === 0) return op.frame;
  const plan = argumentPlan(args);
  const frames = plan.frames;
  let keepable = frames.useful;
  if (keepable) {
    const kept = frames.find(frame, scope, op);
    if (kept !== undefined) return kept;
  }
  let f = op.frame;
  for (let i = 0; i < args.length; i++) {
    const param = op.params[i]!;
    const kind = plan.kinds[i]!;
    let binding: Binding;
    if (param.arity > 0 || kind === ArgumentKind.Lambda) {
      const resolved = resolveOperatorArg(args[i]!, frame, scope!);
      if (!resolved) fail(`The argument ${i + 1} of ${op.name} must be an operator.`, args[i]!.at);
      binding = resolved;
    } else if (kind === ArgumentKind.Literal) binding = plan.literals[i]!;
    else if (kind === ArgumentKind.Expression) binding = new Thunk(args[i]!, frame, scope!);
    else binding = argumentBinding(args[i] as Expr & { k: 'app' }, frame, scope!);
    if (binding instanceof Thunk) keepable = false;
    f = new Frame(param.name, binding, f);
  }
  if (keepable) frames.keep(frame, scope, op, f);
  return f;
}

/** What an operator argument is, by its syntax alone (argumentBinding decides names). */
const enum ArgumentKind {
  /** A number or string: bound as itself. */
  Literal,
  /** A LAMBDA: an operator. */
  Lambda,
  /** A name without arguments: a parameter, bound variable, definition or constant. */
  Name,
  /** Anything else: evaluated when first used (a Thunk). */
  Expression,
}

interface ArgumentPlan {
  readonly kinds: Uint8Array;
  readonly literals: (Value | undefined)[];
  /** The parameter frames made at this application, kept while they hold no Thunk (frame-reuse.ts). */
  readonly frames: ParameterFrames;
}

/**
 * The kinds of an application's arguments, worked out once and kept on its
 * arguments array (the same array at every call): reading each argument node's
 * `k` at every call was a megamorphic load.
 */
function argumentPlan(args: Expr[]): ArgumentPlan {
  const slot = args as Expr[] & { plan?: ArgumentPlan };
  let plan = slot.plan;
  if (plan === undefined) {
    const kinds = new Uint8Array(args.length);
    const literals = new Array<Value | undefined>(args.length).fill(undefined);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.k === 'num' || arg.k === 'str') {
        kinds[i] = ArgumentKind.Literal;
        literals[i] = arg.v;
      } else if (arg.k === 'lambda') kinds[i] = ArgumentKind.Lambda;
      else if (arg.k === 'app' && arg.args.length === 0) kinds[i] = ArgumentKind.Name;
      else kinds[i] = ArgumentKind.Expression;
    }
    plan = slot.plan = { kinds, literals, frames: new ParameterFrames() };
  }
  return plan;
}

/** The binding of an argument that is a name without arguments (ArgumentKind.Name; argumentPlan sorts out the rest). */
function argumentBinding(arg: Expr & { k: 'app' }, frame: Frame | null, scope: Scope): Binding {
  const local = frameBinding(arg, frame);
  // The caller's parameter, bound variable or operator: the same binding means the
  // same thing here. Not a LET definition without parameters: passed as itself it
  // would be recomputed at every use (exponentially in a recursion); as TLC's
  // LazyValue it is computed at most once.
  if (local !== undefined) return isOperator(local) && local.kind === 'op' && local.params.length === 0 ? new Thunk(arg, frame, scope) : local;
  // The name's entry as kept on the node (resolvedEntry: no map lookups per call).
  const entry = resolvedEntry(arg, scope);
  if (entry !== undefined) {
    switch (entry.kind) {
      case 'def':
        if (entry.closure.params.length > 0) return entry.closure;
        return entry.constant ? entry.constant.value : new Thunk(arg, frame, scope);
      case 'var':
      case 'subst':
        return new Thunk(arg, frame, scope);
      case 'const':
        if (entry.value !== undefined && !isOperator(entry.value)) return entry.value;
        break;
      default:
        break;
    }
  }
  // A name of an operator with parameters is passed as that operator; anything else as a value computed once.
  const resolved = resolveOperatorArg(arg, frame, scope);
  return resolved !== null && (resolved.kind === 'builtin' || resolved.params.length > 0) ? resolved : new Thunk(arg, frame, scope);
}

/** Calls an operator value with already evaluated arguments (for builtins taking operators). */
export function callWithValues(op: OpClosure | Builtin, values: Value[], ctx: EvalContext, at: Location): Value {
  if (op.kind === 'builtin') return op.fn(new ValueArgs(values, ctx, at));
  if (op.params.length !== values.length) fail(`The operator ${op.name} requires ${op.params.length} argument(s), but was applied to ${values.length}.`, at);
  let f = op.frame;
  op.params.forEach((p, i) => (f = new Frame(p.name, values[i]!, f)));
  return evaluate(op.body, f, op.scope, ctx);
}

function builtinArgs(args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location): BuiltinArgs {
  return new ExprArgs(args, frame, scope, ctx, at);
}

/** A builtin's arguments, evaluated when it asks (one object per call, no closures). */
class ExprArgs implements BuiltinArgs {
  declare readonly count: number;
  declare private readonly args: Expr[];
  declare private readonly frame: Frame | null;
  declare private readonly scope: Scope;
  declare readonly ctx: EvalContext;
  declare readonly at: Location;
  constructor(args: Expr[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location) {
    this.count = args.length;
    this.args = args;
    this.frame = frame;
    this.scope = scope;
    this.ctx = ctx;
    this.at = at;
  }
  val(i: number): Value {
    return evaluate(this.args[i]!, this.frame, this.scope, this.ctx);
  }
  op(i: number): (...xs: Value[]) => Value {
    const resolved = resolveOperatorArg(this.args[i]!, this.frame, this.scope);
    if (!resolved) fail(`The argument ${i + 1} must be an operator.`, this.args[i]!.at);
    return (...xs: Value[]) => callWithValues(resolved, xs, this.ctx, this.at);
  }
}

/** A builtin's arguments already evaluated. */
export class ValueArgs implements BuiltinArgs {
  declare readonly count: number;
  declare private readonly values: readonly Value[];
  declare readonly ctx: EvalContext;
  declare readonly at: Location;
  constructor(values: readonly Value[], ctx: EvalContext, at: Location) {
    this.count = values.length;
    this.values = values;
    this.ctx = ctx;
    this.at = at;
  }
  val(i: number): Value {
    return this.values[i]!;
  }
  op(): (...xs: Value[]) => Value {
    return fail('internal: operator argument', this.at);
  }
}

/** Follows an instance path `I!J(1)!` to the scope of the last instance. */
export function instanceScope(path: { name: string; args: Expr[] }[], frame: Frame | null, scope: Scope, ctx: EvalContext, at: Location): Scope {
  let target = scope;
  for (const step of path) {
    const entry = target.get(step.name);
    if (!entry || entry.kind !== 'instance') fail(`${step.name} is not a module instance.`, at);
    if (entry.params !== step.args.length) fail(`The instance ${step.name} requires ${entry.params} argument(s).`, at);
    target = entry.make(step.args.map((a) => evaluate(a, frame, scope, ctx)));
  }
  return target;
}

export const emptySet = EMPTY_SET;
export { ModelValue };
