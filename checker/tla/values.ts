/**
 * TLA+ values as TLC has them. Booleans, integers and strings are JS primitives;
 * model values, sets, functions and tuples are immutable objects. Every value has
 * a canonical key (keyOf): equal values have equal keys, so a state's key is its
 * canonical variable-length encoding, the same in every thread and process.
 *
 * Sets keep their members in TLC's normal order (compareValues), which is also
 * the order CHOOSE and enumeration use. A function whose domain is 1..n is always
 * a TupleValue (TLA+ makes <<a, b>> and [i \in 1..2 |-> ...] the same value), and
 * a record is a function from strings.
 */

import { fingerprintValue, fpHi, fpLo, type Fingerprinted } from './fingerprint.js';

export type Value = boolean | number | string | ModelValue | SetValue | FcnValue | TupleValue | LazyFcn;

export class ModelValue implements Fingerprinted {
  /** The fingerprint, kept once computed (fingerprint.ts): a model value's name is hashed once. */
  declare fpHi: number;
  declare fpLo: number;
  constructor(
    readonly name: string,
    readonly index: number,
  ) {
    this.fpHi = 0;
    this.fpLo = 0;
  }
}

/** Any set: finite ones can list their members in normal order. */
export abstract class SetValue implements Fingerprinted {
  // Fields are assigned in constructors, not declared with initialisers: a class
  // field initialiser is a define per field on every new value (7% of a run).
  /** A cache (values are immutable): the canonical key (key()), or the last set isMember found the value in. */
  declare aux: string | SetValue | undefined;
  declare fpHi: number;
  declare fpLo: number;
  /** Kept for the whole run (a constant's value: markLasting): values may remember being in it (isMember). */
  declare lasting: boolean;
  constructor() {
    this.aux = undefined;
    this.fpHi = 0;
    this.fpLo = 0;
    this.lasting = false;
  }
  /** Members in normal order (finite sets only). */
  abstract elements(): readonly Value[];
  abstract contains(v: Value): boolean;
  abstract readonly finite: boolean;
  abstract describe(): string;
  size(): number {
    return this.elements().length;
  }
  /** Members in any order (a quantifier does not care): skips the sort into normal order where that is costly. */
  enumerate(): readonly Value[] {
    return this.elements();
  }
  key(): string {
    if (typeof this.aux === 'string') return this.aux;
    return (this.aux = `{${this.elements().map(keyOf).join(',')}}`);
  }
}

/**
 * `v \in set`, remembering on a composite value the last set it was found in.
 * Values and sets are immutable and a state shares its unchanged parts with
 * its parent, so a type invariant such as `f \in [S -> Seq(T)]` (a constant
 * set, kept: constant-cache.ts) tests again only the parts a step changed.
 */
export function isMember(set: SetValue, v: Value): boolean {
  if (typeof v !== 'object' || v instanceof ModelValue || v instanceof LazyFcn) return set.contains(v);
  if (v.aux === set) return true;
  if (!set.contains(v)) return false;
  // Only a set kept for the run: a value remembering a set built for one
  // evaluation would keep it alive as long as the state. The canonical key, if
  // kept there, gives way: both are caches.
  if (set.lasting) v.aux = set;
  return true;
}

/** Marks a constant's value, and the sets it is made of, as kept for the run (isMember may remember them). */
export function markLasting(v: Value): void {
  if (!(v instanceof SetValue) || v.lasting) return;
  v.lasting = true;
  if (v instanceof FcnSet) {
    markLasting(v.dom);
    markLasting(v.rng);
  } else if (v instanceof SeqSet || v instanceof PowerSet) markLasting(v.base);
  else if (v instanceof ProductSet || v instanceof UnionSet) for (const s of v.sets) markLasting(s);
  else if (v instanceof RecordSet) for (const [, s] of v.fields) markLasting(s);
}

