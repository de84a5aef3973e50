import type { Bound, Expr, Location } from './ast.js';
import {
  applyEntry,
  applyFunction,
  applyLocal,
  applyName,
  bindParams,
  bindLet,
  evalExcept,
  evalFcnLiteral,
  evaluateNode,
  fail,
  flatBounds,
  instanceScope,
  keptConstant,
  lazyFilter,
  literalSet,
  membersOf,
  operatorBody,
  resolvedEntry,
  short,
  updateAt,
  usesAt,
  ValueArgs,
} from './eval.js';
import type { ConstantSlot } from './constant-cache.js';
import { coreOperator } from './stdlib/core.js';
import { specializer } from './specialize.js';
import { MemberFrames } from './frame-reuse.js';
import { Frame, type Builtin, type EvalContext, type OpClosure, type Scope, type ScopeEntry } from './scope.js';
import { asFunction, compareFieldNames, EnumSet, FcnSet, IntervalSet, LazyFcn, makeFcn, makeRecord, makeSet, recordShape, SetValue, TupleValue, typeName, type Value } from './values.js';

/**
 * Expressions compiled once into JS closures. The evaluator's switch on the
 * node's kind and its loads of the node's fields (`e.args`, `e.f`: every kind
 * has its own shape, so those loads are megamorphic) are done once, when the
 * closure is built; the closure calls its children's closures directly. The
 * kinds evaluated most (names, operator and function applications, field
 * access, conjunctions, IF, quantifiers, primes) have their own closures; the
 * others run the general evaluator (evaluateNode) on their node. A name is still
 * resolved when evaluated (the same expression is evaluated in every module
 * instance that shares its definition), but its entry is kept for the last scope.
 */

export type Compiled = (frame: Frame | null, scope: Scope, ctx: EvalContext) => Value;

/** The field prepareExpressions gives every parsed node: null until first evaluated. */
export interface CompiledSlot {
  ev?: Compiled | null;
}

/** The closure of a node, compiled (and kept on it) on first use. */
export function compiled(e: Expr): Compiled {
  const slot = e as CompiledSlot;
  return slot.ev ?? (slot.ev = compile(e));
}

function compile(e: Expr): Compiled {
  switch (e.k) {
    case 'num':
    case 'str':
    case 'bool': {
      const v = e.v;
      return () => v;
    }
    case 'app':
      // A name without arguments calls no closure of its own: nothing to inline, no copy to compile.
      return e.args.length === 0 ? compileName(e) : compileAppCopy(e);
    case 'apply':
      return compileApplyCopy(e);
    case 'field':
      return compileFieldCopy(e);
    case 'and':
      return compileJunctionCopy(e.items, true);
    case 'or':
      return compileJunctionCopy(e.items, false);
    case 'if':
      return compileIfCopy(e);
    case 'quant':
      return compileQuantCopy(e);
    case 'prime':
      return compilePrimeCopy(e);
    case 'except':
      return compileExceptCopy(e);
    case 'fcn':
      return compileFcnCopy(e);
    case 'let':
      return compileLetCopy(e);
    case 'case':
      return compileCaseCopy(e);
    case 'inst':
      return compileInstanceApp(e);
    case 'setFilter':
      return compileSetFilter(e);
    case 'at': {
      const at = e.at;
      return (frame) => {
        const v = frame?.lookup('@');
        if (v === undefined) fail('@ used outside an EXCEPT', at);
        return v as Value;
      };
    }
    case 'tuple': {
      const items = e.items.map(compiled);
      return kept(e, (frame, scope, ctx) => new TupleValue(evalAll(items, frame, scope, ctx)));
    }
    case 'setEnum': {
      const items = e.items.map(compiled);
      return kept(e, (frame, scope, ctx) => literalSet(e) ?? makeSet(evalAll(items, frame, scope, ctx)));
    }
    case 'record': {
      const names = e.fields.map(([name]) => name);
      const values = e.fields.map(([, x]) => compiled(x));
      if (names.length === 0 || new Set(names).size !== names.length) {
        return kept(e, (frame, scope, ctx) => {
          const fields = new Array<[string, Value]>(names.length);
          for (let i = 0; i < names.length; i++) fields[i] = [names[i]!, values[i]!(frame, scope, ctx)];
          return makeRecord(fields);
        });
      }
      // The fields in normal order, known now: each is evaluated as written and put in its place.
      const sorted = [...names].sort(compareFieldNames);
      const place = names.map((name) => sorted.indexOf(name));
      const shape = recordShape(sorted);
      return kept(e, (frame, scope, ctx) => {
        const vals = new Array<Value>(names.length);
        for (let i = 0; i < names.length; i++) vals[place[i]!] = values[i]!(frame, scope, ctx);
        return shape(vals);
      });
    }
    case 'fcnSet': {
      const dom = compiled(e.dom);
      const rng = compiled(e.rng);
      const domAt = e.dom.at;
      const rngAt = e.rng.at;
      return kept(e, (frame, scope, ctx) => {
        const d = asSet(dom(frame, scope, ctx), domAt);
        return new FcnSet(d, asSet(rng(frame, scope, ctx), rngAt));
      });
    }
    default:
      return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
  }
}

