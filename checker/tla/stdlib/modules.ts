import type { BuiltinArgs } from '../scope.js';
import {
  asFunction,
  compareValues,
  EMPTY_SET,
  EMPTY_TUPLE,
  EnumSet,
  FcnValue,
  formatValue,
  FcnSet,
  FilterSet,
  IntervalSet,
  UnionSet,
  makeFcn,
  makeRecord,
  makeSet,
  SeqSet,
  SetValue,
  TupleValue,
  typeName,
  valuesEqual,
  keyOf,
  type Value,
} from '../values.js';
import type { Location } from '../ast.js';
import { TlaUnsupportedError } from '../errors.js';
import { mapThenFoldSet } from './folds.js';
import { BAGS_EXT } from './bags-ext.js';
import { APALACHE } from './apalache.js';
import { SVG } from './svg.js';
import { JSON_MODULE } from './json.js';
import { CSV } from './csv.js';
import { DYADIC_RATIONALS } from './dyadic-rationals.js';
import { currentTrace, tlcConfigRecord, tlcRun } from './tlc-run.js';
import { fingerprintAppended } from '../fingerprint.js';
import { bool, checked, evalFail, fnOf, int, members, set, table, type Table } from './core.js';

/**
 * The standard modules (Sequences, FiniteSets, Bags, TLC) and the community
 * modules the Examples corpus uses (Functions, SequencesExt, FiniteSetsExt,
 * Folds, TLCExt), written natively as TLC overrides them with Java. Naturals
 * and Integers are in core.ts. TLAPS and the theorem libraries define nothing a
 * model checker evaluates: they are empty here.
 */


function seq(a: BuiltinArgs, i: number): readonly Value[] {
  return seqItems(a.val(i), a);
}

function seqItems(v: Value, a: BuiltinArgs): readonly Value[] {
  if (v instanceof TupleValue) return v.items;
  if (v instanceof FcnValue && v.keys.length === 0) return [];
  const f = asFunction(v);
  if (f && f.keys.every((k, j) => k === j + 1)) return f.vals;
  return evalFail(`Expected a sequence but found ${typeName(v)} ${formatValue(v)}.`, a);
}

function str(a: BuiltinArgs, i: number): string {
  const v = a.val(i);
  if (typeof v !== 'string') evalFail(`Expected a string but found ${typeName(v)} ${formatValue(v)}.`, a);
  return v;
}

const tuple = (items: Value[]) => new TupleValue(items);

/** Append(s, e), with its fingerprint from s's when that is known (fingerprintAppended). */
function append(a: BuiltinArgs): Value {
  const s = a.val(0);
  return s instanceof TupleValue ? appended(s, a.val(1)) : tuple([...seq(a, 0), a.val(1)]);
}

/** Append of a tuple: the general function's and the fast path's (below). */
function appended(s: TupleValue, item: Value): TupleValue {
  const result = tuple([...s.items, item]);
  fingerprintAppended(s, result, item);
  return result;
}

const SEQUENCES = table([
  ['Seq', 1, (a) => new SeqSet(set(a, 0))],
  [
    'Len',
    1,
    (a) => {
      const v = a.val(0);
      if (typeof v === 'string') return v.length;
      if (v instanceof TupleValue) return v.items.length;
      const f = asFunction(v);
      if (f && f.keys.every((k, j) => k === j + 1)) return f.keys.length;
      return evalFail(`Attempted to compute the length of ${typeName(v)} ${formatValue(v)}, which is not a sequence.`, a);
    },
  ],
  [
    'Head',
    1,
    (a) => {
      const s = seq(a, 0);
      if (s.length === 0) evalFail('Attempted to apply Head to the empty sequence.', a);
      return s[0]!;
    },
  ],
  [
    'Tail',
    1,
    (a) => {
      const s = seq(a, 0);
      if (s.length === 0) evalFail('Attempted to apply Tail to the empty sequence.', a);
      return tuple(s.slice(1));
    },
  ],
  ['Append', 2, append],
  [
    '$circ',
    2,
    (a) => {
      const x = a.val(0);
      const y = a.val(1);
      if (typeof x === 'string' && typeof y === 'string') return x + y;
      return tuple([...seq(a, 0), ...seq(a, 1)]);
    },
  ],
  [
    'SubSeq',
    3,
    (a) => {
      const s = a.val(0);
      const m = int(a, 1);
      const n = int(a, 2);
      if (typeof s === 'string') return s.slice(m - 1, n);
      const items = seq(a, 0);
      if (m > n) return EMPTY_TUPLE;
      if (m < 1 || n > items.length) evalFail(`SubSeq: indices ${m}..${n} are out of the sequence's range 1..${items.length}.`, a);
      return tuple(items.slice(m - 1, n));
    },
  ],
  [
    'SelectSeq',
    2,
    (a) => {
      const test = a.op(1);
      return tuple(seq(a, 0).filter((x) => test(x) === true));
    },
  ],
]);