export class EnumSet extends SetValue {
  declare readonly elems: readonly Value[];
  private declare index: Map<number, number[]> | undefined;
  /** `elems` must be in normal order without duplicates: use makeSet otherwise. */
  constructor(elems: readonly Value[]) {
    super();
    this.elems = elems;
    this.index = undefined;
  }
  get finite(): boolean {
    return true;
  }
  elements(): readonly Value[] {
    return this.elems;
  }
  contains(v: Value): boolean {
    const elems = this.elems;
    if (elems.length < 8) {
      // A number, string or boolean equals only itself (valuesEqual's first test).
      if (typeof v !== 'object') {
        for (let i = 0; i < elems.length; i++) if (elems[i] === v) return true;
        return false;
      }
      for (let i = 0; i < elems.length; i++) if (valuesEqual(elems[i]!, v)) return true;
      return false;
    }
    // Members bucketed by fingerprint (kept on composite values), not by key strings.
    this.index ??= fingerprintIndex(this.elems);
    return indexedPosition(this.elems, this.index, v) >= 0;
  }
  describe(): string {
    return formatValue(this);
  }
}

export const EMPTY_SET = new EnumSet([]);

/** x \cup y of two enumerated sets: their members (each in normal order) merged, without sorting again. */
export function unionEnum(x: EnumSet, y: EnumSet): EnumSet {
  const a = x.elems;
  const b = y.elems;
  if (b.length === 0) return x;
  if (a.length === 0) return y;
  const out: Value[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareValues(a[i]!, b[j]!);
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return new EnumSet(out);
}

/** A set from members in any order, possibly repeated. */
export function makeSet(members: Value[]): EnumSet {
  if (members.length <= 1) return new EnumSet(members);
  return new EnumSet(distinct(members).sort(compareValues));
}

/**
 * The members without repeats (valuesEqual), first occurrences kept. Few members
 * are compared pairwise (a fingerprint compare each, no key strings); many are
 * bucketed by fingerprint first.
 */
function distinct(members: Value[]): Value[] {
  const out: Value[] = [];
  if (members.length <= 16) {
    next: for (const m of members) {
      for (const o of out) if (valuesEqual(o, m)) continue next;
      out.push(m);
    }
    return out;
  }
  const buckets = new Map<number, Value[]>();
  next: for (const m of members) {
    fingerprintValue(m);
    const bucket = buckets.get(fpHi);
    if (bucket === undefined) buckets.set(fpHi, [m]);
    else {
      for (const o of bucket) if (valuesEqual(o, m)) continue next;
      bucket.push(m);
    }
    out.push(m);
  }
  return out;
}

/** The positions of values grouped by the high lane of their fingerprint. */
function fingerprintIndex(values: readonly Value[]): Map<number, number[]> {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < values.length; i++) {
    fingerprintValue(values[i]!);
    const bucket = buckets.get(fpHi);
    if (bucket === undefined) buckets.set(fpHi, [i]);
    else bucket.push(i);
  }
  return buckets;
}

/** The position of `v` among `values` through their fingerprint index, or -1. */
function indexedPosition(values: readonly Value[], index: Map<number, number[]>, v: Value): number {
  fingerprintValue(v);
  const bucket = index.get(fpHi);
  if (bucket === undefined) return -1;
  for (const i of bucket) if (valuesEqual(values[i]!, v)) return i;
  return -1;
}

export class IntervalSet extends SetValue {
  readonly finite = true;
  private cache: number[] | undefined;
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {
    super();
  }
  elements(): readonly Value[] {
    if (!this.cache) {
      this.cache = [];
      for (let i = this.lo; i <= this.hi; i++) this.cache.push(i);
    }
    return this.cache;
  }
  override size(): number {
    return Math.max(0, this.hi - this.lo + 1);
  }
  contains(v: Value): boolean {
    return typeof v === 'number' && v >= this.lo && v <= this.hi;
  }
  describe(): string {
    return `${this.lo}..${this.hi}`;
  }
}

/** Nat, Int, STRING: membership only. */
export class InfiniteSet extends SetValue {
  readonly finite = false;
  constructor(readonly name: 'Nat' | 'Int' | 'STRING') {
    super();
  }
  elements(): readonly Value[] {
    throw new InfiniteSetError(this.name);
  }
  contains(v: Value): boolean {
    if (this.name === 'STRING') return typeof v === 'string';
    return typeof v === 'number' && (this.name === 'Int' || v >= 0);
  }
  describe(): string {
    return this.name;
  }
}

