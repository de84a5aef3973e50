import type { Builtin, BuiltinArgs } from '../scope.js';
import { TlaEvalError } from '../errors.js';
import {
  compareValues,
  EMPTY_SET,
  EnumSet,
  formatValue,
  InfiniteSet,
  EnumerationError,
  IntervalSet,
  isMember,
  makeSet,
  unionEnum,
  PowerSet,
  PredicateSet,
  UnionSet,
  SetValue,
  typeName,
  valuesEqual,
  asFunction,
  LazyFcn,
  type Value,
} from '../values.js';

/**
 * Operators every module sees (the language's own: =, \in, \cup, SUBSET, DOMAIN,
 * BOOLEAN, ...) and the helpers the standard modules share. Arithmetic lives in
 * Naturals/Integers but, as no spec redefines it, it is resolved here too.
 */

export function evalFail(message: string, a: BuiltinArgs): never {
  throw new TlaEvalError(message, a.at);
}

function show(v: Value): string {
  const t = formatValue(v);
  return t.length > 200 ? `${t.slice(0, 200)}...` : t;
}

export function int(a: BuiltinArgs, i: number): number {
  const v = a.val(i);
  if (typeof v !== 'number') evalFail(`Expected an integer but found ${typeName(v)} ${show(v)}.`, a);
  return v;
}

export function bool(a: BuiltinArgs, i: number): boolean {
  const v = a.val(i);
  if (typeof v !== 'boolean') evalFail(`Expected a boolean but found ${typeName(v)} ${show(v)}.`, a);
  return v;
}

export function set(a: BuiltinArgs, i: number): SetValue {
  const v = a.val(i);
  if (!(v instanceof SetValue)) evalFail(`Expected a set but found ${typeName(v)} ${show(v)}.`, a);
  return v;
}

export function members(a: BuiltinArgs, s: SetValue): readonly Value[] {
  try {
    return s.elements();
  } catch (error) {
    if (error instanceof EnumerationError) evalFail(error.message, a);
    throw error;
  }
}

/** TLC's integers are 32-bit: a result outside that range is its overflow error. */
export function checked(n: number, a: BuiltinArgs, what: string): number {
  if (n > 2147483647 || n < -2147483648 || !Number.isFinite(n)) evalFail(`Overflow when computing ${what}.`, a);
  return n;
}

export function fnOf(a: BuiltinArgs, i: number) {
  const v = a.val(i);
  const f = asFunction(v);
  if (!f) evalFail(`Expected a function but found ${typeName(v)} ${show(v)}.`, a);
  return f;
}

export function builtin(name: string, arity: number, fn: (a: BuiltinArgs) => Value): Builtin {
  // Every builtin has both fast paths' fields (one shape for callOperator's loads).
  return { kind: 'builtin', name, arity, fn, binary: undefined, unary: undefined };
}

/** A module's operators by name. */
export type Table = Record<string, Builtin>;

export function table(entries: [string, number, (a: BuiltinArgs) => Value][]): Table {
  const t: Table = {};
  for (const [name, arity, fn] of entries) t[name] = builtin(name, arity, fn);
  return t;
}

export const BOOLEAN_SET = new EnumSet([false, true]);

function subseteq(x: SetValue, y: SetValue, a: BuiltinArgs): boolean {
  for (const e of members(a, x)) if (!y.contains(e)) return false;
  return true;
}

function compareInts(a: BuiltinArgs, test: (x: number, y: number) => boolean): boolean {
  return test(int(a, 0), int(a, 1));
}

const CORE: Record<string, Builtin> = {};
function def(name: string, arity: number, fn: (a: BuiltinArgs) => Value): void {
  CORE[name] = builtin(name, arity, fn);
}

def('$eq', 2, (a) => valuesEqual(a.val(0), a.val(1)));
def('$neq', 2, (a) => !valuesEqual(a.val(0), a.val(1)));
def('$in', 2, (a) => {
  const x = a.val(0);
  return isMember(set(a, 1), x);
});
def('$notin', 2, (a) => {
  const x = a.val(0);
  return !isMember(set(a, 1), x);
});
def('$lnot', 1, (a) => !bool(a, 0));
def('$implies', 2, (a) => !bool(a, 0) || bool(a, 1));
def('$equiv', 2, (a) => bool(a, 0) === bool(a, 1));
def('$iff', 2, (a) => bool(a, 0) === bool(a, 1));
def('$cup', 2, (a) => {
  const x = set(a, 0);
  const y = set(a, 1);
  // Both enumerated sets: merge now (the common case, e.g. has_visited \cup {p}).
  if (x instanceof EnumSet && y instanceof EnumSet) return makeSet([...x.elems, ...y.elems]);
  return new UnionSet([x, y], () => `${x.describe()} \\cup ${y.describe()}`);
});
def('$cap', 2, (a) => {
  const x = set(a, 0);
  const y = set(a, 1);
  if (!x.finite && y.finite) return new EnumSet(members(a, y).filter((e) => x.contains(e)));
  if (!x.finite) return new PredicateSet(`${x.describe()} \\cap ${y.describe()}`, (v) => x.contains(v) && y.contains(v));
  return new EnumSet(members(a, x).filter((e) => y.contains(e)));
});
def('$setminus', 2, (a) => {
  const x = set(a, 0);
  const y = set(a, 1);
  if (!x.finite) return new PredicateSet(`${x.describe()} \\ ${y.describe()}`, (v) => x.contains(v) && !y.contains(v));
  return new EnumSet(members(a, x).filter((e) => !y.contains(e)));
});
def('$subseteq', 2, (a) => subseteq(set(a, 0), set(a, 1), a));
def('$supseteq', 2, (a) => subseteq(set(a, 1), set(a, 0), a));
def('$subset', 2, (a) => {
  const x = set(a, 0);
  const y = set(a, 1);
  return subseteq(x, y, a) && members(a, x).length < members(a, y).length;
});
def('$supset', 2, (a) => {
  const x = set(a, 0);
  const y = set(a, 1);
  return subseteq(y, x, a) && members(a, y).length < members(a, x).length;
});
def('$powerset', 1, (a) => new PowerSet(set(a, 0)));
def('$union', 1, (a) => {
  const outer = set(a, 0);
  const sets = members(a, outer);
  for (const s of sets) if (!(s instanceof SetValue)) evalFail(`UNION applied to a set containing the non-set ${show(s)}.`, a);
  return new UnionSet(sets as SetValue[], () => `UNION ${outer.describe()}`);
});
def('$domain', 1, (a) => {
  const v = a.val(0);
  if (v instanceof LazyFcn) return v.domain;
  const f = asFunction(v);
  if (!f) evalFail(`Attempted to compute DOMAIN of ${typeName(v)} ${show(v)}, which is not a function.`, a);
  return new EnumSet(f.keys);
});
def('$cdot', 2, (a) => evalFail('Action composition (\\cdot) can only be used in the next-state action.', a));
def('BOOLEAN', 0, () => BOOLEAN_SET);
def('STRING', 0, () => new InfiniteSet('STRING'));