const FINITE_SETS = table([
  ['IsFiniteSet', 1, (a) => set(a, 0).finite],
  ['Cardinality', 1, (a) => set(a, 0).size()],
]);

// The common cases from already evaluated arguments, without an arguments
// object (Builtin.unary/binary); the general functions above give the errors.
SEQUENCES.Len = { ...SEQUENCES.Len!, unary: (s) => (s instanceof TupleValue ? s.items.length : undefined) };
SEQUENCES.Head = { ...SEQUENCES.Head!, unary: (s) => (s instanceof TupleValue && s.items.length > 0 ? s.items[0] : undefined) };
SEQUENCES.Tail = { ...SEQUENCES.Tail!, unary: (s) => (s instanceof TupleValue && s.items.length > 0 ? tuple(s.items.slice(1)) : undefined) };
SEQUENCES.Append = { ...SEQUENCES.Append!, binary: (s, x) => (s instanceof TupleValue ? appended(s, x) : undefined) };
FINITE_SETS.Cardinality = { ...FINITE_SETS.Cardinality!, unary: (s) => (s instanceof EnumSet ? s.elems.length : undefined) };

/** Bags are functions from elements to positive counts. */
function bag(a: BuiltinArgs, i: number) {
  return fnOf(a, i);
}
function makeBag(entries: Map<string, [Value, number]>): Value {
  const list = [...entries.values()].filter(([, n]) => n > 0).sort((x, y) => compareValues(x[0], y[0]));
  return makeFcn(
    list.map(([k]) => k),
    list.map(([, n]) => n),
  );
}
/** Adds n copies of v to a bag under construction. */
function addCopies(m: Map<string, [Value, number]>, v: Value, n: number): void {
  const prev = m.get(keyOf(v));
  m.set(keyOf(v), [v, (prev ? prev[1] : 0) + n]);
}

function bagEntries(f: { keys: readonly Value[]; vals: readonly Value[] }): Map<string, [Value, number]> {
  const m = new Map<string, [Value, number]>();
  f.keys.forEach((k, i) => m.set(keyOf(k), [k, f.vals[i] as number]));
  return m;
}

const BAGS = table([
  // The empty function is the empty sequence (TLA+ makes them one value, as TLC does).
  ['EmptyBag', 0, () => EMPTY_TUPLE],
  ['IsABag', 1, (a) => !!asFunction(a.val(0))],
  ['BagToSet', 1, (a) => new EnumSet(bag(a, 0).keys)],
  ['SetToBag', 1, (a) => makeFcn(members(a, set(a, 0)), members(a, set(a, 0)).map(() => 1))],
  ['BagIn', 2, (a) => bag(a, 1).lookup(a.val(0)) !== undefined],
  ['CopiesIn', 2, (a) => (bag(a, 1).lookup(a.val(0)) as number | undefined) ?? 0],
  [
    '$oplus',
    2,
    (a) => {
      const m = bagEntries(bag(a, 0));
      const g = bag(a, 1);
      g.keys.forEach((k, i) => addCopies(m, k, g.vals[i] as number));
      return makeBag(m);
    },
  ],
  [
    '$ominus',
    2,
    (a) => {
      const m = bagEntries(bag(a, 0));
      const g = bag(a, 1);
      g.keys.forEach((k, i) => {
        const prev = m.get(keyOf(k));
        if (prev) m.set(keyOf(k), [k, prev[1] - (g.vals[i] as number)]);
      });
      return makeBag(m);
    },
  ],
  [
    'BagUnion',
    1,
    (a) => {
      const m = new Map<string, [Value, number]>();
      for (const b of members(a, set(a, 0))) {
        const g = asFunction(b)!;
        g.keys.forEach((k, i) => addCopies(m, k, g.vals[i] as number));
      }
      return makeBag(m);
    },
  ],
  [
    '$sqsubseteq',
    2,
    (a) => {
      const f = bag(a, 0);
      const g = bag(a, 1);
      return f.keys.every((k, i) => ((g.lookup(k) as number | undefined) ?? 0) >= (f.vals[i] as number));
    },
  ],
  ['BagCardinality', 1, (a) => (bag(a, 0).vals as number[]).reduce((x, y) => x + y, 0)],
  [
    'BagOfAll',
    2,
    (a) => {
      const op = a.op(0);
      const f = bag(a, 1);
      const m = new Map<string, [Value, number]>();
      f.keys.forEach((k, i) => addCopies(m, op(k), f.vals[i] as number));
      return makeBag(m);
    },
  ],
  [
    'SubBag',
    1,
    (a) => {
      const f = bag(a, 0);
      const out: Value[] = [];
      const counts = new Array<number>(f.keys.length).fill(0);
      const fill = (i: number): void => {
        if (i === f.keys.length) {
          const m = new Map<string, [Value, number]>();
          f.keys.forEach((k, j) => m.set(keyOf(k), [k, counts[j]!]));
          out.push(makeBag(m));
          return;
        }
        for (let c = 0; c <= (f.vals[i] as number); c++) {
          counts[i] = c;
          fill(i + 1);
        }
      };
      fill(0);
      return makeSet(out);
    },
  ],
]);

