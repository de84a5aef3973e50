import type { AnyType } from '../../spec/types.js';
import { combinations } from '../../spec/combinations.js';
import { FSet } from '../../spec/fset.js';
import { SpecLoadError } from '../errors.js';

/**
 * Every value of a type, and every state of a schema: the "typed state space" that
 * `initialWhere` filters (TLC's `Init == TypeOK /\ Inv`). Values are built fresh;
 * states are enumerated lazily as a cartesian product, last variable fastest.
 */
const MAX_TYPED_STATES = 200_000_000;

/** With `copies` false the same object is yielded each time, updated in place. */
export function* enumerateTypedStates<S>(schema: Readonly<Record<string, AnyType>>, predicate: (s: S) => boolean, copies = true): Generator<S> {
  const names = Object.keys(schema);
  // Counted before anything is built: a space too large must be one clear line, not an exhausted heap.
  const total = names.reduce((product, name) => product * countValues(schema[name]!), 1);
  if (total > MAX_TYPED_STATES) {
    throw new SpecLoadError(`initialWhere: the typed state space has ${formatCount(total)} states, more than ${formatCount(MAX_TYPED_STATES)} can be enumerated`);
  }
  const domains = names.map((name) => allValues(schema[name]!));
  const digits = names.map(() => 0);
  if (domains.some((d) => d.length === 0)) return;
  // One candidate object, updated in place like an odometer; only states that
  // satisfy the predicate are copied out.
  const state: Record<string, unknown> = {};
  names.forEach((name, i) => (state[name] = domains[i]![0]));
  for (;;) {
    if (predicate(state as S)) yield (copies ? cloneState(state) : state) as S;
    let position = names.length - 1;
    while (position >= 0 && ++digits[position]! === domains[position]!.length) {
      digits[position] = 0;
      state[names[position]!] = domains[position]![0];
      position--;
    }
    if (position < 0) return;
    state[names[position]!] = domains[position]![digits[position]!];
  }
}

/** How many values `type` has (a float: it may be astronomically large). */
export function countValues(type: AnyType): number {
  switch (type.kind) {
    case 'bool':
      return 2;
    case 'int':
      return type.max - type.min + 1;
    case 'oneOf':
      return type.universe.elements.length;
    case 'set':
      return 2 ** type.universe.size;
    case 'record':
      return Object.values(type.fields).reduce((n, field) => n * countValues(field), 1);
    case 'map':
      return countValues(type.value) ** type.domain.length;
    case 'tuple':
      return type.items.reduce((n, item) => n * countValues(item), 1);
    case 'seq': {
      const items = countValues(type.item);
      let total = 0;
      for (let length = 0; length <= type.maxLength && Number.isFinite(total); length++) total += items ** length;
      return total;
    }
  }
}

function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : 'more than 10^308';
}

/** All values of a finite type, in a fixed order. */
export function allValues(type: AnyType): unknown[] {
  switch (type.kind) {
    case 'bool':
      return [false, true];
    case 'int':
      return Array.from({ length: type.max - type.min + 1 }, (_, i) => type.min + i);
    case 'oneOf':
      return [...type.universe.elements];
    case 'set': {
      const size = type.universe.size;
      if (size > 24) throw new SpecLoadError(`initialWhere: a set over ${size} elements has too many subsets to enumerate`);
      return Array.from({ length: 2 ** size }, (_, mask) => new FSet(type.universe, type.universe.elements.filter((_, i) => (mask >> i) & 1)));
    }
    case 'record':
      return product(Object.entries(type.fields)).map((combo) => combo);
    case 'map':
      return product(type.domain.map((key) => [String(key), type.value] as [string, AnyType]));
    case 'tuple':
      return product(type.items.map((item, i) => [String(i), item] as [string, AnyType])).map((r) => type.items.map((_, i) => r[String(i)]));
    case 'seq': {
      const items = allValues(type.item);
      const out: unknown[][] = [[]];
      let layer: unknown[][] = [[]];
      for (let length = 1; length <= type.maxLength; length++) {
        layer = layer.flatMap((prefix) => items.map((item) => [...prefix, item]));
        out.push(...layer);
      }
      return out;
    }
  }
}

function product(fields: [string, AnyType][]): Record<string, unknown>[] {
  return combinations(Object.fromEntries(fields.map(([name, type]) => [name, allValues(type)])));
}

/** A deep copy of a state value (FSets keep their universe). */
export function cloneState<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof FSet) return new FSet(value.universe, value) as T;
  if (Array.isArray(value)) return value.map(cloneState) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneState(v);
  return out as T;
}