/** A set that cannot be enumerated (infinite, or too large): an evaluation error at the expression that asked for its members. */
export class EnumerationError extends Error {}

export class InfiniteSetError extends EnumerationError {
  constructor(readonly setName: string) {
    super(`Attempted to enumerate the infinite set ${setName}.`);
  }
}

/** An infinite set known only by membership (Nat \ {0}, Int \cup S). */
export class PredicateSet extends SetValue {
  readonly finite = false;
  constructor(
    private readonly text: string,
    private readonly test: (v: Value) => boolean,
  ) {
    super();
  }
  elements(): readonly Value[] {
    throw new InfiniteSetError(this.text);
  }
  contains(v: Value): boolean {
    return this.test(v);
  }
  describe(): string {
    return this.text;
  }
}

/** S \cup T and UNION: membership without enumerating; members listed when needed. */
export class UnionSet extends SetValue {
  private cache: readonly Value[] | undefined;
  constructor(
    readonly sets: readonly SetValue[],
    private readonly text: () => string,
  ) {
    super();
  }
  get finite(): boolean {
    return this.sets.every((s) => s.finite);
  }
  elements(): readonly Value[] {
    if (!this.cache) {
      if (!this.finite) throw new InfiniteSetError(this.text());
      this.cache = this.sets.length === 1 ? this.sets[0]!.elements() : makeSet(this.sets.flatMap((s) => s.elements())).elems;
    }
    return this.cache;
  }
  override enumerate(): readonly Value[] {
    if (this.cache) return this.cache;
    if (!this.finite) throw new InfiniteSetError(this.text());
    if (this.sets.length === 1) return this.sets[0]!.enumerate();
    const seen = new Set<string>();
    const out: Value[] = [];
    for (const s of this.sets) {
      for (const v of s.enumerate()) {
        const k = keyOf(v);
        if (!seen.has(k)) (seen.add(k), out.push(v));
      }
    }
    return out;
  }
  contains(v: Value): boolean {
    return this.sets.some((s) => s.contains(v));
  }
  describe(): string {
    return this.text();
  }
}

/** {x \in S : P(x)} over a set not yet enumerated (SUBSET S, [S -> T]): membership tests P only on the member asked about, as TLC's SetPredValue. */
export class FilterSet extends SetValue {
  private cache: readonly Value[] | undefined;
  constructor(
    readonly base: SetValue,
    private readonly test: (v: Value) => boolean,
  ) {
    super();
  }
  get finite(): boolean {
    return this.base.finite;
  }
  elements(): readonly Value[] {
    this.cache ??= this.base.elements().filter(this.test);
    return this.cache;
  }
  contains(v: Value): boolean {
    return this.base.contains(v) && this.test(v);
  }
  describe(): string {
    return `{x \\in ${this.base.describe()} : ...}`;
  }
}

/** SUBSET base, enumerated only when needed. */
export class PowerSet extends SetValue {
  private cache: Value[] | undefined;
  constructor(readonly base: SetValue) {
    super();
  }
  get finite(): boolean {
    return this.base.finite;
  }
  elements(): readonly Value[] {
    if (!this.cache) {
      const members = this.base.elements();
      if (members.length > 24) throw new EnumerationError(`Attempted to enumerate SUBSET ${this.base.describe()}, a set of 2^${members.length} subsets (at most 2^24 are enumerated).`);
      const out: Value[] = [];
      for (let mask = 0; mask < 1 << members.length; mask++) {
        const subset: Value[] = [];
        for (let i = 0; i < members.length; i++) if (mask & (1 << i)) subset.push(members[i]!);
        out.push(new EnumSet(subset));
      }
      this.cache = out.sort(compareValues);
    }
    return this.cache;
  }
  override size(): number {
    return 2 ** this.base.size();
  }
  contains(v: Value): boolean {
    if (!(v instanceof SetValue)) return false;
    for (const e of v.elements()) if (!this.base.contains(e)) return false;
    return true;
  }
  describe(): string {
    return `SUBSET ${this.base.describe()}`;
  }
}