function permutations(items: readonly Value[]): Value[] {
  if (items.length <= 1) return [makeFcn(items, items)];
  const out: Value[] = [];
  const perm = (rest: Value[], chosen: Value[]): void => {
    if (rest.length === 0) {
      out.push(makeFcn(items, chosen.slice()));
      return;
    }
    for (let i = 0; i < rest.length; i++) {
      chosen.push(rest[i]!);
      perm([...rest.slice(0, i), ...rest.slice(i + 1)], chosen);
      chosen.pop();
    }
  };
  perm([...items], []);
  return out;
}

/** Print output goes here (stderr by default) so a run's report stays parseable. */
export const printSink: { write: (line: string) => void } = { write: (line) => process.stderr.write(`${line}\n`) };

const tlcRegisters = new Map<number, Value>();

/** TLCGet("level"): the level of the state being looked at; it depends on the state, so never a cached constant. */
function tlcLevel(a: BuiltinArgs): Value {
  a.ctx.varReads++;
  if (tlcRun.level === undefined) evalFail('TLCGet("level") is not available in the parallel search (its workers do not know the levels of the states they expand): run it with --workers 1.', a);
  return tlcRun.level;
}

const TLC = table([
  [
    'Print',
    2,
    (a) => {
      printSink.write(formatValue(a.val(0)));
      return a.val(1);
    },
  ],
  [
    'PrintT',
    1,
    (a) => {
      printSink.write(formatValue(a.val(0)));
      return true;
    },
  ],
  [
    'Assert',
    2,
    (a) => {
      if (!bool(a, 0)) {
        const m = a.val(1);
        evalFail(`The first argument of Assert evaluated to FALSE; the second argument was:\n${typeof m === 'string' ? m : formatValue(m)}`, a);
      }
      return true;
    },
  ],
  ['$map_to', 2, (a) => makeFcn([a.val(0)], [a.val(1)])],
  [
    '$compose',
    2,
    (a) => {
      const f = fnOf(a, 0);
      const g = fnOf(a, 1);
      const entries: [Value, Value][] = f.keys.map((k, i) => [k, f.vals[i]!]);
      g.keys.forEach((k, i) => {
        if (f.lookup(k) === undefined) entries.push([k, g.vals[i]!]);
      });
      entries.sort((x, y) => compareValues(x[0], y[0]));
      return makeFcn(
        entries.map(([k]) => k),
        entries.map(([, v]) => v),
      );
    },
  ],
  ['Permutations', 1, (a) => makeSet(permutations(members(a, set(a, 0))))],
  [
    'SortSeq',
    2,
    (a) => {
      const less = a.op(1);
      const items = [...seq(a, 0)];
      items.sort((x, y) => (less(x, y) === true ? -1 : less(y, x) === true ? 1 : 0));
      return tuple(items);
    },
  ],
  ['ToString', 1, (a) => formatValue(a.val(0))],
  [
    'RandomElement',
    1,
    (a) => {
      const m = members(a, set(a, 0));
      if (m.length === 0) evalFail('RandomElement of the empty set.', a);
      return m[Math.floor(Math.random() * m.length)]!;
    },
  ],
  ['Any', 0, (a) => evalFail('TLC cannot enumerate Any.', a)],
  ['TLCEval', 1, (a) => a.val(0)],
  ['JavaTime', 0, () => Math.floor(Date.now() / 1000) & 0x7fffffff],
  [
    'TLCGet',
    1,
    (a) => {
      const k = a.val(0);
      if (typeof k === 'number') return tlcRegisters.get(k) ?? evalFail(`TLCGet(${k}): the register was never set.`, a);
      // The Java property TLC needs to enable \cdot: always on here.
      if (k === '-Dtlc2.tool.impl.Tool.cdot') return 'true';
      if (k === 'level') return tlcLevel(a);
      if (k === 'config') {
        if (!tlcRun.config) evalFail('TLCGet("config") is defined only during a model-checking run or a simulation.', a);
        return tlcConfigRecord(tlcRun.config);
      }
      return evalFail(`TLCGet(${formatValue(k)}) is not supported.`, a);
    },
  ],
  [
    'TLCSet',
    2,
    (a) => {
      const k = int(a, 0);
      tlcRegisters.set(k, a.val(1));
      return true;
    },
  ],
]);