/** A kind that keeps its value when constant (constant-cache.ts): the kept value, else `build`'s. */
function kept(e: Expr, build: Compiled): Compiled {
  const known = new KnownConstant(e);
  return (frame, scope, ctx) => {
    const v = known.value(frame, scope, ctx);
    return v !== undefined ? v : build(frame, scope, ctx);
  };
}

/**
 * keptConstant's answer for the last scope (and overrides version), kept in
 * the closure: its lookup on the node, shared by every kind, is a megamorphic
 * load. Undefined: not constant (or still being computed the first time: then
 * it is only computed again, as before it was kept).
 */
class KnownConstant {
  // Read by compileApp's closure directly (its fast path without a call); written only here.
  scope: Scope | null = null;
  version = -1;
  kept: Value | undefined = undefined;
  constructor(private readonly e: Expr) {}
  value(frame: Frame | null, scope: Scope, ctx: EvalContext): Value | undefined {
    if (scope === this.scope && scope.overrides.version === this.version) return this.kept;
    // The first evaluation in a scope returns the value even when it is not
    // constant: whether it is, the node's entry for the scope says.
    const v = keptConstant(this.e, frame, scope, ctx);
    let entry = (this.e as ConstantSlot).constCache ?? null;
    while (entry !== null && entry.scope !== scope) entry = entry.next;
    this.scope = scope;
    this.version = scope.overrides.version;
    this.kept = entry !== null && entry.version === scope.overrides.version ? (entry.value ?? undefined) : undefined;
    return v;
  }
}

function evalAll(items: readonly Compiled[], frame: Frame | null, scope: Scope, ctx: EvalContext): Value[] {
  const out = new Array<Value>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = items[i]!(frame, scope, ctx);
  return out;
}

function asSet(v: Value, at: Location): SetValue {
  if (!(v instanceof SetValue)) fail(`Attempted to use ${typeName(v)} ${short(v)} as a set.`, at);
  return v;
}

export function conditionFailed(v: Value, at: Location): never {
  return fail(`A non-boolean expression (${typeName(v)} ${short(v)}) was used as a condition.`, at);
}

/**
 * How an application's name resolved in the last scope, as a number the closure
 * switches on: a switch on the entry's `kind` is a megamorphic load (entries of
 * each kind have their own shape) followed by string compares.
 */
const enum Resolved {
  /** Anything applyEntry handles (including an unknown name: it fails there). */
  General,
  Variable,
  /** A definition without parameters applied without arguments: its value once known constant. */
  PlainDefinition,
  BinaryBuiltin,
  UnaryBuiltin,
  /** A definition with parameters applied to arguments: its body called from the application's own closure. */
  Definition,
}

function resolvedKind(entry: ScopeEntry | undefined, n: number): Resolved {
  if (entry === undefined) return Resolved.General;
  switch (entry.kind) {
    case 'var':
      return n === 0 ? Resolved.Variable : Resolved.General;
    case 'def':
      return n === 0 ? Resolved.PlainDefinition : Resolved.Definition;
    case 'builtin':
      if (n === 2 && entry.builtin.binary !== undefined) return Resolved.BinaryBuiltin;
      if (n === 1 && entry.builtin.unary !== undefined && entry.builtin.arity === 1) return Resolved.UnaryBuiltin;
      return Resolved.General;
    default:
      return Resolved.General;
  }
}

/**
 * The core comparisons and sums, tested inline on primitive operands: the call
 * through `binary` is megamorphic (every closure of this kind shares it).
 * Anything else (composite values, overflow, errors) takes `binary` and `fn`.
 */
const enum InlineOp {
  None,
  Eq,
  Neq,
  Lt,
  Leq,
  Gt,
  Geq,
  Plus,
  Minus,
}