/** [D -> R], enumerated only when needed. */
export class FcnSet extends SetValue {
  private cache: Value[] | undefined;
  /** A keys array found to be exactly the domain (contains). */
  private domainKeys: readonly Value[] | undefined = undefined;
  constructor(
    readonly dom: SetValue,
    readonly rng: SetValue,
  ) {
    super();
  }
  get finite(): boolean {
    return this.dom.finite && this.rng.finite;
  }
  elements(): readonly Value[] {
    this.cache ??= this.generate().sort(compareValues);
    return this.cache;
  }
  override enumerate(): readonly Value[] {
    return this.cache ?? this.generate();
  }
  private generate(): Value[] {
    const keys = this.dom.elements();
    const choices = this.rng.elements();
    const out: Value[] = [];
    const vals: Value[] = new Array(keys.length);
    const fill = (i: number): void => {
      if (i === keys.length) {
        out.push(makeFcn(keys, vals.slice()));
        return;
      }
      for (const c of choices) {
        vals[i] = c;
        fill(i + 1);
      }
    };
    fill(0);
    return out;
  }
  override size(): number {
    return this.rng.size() ** this.dom.size();
  }
  contains(v: Value): boolean {
    if (v instanceof TupleValue) {
      // A function with domain 1..n, read in place (asFunction would build its keys).
      const items = v.items;
      if (items.length !== this.dom.size()) return false;
      for (let i = 0; i < items.length; i++) if (!this.dom.contains(i + 1) || !isMember(this.rng, items[i]!)) return false;
      return true;
    }
    const f = asFunction(v);
    if (!f) return false;
    if (f.keys.length !== this.dom.size()) return false;
    // The keys array last found to be the domain ([f EXCEPT ...] shares its keys): checked once.
    if (f.keys === this.domainKeys) {
      for (let i = 0; i < f.vals.length; i++) if (!isMember(this.rng, f.vals[i]!)) return false;
      return true;
    }
    for (let i = 0; i < f.keys.length; i++) if (!this.dom.contains(f.keys[i]!) || !isMember(this.rng, f.vals[i]!)) return false;
    this.domainKeys = f.keys;
    return true;
  }
  describe(): string {
    return `[${this.dom.describe()} -> ${this.rng.describe()}]`;
  }
}

/** [a : A, b : B]. */
export class RecordSet extends SetValue {
  private cache: Value[] | undefined;
  constructor(readonly fields: readonly [string, SetValue][]) {
    super();
  }
  get finite(): boolean {
    return this.fields.every(([, s]) => s.finite);
  }
  elements(): readonly Value[] {
    if (!this.cache) {
      const sorted = [...this.fields].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const keys = sorted.map(([name]) => name);
      const out: Value[] = [];
      for (const combo of cartesian(sorted.map(([, s]) => s.elements()))) out.push(new FcnValue(keys, combo));
      this.cache = out.sort(compareValues);
    }
    return this.cache;
  }
  contains(v: Value): boolean {
    const f = asFunction(v);
    if (!f || f.keys.length !== this.fields.length) return false;
    for (const [name, set] of this.fields) {
      const value = f.lookup(name);
      if (value === undefined || !isMember(set, value)) return false;
    }
    return true;
  }
  describe(): string {
    return `[${this.fields.map(([n, s]) => `${n} : ${s.describe()}`).join(', ')}]`;
  }
}

/** A \X B \X C. */
export class ProductSet extends SetValue {
  private cache: Value[] | undefined;
  constructor(readonly sets: readonly SetValue[]) {
    super();
  }
  get finite(): boolean {
    return this.sets.every((s) => s.finite);
  }
  elements(): readonly Value[] {
    if (!this.cache) this.cache = [...cartesian(this.sets.map((s) => s.elements()))].map((items) => new TupleValue(items)).sort(compareValues);
    return this.cache;
  }
  contains(v: Value): boolean {
    if (!(v instanceof TupleValue) || v.items.length !== this.sets.length) return false;
    for (let i = 0; i < v.items.length; i++) if (!isMember(this.sets[i]!, v.items[i]!)) return false;
    return true;
  }
  describe(): string {
    return this.sets.map((s) => s.describe()).join(' \\X ');
  }
}