function range(f: { vals: readonly Value[] }): SetValue {
  return makeSet([...f.vals]);
}

const FUNCTIONS = table([
  ['Range', 1, (a) => range(fnOf(a, 0))],
  [
    'AntiFunction',
    1,
    (a) => {
      const f = fnOf(a, 0);
      const ys = makeSet([...f.vals]).elements();
      return makeFcn(
        ys,
        ys.map((y) => f.keys[f.vals.findIndex((v) => valuesEqual(v, y))]!),
      );
    },
  ],
  ['IsSurjective', 3, (a) => members(a, set(a, 2)).every((y) => fnOf(a, 0).vals.some((v) => valuesEqual(v, y)))],
  [
    'IsBijection',
    3,
    (a) => {
      const f = fnOf(a, 0);
      return new Set(f.vals.map(keyOf)).size === f.vals.length && members(a, set(a, 2)).every((y) => f.vals.some((v) => valuesEqual(v, y)));
    },
  ],
  [
    'Restrict',
    2,
    (a) => {
      const f = fnOf(a, 0);
      const s = set(a, 1);
      const keys: Value[] = [];
      const vals: Value[] = [];
      f.keys.forEach((k, i) => {
        if (s.contains(k)) keys.push(k), vals.push(f.vals[i]!);
      });
      return makeFcn(keys, vals);
    },
  ],
  [
    'IsInjective',
    1,
    (a) => {
      const f = fnOf(a, 0);
      return new Set(f.vals.map(keyOf)).size === f.vals.length;
    },
  ],
  [
    'Inverse',
    3,
    (a) => {
      const f = fnOf(a, 0);
      const s = set(a, 1);
      const t = members(a, set(a, 2));
      return makeFcn(
        t,
        t.map((y) => {
          const i = f.vals.findIndex((v, j) => valuesEqual(v, y) && s.contains(f.keys[j]!));
          return i >= 0 ? f.keys[i]! : evalFail(`Inverse: ${formatValue(y)} has no preimage.`, a);
        }),
      );
    },
  ],
  ['RestrictDomain', 2, (a) => restrictWhere(fnOf(a, 0), (k) => a.op(1)(k) === true)],
  ['RestrictValues', 2, (a) => restrictWhere(fnOf(a, 0), (_, v) => a.op(1)(v) === true)],
  [
    'IsRestriction',
    2,
    (a) => {
      const narrow = fnOf(a, 0);
      const wide = fnOf(a, 1);
      return narrow.keys.every((k, i) => {
        const w = wide.lookup(k);
        return w !== undefined && valuesEqual(w, narrow.vals[i]!);
      });
    },
  ],
  [
    'Pointwise',
    3,
    (a) => {
      const f = fnOf(a, 0);
      const g = fnOf(a, 1);
      return makeFcn(
        f.keys,
        f.keys.map((k, i) => a.op(2)(f.vals[i]!, g.lookup(k) ?? evalFail(`Pointwise: ${formatValue(k)} is not in the domain of the second function.`, a))),
      );
    },
  ],
  ['Injection', 2, (a) => new FilterSet(new FcnSet(set(a, 0), set(a, 1)), isInjective)],
  ['Surjection', 2, (a) => new FilterSet(new FcnSet(set(a, 0), set(a, 1)), (f) => isOnto(f, members(a, set(a, 1))))],
  ['Bijection', 2, (a) => new FilterSet(new FcnSet(set(a, 0), set(a, 1)), (f) => isInjective(f) && isOnto(f, members(a, set(a, 1))))],
  // |S| <= |T|, |S| >= |T| and |S| = |T| for finite sets, as the definitions `Injection(S,T) # {}` ... come to.
  ['ExistsInjection', 2, (a) => members(a, set(a, 0)).length <= members(a, set(a, 1)).length],
  ['ExistsSurjection', 2, (a) => (members(a, set(a, 1)).length === 0 ? members(a, set(a, 0)).length === 0 : members(a, set(a, 0)).length >= members(a, set(a, 1)).length)],
  ['ExistsBijection', 2, (a) => members(a, set(a, 0)).length === members(a, set(a, 1)).length],
  [
    'FoldFunction',
    3,
    (a) => {
      const op = a.op(0);
      let acc = a.val(1);
      for (const v of fnOf(a, 2).vals) acc = op(v, acc);
      return acc;
    },
  ],
  [
    'FoldFunctionOnSet',
    4,
    (a) => {
      const op = a.op(0);
      let acc = a.val(1);
      const f = fnOf(a, 2);
      for (const k of members(a, set(a, 3))) acc = op(f.lookup(k)!, acc);
      return acc;
    },
  ],
]);