const INLINE_OPS: ReadonlyMap<string, InlineOp> = new Map([
  ['$eq', InlineOp.Eq],
  ['$neq', InlineOp.Neq],
  ['$lt', InlineOp.Lt],
  ['$leq', InlineOp.Leq],
  ['$gt', InlineOp.Gt],
  ['$geq', InlineOp.Geq],
  ['$plus', InlineOp.Plus],
  ['$minus', InlineOp.Minus],
]);

function inlineOp(b: Builtin | null): InlineOp {
  return b !== null && coreOperator(b.name) === b ? (INLINE_OPS.get(b.name) ?? InlineOp.None) : InlineOp.None;
}

/** The inline operator's value on x and y, or undefined for the general path. */
function inlineBinary(op: InlineOp, x: Value, y: Value): Value | undefined {
  if (typeof x === 'number' && typeof y === 'number') {
    switch (op) {
      case InlineOp.Eq:
        return x === y;
      case InlineOp.Neq:
        return x !== y;
      case InlineOp.Lt:
        return x < y;
      case InlineOp.Leq:
        return x <= y;
      case InlineOp.Gt:
        return x > y;
      case InlineOp.Geq:
        return x >= y;
      case InlineOp.Plus: {
        const r = x + y;
        return r <= 2147483647 && r >= -2147483648 ? r : undefined;
      }
      case InlineOp.Minus: {
        const r = x - y;
        return r <= 2147483647 && r >= -2147483648 ? r : undefined;
      }
      default:
        return undefined;
    }
  }
  // Equal references are equal values; a primitive differs from any other value (valuesEqual's first tests).
  if (op === InlineOp.Eq || op === InlineOp.Neq) {
    if (x === y) return op === InlineOp.Eq;
    if (typeof x !== 'object' || typeof y !== 'object') return op !== InlineOp.Eq;
  }
  return undefined;
}

/** An application with arguments (compileName has the names without). */
function compileApp(e: Expr & { k: 'app' }): Compiled {
  const { name, args, at } = e;
  const n = args.length;
  const local = e.local !== false;
  const a0 = n >= 1 ? compiled(args[0]!) : null;
  const a1 = n >= 2 ? compiled(args[1]!) : null;
  // The entry of the last scope (most expressions are evaluated in one); resolvedEntry knows the others.
  let lastScope: Scope | null = null;
  let lastVersion = -1;
  let lastEntry: ScopeEntry | undefined;
  let kind = Resolved.General;
  let builtin: Builtin | null = null;
  let op = InlineOp.None;
  let definition: OpClosure | null = null;
  let body: Compiled | null = null;
  const known = new KnownConstant(e);
  return (frame, scope, ctx) => {
    // KnownConstant.value's first test, without the call.
    const kept = scope === known.scope && scope.overrides.version === known.version ? known.kept : known.value(frame, scope, ctx);
    if (kept !== undefined) return kept;
    if (local && frame !== null) {
      const b = frame.lookup(name);
      if (b !== undefined) return applyLocal(b, name, args, frame, scope, ctx, at);
    }
    if (scope !== lastScope || scope.overrides.version !== lastVersion) {
      lastEntry = resolvedEntry(e, scope);
      lastScope = scope;
      lastVersion = scope.overrides.version;
      kind = resolvedKind(lastEntry, n);
      builtin = lastEntry?.kind === 'builtin' ? lastEntry.builtin : null;
      op = kind === Resolved.BinaryBuiltin ? inlineOp(builtin) : InlineOp.None;
      definition = lastEntry?.kind === 'def' ? lastEntry.closure : null;
      body = definition !== null ? operatorBody(definition) : null;
    }
    switch (kind) {
      case Resolved.Definition:
        // As callOperator, here: this copy's call site sees one body, which V8 can inline.
        return body!(bindParams(definition!, args, frame, scope, at), definition!.scope, ctx);
      case Resolved.BinaryBuiltin: {
        const x = a0!(frame, scope, ctx);
        const y = a1!(frame, scope, ctx);
        if (op !== InlineOp.None) {
          const v = inlineBinary(op, x, y);
          if (v !== undefined) return v;
        }
        return builtin!.binary!(x, y) ?? builtin!.fn(new ValueArgs([x, y], ctx, at));
      }
      case Resolved.UnaryBuiltin: {
        const x = a0!(frame, scope, ctx);
        return builtin!.unary!(x) ?? builtin!.fn(new ValueArgs([x], ctx, at));
      }
      default:
        break;
    }
    if (lastEntry === undefined) return fail(`Unknown operator ${name}.`, at);
    return applyEntry(lastEntry, name, args, frame, scope, ctx, at);
  };
}