/** Seq(S): membership only. */
export class SeqSet extends SetValue {
  readonly finite = false;
  constructor(readonly base: SetValue) {
    super();
  }
  elements(): readonly Value[] {
    throw new InfiniteSetError(`Seq(${this.base.describe()})`);
  }
  contains(v: Value): boolean {
    if (!(v instanceof TupleValue)) return false;
    for (const item of v.items) if (!isMember(this.base, item)) return false;
    return true;
  }
  describe(): string {
    return `Seq(${this.base.describe()})`;
  }
}

export function* cartesian(lists: readonly (readonly Value[])[]): Generator<Value[]> {
  if (lists.some((l) => l.length === 0)) return;
  const idx = new Array<number>(lists.length).fill(0);
  for (;;) {
    yield idx.map((i, j) => lists[j]![i]!);
    let j = lists.length - 1;
    while (j >= 0) {
      idx[j]!++;
      if (idx[j]! < lists[j]!.length) break;
      idx[j] = 0;
      j--;
    }
    if (j < 0) return;
  }
}

/**
 * How a function's keys are found: by subtraction when they are consecutive
 * integers, else through fingerprint buckets. Built on the first lookup and
 * shared by every function with the same keys array ([f EXCEPT ![k] = v]
 * keeps it), so a function updated in every state is not indexed again.
 */
class KeyIndex {
  constructor(
    /** The first key when the keys are consecutive integers, else NaN. */
    readonly intBase: number,
    readonly buckets: Map<number, number[]> | null,
  ) {}
}

function keyIndex(keys: readonly Value[]): KeyIndex {
  const first = keys[0];
  if (typeof first === 'number') {
    let consecutive = true;
    for (let i = 1; i < keys.length; i++) {
      if (keys[i] !== first + i) {
        consecutive = false;
        break;
      }
    }
    if (consecutive) return new KeyIndex(first, null);
  }
  return new KeyIndex(NaN, fingerprintIndex(keys));
}

/** A function with a finite domain, keys in normal order. */
export class FcnValue implements Fingerprinted {
  declare readonly keys: readonly Value[];
  declare readonly vals: readonly Value[];
  /** A cache (values are immutable): the canonical key (key()), or the last set isMember found the value in. */
  declare aux: string | SetValue | undefined;
  private declare index: KeyIndex | undefined;
  declare fpHi: number;
  declare fpLo: number;
  /** The keys' fingerprints (hi, lo per key), set by fingerprint.ts and shared like the key index. */
  declare keyFps: Int32Array | undefined;
  constructor(keys: readonly Value[], vals: readonly Value[], index?: KeyIndex, keyFps?: Int32Array) {
    this.keys = keys;
    this.vals = vals;
    this.aux = undefined;
    this.index = index;
    this.fpHi = 0;
    this.fpLo = 0;
    this.keyFps = keyFps;
  }
  /** The same keys with other values (the key index and the keys' fingerprints are shared). */
  withValues(vals: readonly Value[]): FcnValue {
    return new FcnValue(this.keys, vals, this.index, this.keyFps);
  }
  lookup(arg: Value): Value | undefined {
    const i = this.indexOf(arg);
    return i < 0 ? undefined : this.vals[i];
  }
  indexOf(arg: Value): number {
    const keys = this.keys;
    if (keys.length < 8) {
      // Most keys are integers, strings or model values: identity decides those without a call.
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key === arg || (typeof key === 'object' && valuesEqual(key, arg))) return i;
      }
      return -1;
    }
    const index = (this.index ??= keyIndex(keys));
    if (index.buckets === null) {
      if (typeof arg !== 'number') return -1;
      const i = arg - index.intBase;
      return i >= 0 && i < keys.length ? i : -1;
    }
    return indexedPosition(keys, index.buckets, arg);
  }
  key(): string {
    if (typeof this.aux === 'string') return this.aux;
    return (this.aux = `[${this.keys.map((k, i) => `${keyOf(k)}:${keyOf(this.vals[i]!)}`).join(',')}]`);
  }
  isRecord(): boolean {
    return this.keys.length > 0 && this.keys.every((k) => typeof k === 'string');
  }
}