function restrictWhere(f: { keys: readonly Value[]; vals: readonly Value[] }, keep: (k: Value, v: Value) => boolean): Value {
  const keys: Value[] = [];
  const vals: Value[] = [];
  f.keys.forEach((k, i) => {
    if (keep(k, f.vals[i]!)) keys.push(k), vals.push(f.vals[i]!);
  });
  return makeFcn(keys, vals);
}

function isInjective(v: Value): boolean {
  const f = asFunction(v)!;
  return new Set(f.vals.map(keyOf)).size === f.vals.length;
}

function isOnto(v: Value, targets: readonly Value[]): boolean {
  const f = asFunction(v)!;
  const hit = new Set(f.vals.map(keyOf));
  return targets.every((t) => hit.has(keyOf(t)));
}

function foldSet(a: BuiltinArgs, opIndex: number, baseIndex: number, setIndex: number): Value {
  const op = a.op(opIndex);
  let acc = a.val(baseIndex);
  for (const x of members(a, set(a, setIndex))) acc = op(x, acc);
  return acc;
}

const FOLDS = table([['MapThenFoldSet', 5, (a) => mapThenFoldSet(a.op(0), a.val(1), a.op(2), a.op(3), members(a, set(a, 4)))]]);

const FINITE_SETS_EXT = table([
  [
    'FlattenSet',
    1,
    (a) => {
      const parts = members(a, set(a, 0)).map((p) => (p instanceof SetValue ? p : evalFail(`FlattenSet: ${formatValue(p)} is not a set.`, a)));
      return new UnionSet(parts, () => `FlattenSet(${set(a, 0).describe()})`);
    },
  ],
  [
    'ChooseUnique',
    2,
    (a) => {
      const matching = members(a, set(a, 0)).filter((x) => a.op(1)(x) === true);
      if (matching.length !== 1) evalFail(`ChooseUnique: ${matching.length} elements of ${formatValue(a.val(0))} satisfy the predicate, not exactly one.`, a);
      return matching[0]!;
    },
  ],
  ['FoldSet', 3, (a) => foldSet(a, 0, 1, 2)],
  ['SumSet', 1, (a) => (members(a, set(a, 0)) as number[]).reduce((x, y) => checked(x + y, a, 'SumSet'), 0)],
  ['ProductSet', 1, (a) => (members(a, set(a, 0)) as number[]).reduce((x, y) => checked(x * y, a, 'ProductSet'), 1)],
  [
    'Max',
    1,
    (a) => {
      const m = members(a, set(a, 0)) as number[];
      if (m.length === 0) evalFail('Max of the empty set.', a);
      return Math.max(...m);
    },
  ],
  [
    'Min',
    1,
    (a) => {
      const m = members(a, set(a, 0)) as number[];
      if (m.length === 0) evalFail('Min of the empty set.', a);
      return Math.min(...m);
    },
  ],
  ['Quantify', 2, (a) => members(a, set(a, 0)).filter((x) => a.op(1)(x) === true).length],
  [
    'kSubset',
    2,
    (a) => {
      const k = int(a, 0);
      const m = members(a, set(a, 1));
      const out: Value[] = [];
      const pick = (start: number, chosen: Value[]): void => {
        if (chosen.length === k) return void out.push(new EnumSet(chosen.slice()));
        for (let i = start; i < m.length; i++) pick(i + 1, [...chosen, m[i]!]);
      };
      pick(0, []);
      return makeSet(out);
    },
  ],
  ['SymDiff', 2, (a) => makeSet([...members(a, set(a, 0)).filter((x) => !set(a, 1).contains(x)), ...members(a, set(a, 1)).filter((x) => !set(a, 0).contains(x))])],
]);