// Naturals / Integers.
def('Nat', 0, () => new InfiniteSet('Nat'));
def('Int', 0, () => new InfiniteSet('Int'));
def('$plus', 2, (a) => checked(int(a, 0) + int(a, 1), a, 'an addition'));
def('$minus', 2, (a) => checked(int(a, 0) - int(a, 1), a, 'a subtraction'));
def('$mul', 2, (a) => checked(int(a, 0) * int(a, 1), a, 'a multiplication'));
def('$negative', 1, (a) => checked(-int(a, 0), a, 'a negation'));
def('$div', 2, (a) => {
  const x = int(a, 0);
  const y = int(a, 1);
  if (y === 0) evalFail('The second argument of \\div is 0.', a);
  return Math.floor(x / y);
});
def('$mod', 2, (a) => {
  const x = int(a, 0);
  const y = int(a, 1);
  if (y <= 0) evalFail(`The second argument of % should be a positive number, but instead it is:\n${y}`, a);
  return ((x % y) + y) % y;
});
def('$pow', 2, (a) => {
  const x = int(a, 0);
  const y = int(a, 1);
  if (y < 0) evalFail('The exponent of ^ is negative.', a);
  return checked(x ** y, a, 'an exponentiation');
});
def('$lt', 2, (a) => compareInts(a, (x, y) => x < y));
def('$gt', 2, (a) => compareInts(a, (x, y) => x > y));
def('$leq', 2, (a) => compareInts(a, (x, y) => x <= y));
def('$geq', 2, (a) => compareInts(a, (x, y) => x >= y));
def('$dots_2', 2, (a) => {
  const lo = int(a, 0);
  const hi = int(a, 1);
  return hi < lo ? EMPTY_SET : new IntervalSet(lo, hi);
});

/** The common case of a strict binary operator, without an arguments object (Builtin.binary). */
function binary(name: string, fn: (x: Value, y: Value) => Value | undefined): void {
  CORE[name] = { ...CORE[name]!, binary: fn };
}
const inInt32 = (n: number): number | undefined => (n <= 2147483647 && n >= -2147483648 ? n : undefined);
binary('$eq', (x, y) => valuesEqual(x, y));
binary('$neq', (x, y) => !valuesEqual(x, y));
binary('$in', (x, s) => (s instanceof SetValue ? isMember(s, x) : undefined));
binary('$notin', (x, s) => (s instanceof SetValue ? !isMember(s, x) : undefined));
binary('$plus', (x, y) => (typeof x === 'number' && typeof y === 'number' ? inInt32(x + y) : undefined));
binary('$minus', (x, y) => (typeof x === 'number' && typeof y === 'number' ? inInt32(x - y) : undefined));
binary('$mul', (x, y) => (typeof x === 'number' && typeof y === 'number' ? inInt32(x * y) : undefined));
binary('$mod', (x, y) => (typeof x === 'number' && typeof y === 'number' && y > 0 ? ((x % y) + y) % y : undefined));
binary('$lt', (x, y) => (typeof x === 'number' && typeof y === 'number' ? x < y : undefined));
binary('$gt', (x, y) => (typeof x === 'number' && typeof y === 'number' ? x > y : undefined));
binary('$leq', (x, y) => (typeof x === 'number' && typeof y === 'number' ? x <= y : undefined));
binary('$geq', (x, y) => (typeof x === 'number' && typeof y === 'number' ? x >= y : undefined));
binary('$cup', (x, y) => (x instanceof EnumSet && y instanceof EnumSet ? unionEnum(x, y) : undefined));
binary('$setminus', (x, y) => {
  if (!(x instanceof EnumSet || x instanceof IntervalSet) || !(y instanceof SetValue)) return undefined;
  const out: Value[] = [];
  for (const e of x.elements()) if (!y.contains(e)) out.push(e);
  return new EnumSet(out);
});
binary('$dots_2', (lo, hi) => (typeof lo === 'number' && typeof hi === 'number' ? (hi < lo ? EMPTY_SET : new IntervalSet(lo, hi)) : undefined));

export function coreOperator(name: string): Builtin | undefined {
  return Object.hasOwn(CORE, name) ? CORE[name] : undefined;
}

/** Members in normal order (for SortSeq, Max, ...). */
export function sortValues(values: Value[]): Value[] {
  return values.sort(compareValues);
}