/**
 * A name without arguments (a bound name, a variable, a definition, a
 * constant): compileApp's paths for none, in two closures of their own, one
 * that looks in the frames first and one for a name no binder around it has.
 * The names are most of a spec's nodes; their own closures keep their type
 * feedback apart from the applications'.
 */
function compileName(e: Expr & { k: 'app' }): Compiled {
  const { name, args, at } = e;
  let lastScope: Scope | null = null;
  let lastVersion = -1;
  let lastEntry: ScopeEntry | undefined;
  let kind = Resolved.General;
  let variable = -1;
  const resolved = (frame: Frame | null, scope: Scope, ctx: EvalContext): Value => {
    if (scope !== lastScope || scope.overrides.version !== lastVersion) {
      lastEntry = resolvedEntry(e, scope);
      lastScope = scope;
      lastVersion = scope.overrides.version;
      kind = resolvedKind(lastEntry, 0);
      variable = lastEntry?.kind === 'var' ? lastEntry.index : -1;
    }
    if (kind === Resolved.Variable) {
      if (!ctx.primed) {
        const v = ctx.cur[variable];
        if (v !== undefined) {
          ctx.varReads++;
          return v;
        }
      }
    } else if (kind === Resolved.PlainDefinition) {
      const constant = (lastEntry as ScopeEntry & { kind: 'def' }).constant;
      if (constant) return constant.value;
    }
    if (lastEntry === undefined) return fail(`Unknown operator ${name}.`, at);
    return applyEntry(lastEntry, name, args, frame, scope, ctx, at);
  };
  if (e.local === false) return resolved;
  return (frame, scope, ctx) => {
    if (frame !== null) {
      const b = frame.lookup(name);
      if (b !== undefined) {
        // A bound variable's or parameter's value (not a thunk or an operator).
        if (typeof b !== 'object') return b;
        return applyLocal(b, name, args, frame, scope, ctx, at);
      }
    }
    return resolved(frame, scope, ctx);
  };
}

/**
 * `I!Op(args)` through instances without arguments: the instance's scope and
 * the operator's entry there kept for the last scope (as applyName finds them).
 */
function compileInstanceApp(e: Expr & { k: 'inst' }): Compiled {
  if (e.path.length === 0 || e.path.some((step) => step.args.length > 0)) return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
  const { path, name, args, at } = e;
  let lastScope: Scope | null = null;
  let lastVersion = -1;
  let lastTarget: Scope | null = null;
  let lastEntry: ScopeEntry | undefined;
  return (frame, scope, ctx) => {
    if (scope !== lastScope || scope.overrides.version !== lastVersion) {
      const target = instanceScope(path, frame, scope, ctx, at);
      const entry = target.get(name);
      if (entry === undefined) return applyName(name, args, frame, scope, ctx, at, target);
      lastTarget = target;
      lastEntry = entry;
      lastScope = scope;
      lastVersion = scope.overrides.version;
    }
    if (lastTarget === scope) return applyName(name, args, frame, scope, ctx, at, lastTarget);
    return applyEntry(lastEntry!, name, args, frame, scope, ctx, at);
  };
}

/** `{x \in S : P}` over an enumerated set or an interval (a tuple pattern: the general evaluator). */
function compileSetFilter(e: Expr & { k: 'setFilter' }): Compiled {
  if (e.bound.tuple) return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
  const set = compiled(e.bound.set);
  const pred = compiled(e.pred);
  const name = e.bound.names[0]!;
  const { at } = e;
  const setAt = e.bound.set.at;
  const predAt = e.pred.at;
  return kept(e, (frame, scope, ctx) => {
    const s = asSet(set(frame, scope, ctx), setAt);
    if (!(s instanceof EnumSet) && !(s instanceof IntervalSet)) return lazyFilter(e, s, frame, scope, ctx);
    const members = membersOf(s, at);
    const out: Value[] = [];
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      const v = pred(new Frame(name, m, frame), scope, ctx);
      if (typeof v !== 'boolean') conditionFailed(v, predAt);
      if (v) out.push(m);
    }
    return new EnumSet(out);
  });
}

function compileApply(e: Expr & { k: 'apply' }): Compiled {
  if (e.args.length !== 1) return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
  const f = compiled(e.f);
  const arg = compiled(e.args[0]!);
  const at = e.at;
  return (frame, scope, ctx) => {
    const fv = f(frame, scope, ctx);
    return applyFunction(fv, arg(frame, scope, ctx), at);
  };
}