const SEQUENCES_EXT = table([
  ['ToSet', 1, (a) => makeSet([...seq(a, 0)])],
  ['Cons', 2, (a) => tuple([a.val(0), ...seq(a, 1)])],
  [
    'Front',
    1,
    (a) => {
      const s = seq(a, 0);
      if (s.length === 0) evalFail('Front of the empty sequence.', a);
      return tuple(s.slice(0, -1));
    },
  ],
  [
    'Last',
    1,
    (a) => {
      const s = seq(a, 0);
      if (s.length === 0) evalFail('Last of the empty sequence.', a);
      return s[s.length - 1]!;
    },
  ],
  ['Reverse', 1, (a) => tuple([...seq(a, 0)].reverse())],
  ['IsPrefix', 2, (a) => seq(a, 0).every((x, i) => i < seq(a, 1).length && valuesEqual(x, seq(a, 1)[i]!))],
  ['SetToSeq', 1, (a) => tuple([...members(a, set(a, 0))])],
  ['SetToSortSeq', 2, (a) => tuple([...members(a, set(a, 0))].sort((x, y) => (a.op(1)(x, y) === true ? -1 : a.op(1)(y, x) === true ? 1 : 0)))],
  ['Contains', 2, (a) => seq(a, 0).some((x) => valuesEqual(x, a.val(1)))],
  ['Range', 1, (a) => range(fnOf(a, 0))],
  ['Indices', 1, (a) => (seq(a, 0).length === 0 ? EMPTY_SET : new IntervalSet(1, seq(a, 0).length))],
  ['InsertAt', 3, (a) => tuple([...seq(a, 0).slice(0, int(a, 1) - 1), a.val(2), ...seq(a, 0).slice(int(a, 1) - 1)])],
  ['RemoveAt', 2, (a) => tuple([...seq(a, 0).slice(0, int(a, 1) - 1), ...seq(a, 0).slice(int(a, 1))])],
  ['ReplaceAt', 3, (a) => tuple(seq(a, 0).map((x, i) => (i === int(a, 1) - 1 ? a.val(2) : x)))],
  ['FoldSeq', 3, (a) => seq(a, 2).reduce((acc, x) => a.op(0)(x, acc), a.val(1))],
  ['FoldLeft', 3, (a) => seq(a, 2).reduce((acc, x) => a.op(0)(acc, x), a.val(1))],
  ['FoldRight', 3, (a) => [...seq(a, 1)].reverse().reduce((acc, x) => a.op(0)(x, acc), a.val(2))],
  ['SelectInSeq', 2, (a) => seq(a, 0).findIndex((x) => a.op(1)(x) === true) + 1],
  ['SelectLastInSeq', 2, (a) => {
    const s = seq(a, 0);
    for (let i = s.length - 1; i >= 0; i--) if (a.op(1)(s[i]!) === true) return i + 1;
    return 0;
  }],
  ['Max', 1, (a) => Math.max(...(members(a, set(a, 0)) as number[]))],
  ['Min', 1, (a) => Math.min(...(members(a, set(a, 0)) as number[]))],
  ['TupleOf', 2, (a) => tuplesOf(set(a, 0), int(a, 1))],
  ['SeqOf', 2, (a) => boundedSeqs(a)],
  ['BoundedSeq', 2, (a) => boundedSeqs(a)],
  ['CommonPrefixes', 1, (a) => (members(a, set(a, 0)).length === 0 ? EMPTY_SET : makeSet(prefixes(longestCommonPrefix(a))))],
  ['LongestCommonPrefix', 1, (a) => (members(a, set(a, 0)).length === 0 ? evalFail('LongestCommonPrefix of the empty set: CHOOSE found no element.', a) : tuple(longestCommonPrefix(a)))],
  ['Snoc', 2, (a) => tuple([...seq(a, 1), a.val(0)])],
  ['IsStrictPrefix', 2, (a) => isPrefix(seq(a, 0), seq(a, 1)) && seq(a, 0).length < seq(a, 1).length],
  ['IsSuffix', 2, (a) => isPrefix([...seq(a, 0)].reverse(), [...seq(a, 1)].reverse())],
  ['IsStrictSuffix', 2, (a) => isPrefix([...seq(a, 0)].reverse(), [...seq(a, 1)].reverse()) && seq(a, 0).length < seq(a, 1).length],
  ['Prefixes', 1, (a) => makeSet(prefixes(seq(a, 0)))],
  ['Suffixes', 1, (a) => makeSet(seq(a, 0).map((_, i, s) => tuple(s.slice(i))).concat([EMPTY_TUPLE]))],
  ['Remove', 2, (a) => tuple(seq(a, 0).filter((x) => !valuesEqual(x, a.val(1))))],
  ['ReplaceAll', 3, (a) => tuple(seq(a, 0).map((x) => (valuesEqual(x, a.val(1)) ? a.val(2) : x)))],
  [
    'SeqMod',
    2,
    (a) => {
      // a % b as TLC computes it (b > 0, result in 0..b-1), with 0 mapped to b: the indices of a sequence are 1..b.
      const b = int(a, 1);
      if (b <= 0) evalFail(`The second argument of % should be a positive number, but instead it is:\n${b}`, a);
      const r = ((int(a, 0) % b) + b) % b;
      return r === 0 ? b : r;
    },
  ],
  ['Zip', 2, (a) => tuple(seq(a, 0).slice(0, Math.min(seq(a, 0).length, seq(a, 1).length)).map((x, i) => tuple([x, seq(a, 1)[i]!])))],
  [
    'FlattenSeq',
    1,
    (a) => {
      const seqs = seq(a, 0);
      if (seqs.length === 0) return a.val(0);
      // Strings concatenate as strings (TLC's \o on strings), sequences as sequences.
      if (seqs.every((x) => typeof x === 'string')) return (seqs as string[]).join('');
      return tuple(seqs.flatMap((x) => seqItems(x, a)));
    },
  ],
]);