export class TupleValue implements Fingerprinted {
  declare readonly items: readonly Value[];
  /** A cache (values are immutable): the canonical key (key()), or the last set isMember found the value in. */
  declare aux: string | SetValue | undefined;
  declare fpHi: number;
  declare fpLo: number;
  constructor(items: readonly Value[]) {
    this.items = items;
    this.aux = undefined;
    this.fpHi = 0;
    this.fpLo = 0;
  }
  key(): string {
    if (typeof this.aux === 'string') return this.aux;
    return (this.aux = `<${this.items.map(keyOf).join(',')}>`);
  }
}

export const EMPTY_TUPLE = new TupleValue([]);

/**
 * A function computed on demand: `f[x \in S] == ...` (possibly recursive) and
 * functions over infinite domains. Materialised when compared or printed.
 */
export class LazyFcn {
  private readonly memo = new Map<string, Value>();
  private materialized: FcnValue | TupleValue | undefined;
  constructor(
    readonly domain: SetValue,
    private readonly compute: (arg: Value) => Value,
    /**
     * Where the function's body is, for the successor enumerator: TLC walks
     * `f[a]` of a function not yet computed whole as the body with the bound
     * variable set to `a` (its getNextStates on FcnLambdaValue), so
     * disjunctions and existentials inside it branch.
     */
    readonly source?: unknown,
  ) {}
  /** True once the whole function has been computed (TLC's fcnRcd is set). */
  get isMaterialized(): boolean {
    return this.materialized !== undefined;
  }
  apply(arg: Value): Value | undefined {
    if (!this.domain.contains(arg)) return undefined;
    const k = keyOf(arg);
    let v = this.memo.get(k);
    if (v === undefined) {
      v = this.compute(arg);
      this.memo.set(k, v);
    }
    return v;
  }
  materialize(): FcnValue | TupleValue {
    if (!this.materialized) {
      const keys = this.domain.elements();
      this.materialized = makeFcn(keys, keys.map((k) => this.apply(k)!));
    }
    return this.materialized;
  }
}

/** A function from keys in normal order: a tuple when the domain is 1..n. */
export function makeFcn(keys: readonly Value[], vals: readonly Value[]): FcnValue | TupleValue {
  let isSeq = true;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== i + 1) {
      isSeq = false;
      break;
    }
  }
  return isSeq ? new TupleValue(vals) : new FcnValue(keys, vals);
}

/**
 * Records with these field names, given in normal order (compareFieldNames): each shares one keys
 * array, its index and its keys' fingerprints (a record literal's names are
 * known when it is compiled, so its records need no sort and no fingerprints
 * of their names). `vals` are in the names' order.
 */
export function recordShape(sortedNames: readonly string[]): (vals: readonly Value[]) => FcnValue {
  const template = new FcnValue(sortedNames, sortedNames.map((): Value => false));
  // Fills the template's keys' fingerprints and key index, which withValues passes on.
  fingerprintValue(template);
  template.indexOf(sortedNames[0]!);
  return (vals) => template.withValues(vals);
}

/** Field names in a record's normal order (makeRecord's and recordShape's). */
export function compareFieldNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record from fields in any order. */
export function makeRecord(fields: [string, Value][]): FcnValue {
  const sorted = [...fields].sort((a, b) => compareFieldNames(a[0], b[0]));
  return new FcnValue(
    sorted.map(([k]) => k),
    sorted.map(([, v]) => v),
  );
}

/** Any function-like value as keys/values (tuples as 1..n), or null. */
export function asFunction(v: Value): { keys: readonly Value[]; vals: readonly Value[]; lookup(k: Value): Value | undefined } | null {
  if (v instanceof FcnValue) return v;
  if (v instanceof TupleValue) {
    const items = v.items;
    return {
      keys: items.map((_, i) => i + 1),
      vals: items,
      lookup: (k) => (typeof k === 'number' && k >= 1 && k <= items.length ? items[k - 1] : undefined),
    };
  }
  if (v instanceof LazyFcn) return asFunction(v.materialize());
  return null;
}

export function keyOf(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'T' : 'F';
    case 'number':
      return String(v);
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof ModelValue) return `@${v.name}`;
  if (v instanceof LazyFcn) return v.materialize().key();
  return v.key();
}