function compileField(e: Expr & { k: 'field' }): Compiled {
  const rec = compiled(e.rec);
  const { name, at } = e;
  return (frame, scope, ctx) => {
    const r = rec(frame, scope, ctx);
    const v = asFunction(r)?.lookup(name);
    if (v === undefined) fail(`Attempted to access field ${name} of ${typeName(r)} ${short(r)}, which has no such field.`, at);
    return v;
  };
}

/** `/\` (all) or `\/` (any), evaluated left to right with TLC's short circuit. */
function compileJunction(items: Expr[], all: boolean): Compiled {
  const evs = items.map(compiled);
  const ats = items.map((item) => item.at);
  return (frame, scope, ctx) => {
    for (let i = 0; i < evs.length; i++) {
      const v = evs[i]!(frame, scope, ctx);
      if (typeof v !== 'boolean') conditionFailed(v, ats[i]!);
      if (v !== all) return v;
    }
    return all;
  };
}

function compileIf(e: Expr & { k: 'if' }): Compiled {
  const cond = compiled(e.cond);
  const then = compiled(e.then);
  const otherwise = compiled(e.else);
  const at = e.cond.at;
  return (frame, scope, ctx) => {
    const c = cond(frame, scope, ctx);
    if (typeof c !== 'boolean') conditionFailed(c, at);
    return c ? then(frame, scope, ctx) : otherwise(frame, scope, ctx);
  };
}

/** `\A`/`\E` over bounds of one name each (tuple patterns go to the general path). */
function compileQuant(e: Expr & { k: 'quant' }): Compiled {
  const bounds = flatBounds(e.bounds);
  if (bounds.some((b) => b.tuple)) return (frame, scope, ctx) => evaluateNode(e, frame, scope, ctx);
  const names = bounds.map((b) => b.names[0]!);
  const sets = bounds.map((b) => compiled(b.set));
  const setAts = bounds.map((b: Bound) => b.set.at);
  const body = compiled(e.body);
  const bodyAt = e.body.at;
  const exists = e.q === 'E';
  const last = bounds.length - 1;
  const memberFrames = names.map((name) => new MemberFrames(name));
  const loop = (i: number, frame: Frame | null, scope: Scope, ctx: EvalContext): boolean => {
    const set = sets[i]!(frame, scope, ctx);
    if (!(set instanceof SetValue)) fail(`Attempted to use ${typeName(set)} ${short(set)} as a set.`, setAts[i]);
    const members = membersOf(set, setAts[i]!, true);
    const name = names[i]!;
    const frames = memberFrames[i]!.of(members, frame);
    for (let m = 0; m < members.length; m++) {
      const f = frames !== null ? frames[m]! : new Frame(name, members[m]!, frame);
      let r: boolean;
      if (i === last) {
        const v = body(f, scope, ctx);
        if (typeof v !== 'boolean') conditionFailed(v, bodyAt);
        r = v;
      } else r = loop(i + 1, f, scope, ctx);
      if (r === exists) return r;
    }
    return !exists;
  };
  return (frame, scope, ctx) => loop(0, frame, scope, ctx);
}

function compilePrime(e: Expr & { k: 'prime' }): Compiled {
  const x = compiled(e.x);
  const at = e.at;
  return (frame, scope, ctx) => {
    if (ctx.primed) fail('A primed expression was primed again.', at);
    if (!ctx.next) fail('A primed variable was used where only the current state is known.', at);
    ctx.primed = true;
    try {
      return x(frame, scope, ctx);
    } finally {
      ctx.primed = false;
    }
  };
}

/**
 * `[f EXCEPT ![a][b] = v, !.x = w]` with one-argument and field steps (others:
 * the general evaluator): each update's path keys, then its new value, in order.
 */
function compileExcept(e: Expr & { k: 'except' }): Compiled {
  if (e.updates.some((u) => u.path.some((step) => step.kind !== 'field' && step.args.length !== 1))) return (frame, scope, ctx) => evalExcept(e, frame, scope, ctx);
  const f = compiled(e.f);
  const updates = e.updates.map((u) => ({
    steps: u.path.map((step): string | Compiled => (step.kind === 'field' ? step.name : compiled(step.args[0]!))),
    value: compiled(u.value),
    at: usesAt(u.value),
    // The path's keys, one array reused (not one per evaluation).
    keys: new Array<Value>(u.path.length),
  }));
  const at = e.at;
  // Set while an update's keys are computed and used: the same node met again
  // then (through a recursive definition) gets arrays of its own.
  let keysInUse = false;
  return (frame, scope, ctx) => {
    let result = f(frame, scope, ctx);
    for (let u = 0; u < updates.length; u++) {
      const update = updates[u]!;
      const steps = update.steps;
      const outer = keysInUse;
      const keys = outer ? new Array<Value>(steps.length) : update.keys;
      keysInUse = true;
      try {
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i]!;
          keys[i] = typeof step === 'string' ? step : step(frame, scope, ctx);
        }
        result = updateAt(result, keys, 0, update.value, update.at, frame, scope, ctx, at);
      } finally {
        keysInUse = outer;
      }
    }
    return result;
  };
}