function prefixes(s: readonly Value[]): Value[] {
  return s.map((_, i) => tuple(s.slice(0, i))).concat([tuple([...s])]);
}

/** The longest sequence that is a prefix of every sequence of the (non-empty) set argument 0. */
function longestCommonPrefix(a: BuiltinArgs): Value[] {
  const all = members(a, set(a, 0)).map((v) => seqItems(v, a));
  const out: Value[] = [];
  for (let i = 0; all.every((s) => i < s.length && valuesEqual(s[i]!, all[0]![i]!)); i++) out.push(all[0]![i]!);
  return out;
}

function isPrefix(s: readonly Value[], t: readonly Value[]): boolean {
  return s.length <= t.length && s.every((x, i) => valuesEqual(x, t[i]!));
}

/** [1..n -> S]: lazy, as TLC's FcnSetValue. */
function tuplesOf(s: SetValue, n: number): SetValue {
  return new FcnSet(n >= 1 ? new IntervalSet(1, n) : EMPTY_SET, s);
}

/** SeqOf(S, n) == UNION {[1..m -> S] : m \in 0..n}: lazy, so membership never enumerates the sequences. */
function boundedSeqs(a: BuiltinArgs): SetValue {
  const s = set(a, 0);
  const n = int(a, 1);
  const parts: SetValue[] = [];
  for (let m = 0; m <= n; m++) parts.push(tuplesOf(s, m));
  return new UnionSet(parts, () => `SeqOf(${s.describe()}, ${n})`);
}

const TLC_EXT = table([
  [
    'AssertEq',
    2,
    (a) => {
      if (!valuesEqual(a.val(0), a.val(1))) printSink.write(`${formatValue(a.val(0))} # ${formatValue(a.val(1))}`);
      return valuesEqual(a.val(0), a.val(1));
    },
  ],
  [
    'AssertError',
    2,
    (a) => {
      try {
        a.val(1);
        return false;
      } catch {
        return true;
      }
    },
  ],
  ['TLCModelValue', 1, (a) => evalFail(`TLCModelValue(${str(a, 0)}) is not supported.`, a)],
  ['IsEnabled', 1, (a) => evalFail('TLCExt!IsEnabled is not supported.', a)],
  [
    'Trace',
    0,
    (a) => {
      a.ctx.varReads++;
      const trace = currentTrace();
      if (trace === null) evalFail('TLCExt!Trace is not known here: in ASSUME and Init (TLC fails there too) and in the parallel search\'s workers (run with --workers 1).', a);
      return tuple(trace);
    },
  ],
]);

/** An undirected graph [node |-> N, edge |-> E], E a set of 2-element sets. */
function graph(a: BuiltinArgs, i: number): { nodes: readonly Value[]; edges: readonly Value[][] } {
  const g = fnOf(a, i);
  const nodes = g.lookup('node');
  const edges = g.lookup('edge');
  if (!(nodes instanceof SetValue) || !(edges instanceof SetValue)) evalFail('Expected a graph [node |-> ..., edge |-> ...].', a);
  return { nodes: members(a, nodes), edges: members(a, edges).map((e) => (e instanceof SetValue ? [...members(a, e)] : [])) };
}

function connected(nodes: readonly Value[], edges: readonly Value[][], from: Value): Set<string> {
  const seen = new Set<string>([keyOf(from)]);
  const queue = [from];
  while (queue.length > 0) {
    const n = queue.pop()!;
    for (const e of edges) {
      if (!e.some((x) => valuesEqual(x, n))) continue;
      for (const m of e) if (!seen.has(keyOf(m))) (seen.add(keyOf(m)), queue.push(m));
    }
  }
  void nodes;
  return seen;
}

const UNDIRECTED_GRAPHS = table([
  [
    'IsUndirectedGraph',
    1,
    (a) => {
      const f = fnOf(a, 0);
      if (f.keys.length !== 2 || f.lookup('node') === undefined || f.lookup('edge') === undefined) return false;
      const { nodes, edges } = graph(a, 0);
      const nodeSet = new Set(nodes.map(keyOf));
      return edges.every((e) => e.length === 2 && e.every((x) => nodeSet.has(keyOf(x))));
    },
  ],
  [
    'IsStronglyConnected',
    1,
    (a) => {
      const { nodes, edges } = graph(a, 0);
      if (nodes.length === 0) return true;
      return connected(nodes, edges, nodes[0]!).size >= nodes.length && nodes.every((n) => connected(nodes, edges, nodes[0]!).has(keyOf(n)));
    },
  ],
  [
    'AreConnectedIn',
    3,
    (a) => {
      const { nodes, edges } = graph(a, 2);
      return connected(nodes, edges, a.val(0)).has(keyOf(a.val(1)));
    },
  ],
]);

