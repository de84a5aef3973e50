import { FSet } from './fset.js';
import { Universe } from './universe.js';

/**
 * Type descriptors for state variables. Every variable has a finite type, so every
 * state packs into a fixed number of 32-bit words and every typed state can be
 * enumerated (for `initWhere`). The phantom `__value` carries the TypeScript type of
 * the values, so actions and properties see fully typed states.
 */
export type Key = string | number;

interface TypeBase<T> {
  /** Phantom: never set at run time. */
  readonly __value?: T;
}

export interface BoolType {
  readonly kind: 'bool';
}
export interface IntType {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
}
/** A value from a finite list: enums, model values, or any constant values (records too). */
export interface OneOfType<V> {
  readonly kind: 'oneOf';
  readonly universe: Universe<V>;
}
export interface RecordType {
  readonly kind: 'record';
  readonly fields: { readonly [name: string]: Type<unknown> };
}
/** A function over a finite domain (TLA+ `[D -> V]`), represented as a plain object. */
export interface MapType {
  readonly kind: 'map';
  readonly domain: readonly Key[];
  readonly value: Type<unknown>;
}
export interface SetType<E> {
  readonly kind: 'set';
  readonly universe: Universe<E>;
}
export interface TupleType {
  readonly kind: 'tuple';
  readonly items: readonly Type<unknown>[];
}
/** A sequence of at most `maxLength` items, represented as a JS array. */
export interface SeqType {
  readonly kind: 'seq';
  readonly item: Type<unknown>;
  readonly maxLength: number;
}

export type TypeDescriptor = BoolType | IntType | OneOfType<unknown> | RecordType | MapType | SetType<unknown> | TupleType | SeqType;

/** A descriptor whose values have TypeScript type T. */
export type Type<T> = TypeDescriptor & TypeBase<T>;

export type AnyType = Type<any>;

/** The TypeScript type of the values of a descriptor. */
export type TypeOf<X> = X extends { readonly __value?: infer T } ? T : never;

/** The state type of a schema (a record of variable descriptors). */
export type StateOf<Schema extends Record<string, AnyType>> = { -readonly [K in keyof Schema]: TypeOf<Schema[K]> };

export const bool = (): Type<boolean> => ({ kind: 'bool' }) as Type<boolean>;

const MAX_SEQ_LENGTH = 4096;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function int(min: number, max: number): Type<number> {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`t.int(${min}, ${max}): bounds must be integers with min <= max`);
  }
  // States are packed as 32-bit words: a wider bound would make every value fail validation.
  if (min < INT32_MIN || max > INT32_MAX) {
    throw new RangeError(`t.int(${min}, ${max}): bounds must be 32-bit integers (${INT32_MIN}..${INT32_MAX})`);
  }
  return { kind: 'int', min, max } as Type<number>;
}

/** `t.enum('a', 'b')`: one of the listed strings, typed as their union. */
export function enumOf<const V extends readonly string[]>(...values: V): Type<V[number]> {
  return oneOf(values);
}

/** One of the given values (model values, numbers or records). */
export function oneOf<const V>(values: Iterable<V> | Universe<V>): Type<V> {
  const universe = values instanceof Universe ? values : new Universe(values);
  if (universe.size === 0) throw new RangeError('t.oneOf: the list of values is empty');
  return { kind: 'oneOf', universe } as Type<V>;
}

export function record<const F extends Record<string, AnyType>>(fields: F): Type<StateOf<F>> {
  return { kind: 'record', fields } as unknown as Type<StateOf<F>>;
}

export function map<const K extends Key, V>(domain: readonly K[], value: Type<V>): Type<Record<K, V>> {
  if (new Set(domain).size !== domain.length) throw new RangeError('t.map: the domain has duplicates');
  return { kind: 'map', domain, value } as unknown as Type<Record<K, V>>;
}

/** A set type; `empty()` and `of(...)` make values over exactly its universe. */
export type SetTypeHandle<E> = Type<FSet<E>> & {
  readonly universe: Universe<E>;
  empty(): FSet<E>;
  of(...members: E[]): FSet<E>;
};

export function set<E>(universe: Iterable<E> | Universe<E>): SetTypeHandle<E> {
  const u = universe instanceof Universe ? universe : new Universe(universe);
  return {
    kind: 'set',
    universe: u,
    empty: () => new FSet(u),
    of: (...members: E[]) => new FSet(u, members),
  } as unknown as SetTypeHandle<E>;
}

export function tuple<const T extends readonly AnyType[]>(...items: T): Type<{ -readonly [K in keyof T]: TypeOf<T[K]> }> {
  return { kind: 'tuple', items } as unknown as Type<{ -readonly [K in keyof T]: TypeOf<T[K]> }>;
}

export function seq<V>(item: Type<V>, maxLength: number): Type<V[]> {
  if (!Number.isInteger(maxLength) || maxLength < 0) throw new RangeError(`t.seq: bad maxLength ${maxLength}`);
  // Every item is a field of the packed state with its own generated code.
  if (maxLength > MAX_SEQ_LENGTH) throw new RangeError(`t.seq: maxLength ${maxLength} is more than ${MAX_SEQ_LENGTH}`);
  return { kind: 'seq', item, maxLength } as unknown as Type<V[]>;
}