/** `[x \in S |-> e]` of one name (others: the general evaluator), kept when constant. */
function compileFcn(e: Expr & { k: 'fcn' }): Compiled {
  const flat = flatBounds(e.bounds);
  if (flat.length !== 1 || flat[0]!.tuple) return kept(e, (frame, scope, ctx) => evalFcnLiteral(e.bounds, e.body, frame, scope, ctx, e.at));
  const name = flat[0]!.names[0]!;
  const set = compiled(flat[0]!.set);
  const setAt = flat[0]!.set.at;
  const body = compiled(e.body);
  const at = e.at;
  return kept(e, (frame, scope, ctx) => {
    const domain = asSet(set(frame, scope, ctx), setAt);
    if (!domain.finite) return new LazyFcn(domain, (arg) => body(new Frame(name, arg, frame), scope, ctx));
    const keys = membersOf(domain, at);
    const vals = new Array<Value>(keys.length);
    for (let i = 0; i < keys.length; i++) vals[i] = body(new Frame(name, keys[i]!, frame), scope, ctx);
    return makeFcn(keys, vals);
  });
}

/** LET in an expression: its definitions bound (memoised per evaluation), then its body. */
function compileLet(e: Expr & { k: 'let' }): Compiled {
  const defs = e.defs;
  const body = compiled(e.body);
  return (frame, scope, ctx) => body(bindLet(defs, frame, scope), scope, ctx);
}

/** CASE: the first arm whose guard holds, else OTHER (none: TLC's error). */
function compileCase(e: Expr & { k: 'case' }): Compiled {
  const guards = e.arms.map(([guard]) => compiled(guard));
  const guardAts = e.arms.map(([guard]) => guard.at);
  const values = e.arms.map(([, value]) => compiled(value));
  const other = e.other === null ? null : compiled(e.other);
  const at = e.at;
  return (frame, scope, ctx) => {
    for (let i = 0; i < guards.length; i++) {
      const g = guards[i]!(frame, scope, ctx);
      if (typeof g !== 'boolean') conditionFailed(g, guardAts[i]!);
      if (g) return values[i]!(frame, scope, ctx);
    }
    if (other !== null) return other(frame, scope, ctx);
    return fail('Attempted to evaluate a CASE with no arm true and no OTHER.', at);
  };
}

// Each node's closure from its own copy of its kind's factory (specialize.ts).
const compileAppCopy = specializer(compileApp, () => ({ compiled, KnownConstant, applyLocal, resolvedEntry, resolvedKind, inlineOp, inlineBinary, ValueArgs, fail, applyEntry, operatorBody, bindParams }));
const compileApplyCopy = specializer(compileApply, () => ({ compiled, evaluateNode, applyFunction }));
const compileFieldCopy = specializer(compileField, () => ({ compiled, asFunction, fail, typeName, short }));
const compileJunctionCopy = specializer(compileJunction, () => ({ compiled, conditionFailed }));
const compileIfCopy = specializer(compileIf, () => ({ compiled, conditionFailed }));
const compileQuantCopy = specializer(compileQuant, () => ({ flatBounds, evaluateNode, compiled, SetValue, fail, typeName, short, membersOf, Frame, MemberFrames, conditionFailed }));
const compilePrimeCopy = specializer(compilePrime, () => ({ compiled, fail }));
const compileExceptCopy = specializer(compileExcept, () => ({ evalExcept, compiled, usesAt, updateAt }));
const compileFcnCopy = specializer(compileFcn, () => ({ flatBounds, kept, evalFcnLiteral, compiled, asSet, LazyFcn, Frame, membersOf, makeFcn }));
const compileLetCopy = specializer(compileLet, () => ({ compiled, bindLet }));
const compileCaseCopy = specializer(compileCase, () => ({ compiled, conditionFailed, fail }));

export { TupleValue };