void bool;

function refuse(construct: string, at: Location): never {
  throw new TlaUnsupportedError(construct, at);
}

/**
 * Bitwise, as TLC's Java override of the community module computes it: the
 * 32-bit operations on two's-complement integers (`&`, `|`, `^^`, and shiftR
 * as Java's >>>).
 */
const BITWISE = table([
  ['$amp', 2, (a) => int(a, 0) & int(a, 1)],
  ['$vert', 2, (a) => int(a, 0) | int(a, 1)],
  ['$powpow', 2, (a) => int(a, 0) ^ int(a, 1)],
  ['shiftR', 2, (a) => (int(a, 0) >>> int(a, 1)) | 0],
]);

/**
 * Randomization: TLC draws these from a generator seeded afresh on every run
 * (unless -seed is given), so no run reproduces TLC's counts. A spec may
 * extend the module; using one of its operators is refused.
 */
const RANDOMIZATION = table(
  ([['RandomSubset', 2], ['RandomSetOfSubsets', 3], ['RandomSubsetSet', 3], ['TestRandomSetOfSubsets', 3]] as [string, number][]).map(
    ([name, arity]) => [name, arity, (a) => refuse(`Randomization!${name} (TLC draws it at random, seeded anew each run)`, a.at)],
  ),
);

/**
 * IOUtils, the part that only reads what TLC reads: IOEnv (the process
 * environment as a record of strings) and atoi. The operators that run
 * commands or read and write files named by the spec are refused when used.
 */
const IO_UTILS = table([
  ['IOEnv', 0, () => makeRecord(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))],
  [
    'atoi',
    1,
    (a) => {
      const text = str(a, 0);
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) evalFail(`atoi: ${JSON.stringify(text)} is not a 32-bit integer.`, a);
      return n;
    },
  ],
  ...(
    [
      ['IOExec', 1],
      ['IOEnvExec', 2],
      ['IOExecTemplate', 2],
      ['IOEnvExecTemplate', 3],
      ['IOSerialize', 3],
      ['IODeserialize', 2],
      ['Serialize', 3],
      ['Deserialize', 2],
    ] as [string, number][]
  ).map(([name, arity]): [string, number, (a: BuiltinArgs) => Value] => [name, arity, (a) => refuse(`IOUtils!${name} (it runs a command or reads or writes a file the spec names)`, a.at)]),
]);

/** Standard and community modules by name; null: known, deliberately refused. */
export const STANDARD_MODULES: Record<string, Table | null> = {
  Naturals: {},
  Integers: {},
  Sequences: SEQUENCES,
  FiniteSets: FINITE_SETS,
  Bags: BAGS,
  BagsExt: BAGS_EXT,
  TLC: TLC,
  Functions: FUNCTIONS,
  Folds: FOLDS,
  FiniteSetsExt: { ...FINITE_SETS_EXT },
  SequencesExt: SEQUENCES_EXT,
  TLCExt: TLC_EXT,
  UndirectedGraphs: UNDIRECTED_GRAPHS,
  Bitwise: BITWISE,
  Randomization: RANDOMIZATION,
  IOUtils: IO_UTILS,
  Apalache: APALACHE,
  SVG: SVG,
  Json: JSON_MODULE,
  CSV: CSV,
  DyadicRationals: DYADIC_RATIONALS,
  TLAPS: {},
  NaturalsInduction: {},
  FiniteSetTheorems: {},
  SequenceTheorems: {},
  WellFoundedInduction: {},
  FunctionTheorems: {},
  SequencesExtTheorems: {},
  FiniteSetsExtTheorems: {},
  FoldsTheorems: {},
  Reals: null,
};

/**
 * What each module exports besides its own operators: its EXTENDS, as SANY
 * reads the module files TLC ships (a LOCAL INSTANCE exports nothing, so
 * `EXTENDS SequencesExt` alone does not give Len, while Bags, which EXTENDS
 * TLC, gives `:>` and `@@`).
 */
export const MODULE_EXTENDS: Record<string, string[]> = {
  Integers: ['Naturals'],
  SequencesExt: [],
  FiniteSetsExt: ['Folds', 'Functions'],
  Functions: [],
  Bags: ['TLC'],
  BagsExt: [],
  TLCExt: [],
  UndirectedGraphs: [],
  Bitwise: [],
  Randomization: [],
  IOUtils: [],
  Apalache: [],
  SVG: [],
  Json: [],
  CSV: [],
  DyadicRationals: [],
};