/**
 * Equality as the canonical keys define it (equal keys), without building them:
 * values whose fingerprints are both known already and differ are unequal at
 * once; otherwise they are compared part by part, which stops at the first
 * difference. A value just computed (the right side of `x' = e` in an action
 * predicate) has no fingerprint yet: computing one would walk all of it, where
 * the comparison mostly stops early.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  // Known fingerprints that differ first: the commonest answer when searching
  // (lazy functions have no fingerprint fields: undefined | undefined is 0).
  const x = a as unknown as Fingerprinted;
  const y = b as unknown as Fingerprinted;
  if ((x.fpHi | x.fpLo) !== 0 && (y.fpHi | y.fpLo) !== 0 && (x.fpHi !== y.fpHi || x.fpLo !== y.fpLo)) return false;
  // A model value equals itself only.
  if (a instanceof ModelValue || b instanceof ModelValue) return false;
  return sameParts(a, b);
}

function sameParts(a: SetValue | FcnValue | TupleValue | LazyFcn, b: SetValue | FcnValue | TupleValue | LazyFcn): boolean {
  if (a instanceof LazyFcn) a = a.materialize();
  if (b instanceof LazyFcn) b = b.materialize();
  if (a instanceof SetValue) return b instanceof SetValue && sameItems(a.elements(), b.elements());
  if (a instanceof TupleValue) return b instanceof TupleValue && sameItems(a.items, b.items);
  // Functions built from one another ([f EXCEPT ...], a record literal's records) share their keys array.
  return b instanceof FcnValue && (a.keys === b.keys || sameItems(a.keys, b.keys)) && sameItems(a.vals, b.vals);
}

function sameItems(xs: readonly Value[], ys: readonly Value[]): boolean {
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) if (!valuesEqual(xs[i]!, ys[i]!)) return false;
  return true;
}

function rank(v: Value): number {
  switch (typeof v) {
    case 'boolean':
      return 0;
    case 'number':
      return 1;
    case 'string':
      return 2;
  }
  if (v instanceof ModelValue) return 3;
  if (v instanceof SetValue) return 5;
  return 4;
}

/** TLC's normal order: within a kind as TLC compares; kinds in a fixed order. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 1:
      return (a as number) - (b as number);
    case 2:
      return a < b ? -1 : a > b ? 1 : 0;
    case 3:
      return (a as ModelValue).index - (b as ModelValue).index;
    case 5: {
      const ea = (a as SetValue).elements();
      const eb = (b as SetValue).elements();
      if (ea.length !== eb.length) return ea.length - eb.length;
      for (let i = 0; i < ea.length; i++) {
        const c = compareValues(ea[i]!, eb[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const fa = asFunction(a)!;
      const fb = asFunction(b)!;
      if (fa.keys.length !== fb.keys.length) return fa.keys.length - fb.keys.length;
      for (let i = 0; i < fa.keys.length; i++) {
        const c = compareValues(fa.keys[i]!, fb.keys[i]!);
        if (c !== 0) return c;
      }
      for (let i = 0; i < fa.vals.length; i++) {
        const c = compareValues(fa.vals[i]!, fb.vals[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/** A value in TLA+ syntax, as TLC prints it (model values bare). */
export function formatValue(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'number':
      return String(v);
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof ModelValue) return v.name;
  if (v instanceof SetValue) {
    if (!v.finite) return v.describe();
    return `{${v.elements().map(formatValue).join(', ')}}`;
  }
  if (v instanceof TupleValue) return `<<${v.items.map(formatValue).join(', ')}>>`;
  const f = v instanceof LazyFcn ? v.materialize() : v;
  if (f instanceof TupleValue) return formatValue(f);
  if (f.isRecord()) return `[${f.keys.map((k, i) => `${k as string} |-> ${formatValue(f.vals[i]!)}`).join(', ')}]`;
  return `(${f.keys.map((k, i) => `${formatValue(k)} :> ${formatValue(f.vals[i]!)}`).join(' @@ ')})`;
}

export function typeName(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'integer';
    case 'string':
      return 'string';
  }
  if (v instanceof ModelValue) return 'model value';
  if (v instanceof SetValue) return 'set';
  if (v instanceof TupleValue) return 'tuple';
  return v instanceof FcnValue && v.isRecord() ? 'record' : 'function';
}
