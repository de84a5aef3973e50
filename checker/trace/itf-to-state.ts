import { readFileSync } from 'node:fs';
import { FSet } from '../../spec/fset.js';
import type { AnyType } from '../../spec/types.js';
import { ConfigError, describeValue } from '../errors.js';
import { fromItfValue, toItfValue, type ItfTrace } from '../report/itf.js';

/**
 * ITF (conventions.md §5) back into typed states. `fromItfValue` cannot rebuild
 * sets or recognise a model's enum values on its own; here the model's schema
 * drives the conversion, so a set comes back as an FSet over the variable's
 * universe and a `oneOf` value as the universe's own element. Every mismatch is a
 * ConfigError naming the file, the state and the field.
 */
export interface LoadedTrace {
  readonly file: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly states: readonly Record<string, unknown>[];
  /** `#meta.action` of each state, when the writer recorded it. */
  readonly labels: readonly (string | undefined)[];
  readonly loop: number | undefined;
}

/** Reads and shape-checks an ITF file; values stay in ITF form. */
export function readItfFile(file: string): ItfTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the trace: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not a JSON file: ${(error as Error).message}`);
  }
  return checkItfShape(file, parsed);
}

function checkItfShape(file: string, value: unknown): ItfTrace {
  const fail = (message: string): never => {
    throw new ConfigError(`${file}: ${message}`);
  };
  if (!isRecord(value)) fail('not an ITF trace (expected a JSON object)');
  const trace = value as Record<string, unknown>;
  if (!Array.isArray(trace.vars) || !trace.vars.every((v) => typeof v === 'string')) fail('vars: expected a list of variable names');
  if (!Array.isArray(trace.states) || trace.states.length === 0) fail('states: expected a non-empty list of states');
  (trace.states as unknown[]).forEach((state, i) => isRecord(state) || fail(`states[${i}]: expected an object`));
  if (trace.loop !== undefined && !(Number.isInteger(trace.loop) && (trace.loop as number) >= 0 && (trace.loop as number) < (trace.states as unknown[]).length)) {
    fail(`loop: expected a state index, got ${describeValue(trace.loop)}`);
  }
  const meta = trace['#meta'];
  return { '#meta': isRecord(meta) ? meta : {}, vars: trace.vars as string[], states: trace.states as Record<string, unknown>[], loop: trace.loop as number | undefined };
}

/** Converts every state of `trace` with `schema`; `vars` must name exactly the schema's variables. */
export function statesFromItf(schema: Readonly<Record<string, AnyType>>, trace: ItfTrace, file: string): LoadedTrace {
  const variables = Object.keys(schema);
  for (const name of variables) if (!trace.vars.includes(name)) throw new ConfigError(`${file}: vars: the model's variable "${name}" is missing`);
  for (const name of trace.vars) if (!(name in schema)) throw new ConfigError(`${file}: vars: "${name}" is not a variable of the model (it has ${variables.join(', ')})`);
  const states = trace.states.map((state, i) => stateFromItf(schema, state, `${file}: states[${i}]`));
  const labels = trace.states.map((state) => {
    const action = isRecord(state['#meta']) ? state['#meta'].action : undefined;
    return typeof action === 'string' ? action : undefined;
  });
  return { file, meta: trace['#meta'], states, labels, loop: trace.loop };
}

export function stateFromItf(schema: Readonly<Record<string, AnyType>>, itfState: Readonly<Record<string, unknown>>, where: string): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(schema)) {
    if (!(name in itfState)) throw new ConfigError(`${where}: variable "${name}" is missing`);
    state[name] = valueFromItf(type, itfState[name], `${where}.${name}`);
  }
  return state;
}

/** One ITF value as a value of `type`. */
export function valueFromItf(type: AnyType, value: unknown, where: string): unknown {
  const fail = (expected: string): never => {
    throw new ConfigError(`${where}: expected ${expected}, got ${describeValue(value)}`);
  };
  switch (type.kind) {
    case 'bool':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'int': {
      const n = integerOf(value);
      return n !== undefined && n >= type.min && n <= type.max ? n : fail(`an integer in ${type.min}..${type.max}`);
    }
    case 'oneOf':
      return elementOf(type.universe, value) ?? fail('one of its declared values');
    case 'set': {
      const members = isRecord(value) && Array.isArray(value['#set']) ? (value['#set'] as unknown[]) : fail('a set ({"#set": [...]})');
      return new FSet(type.universe, members.map((m, i) => elementOf(type.universe, m) ?? fail(`members of the set's universe (member ${i} is not)`)));
    }
    case 'record':
      return recordFromItf(type.fields, value, where, fail);
    case 'map':
      return mapFromItf(type.domain, type.value, value, where, fail);
    case 'tuple': {
      const items = listOf(value, '#tup') ?? fail(`a ${type.items.length}-tuple`);
      if (items.length !== type.items.length) fail(`a ${type.items.length}-tuple`);
      return items.map((item, i) => valueFromItf(type.items[i]!, item, `${where}[${i}]`));
    }
    case 'seq': {
      const items = Array.isArray(value) ? value : fail(`a sequence of at most ${type.maxLength} items`);
      if (items.length > type.maxLength) fail(`a sequence of at most ${type.maxLength} items`);
      return items.map((item, i) => valueFromItf(type.item, item, `${where}[${i}]`));
    }
  }
}

function recordFromItf(fields: Readonly<Record<string, AnyType>>, value: unknown, where: string, fail: (expected: string) => never): Record<string, unknown> {
  if (!isRecord(value) || Object.keys(value).some((k) => k.startsWith('#'))) fail('a record');
  const source = value as Record<string, unknown>;
  const extra = Object.keys(source).find((key) => !(key in fields));
  if (extra !== undefined) fail(`a record with fields ${Object.keys(fields).join(', ')} (no "${extra}")`);
  const out: Record<string, unknown> = {};
  for (const [field, fieldType] of Object.entries(fields)) {
    if (!(field in source)) fail(`a record with field "${field}"`);
    out[field] = valueFromItf(fieldType, source[field], `${where}.${field}`);
  }
  return out;
}

/** Maps are written as records (string keys) or as `#map` pairs; keys must be exactly the domain. */
function mapFromItf(domain: readonly (string | number)[], valueType: AnyType, value: unknown, where: string, fail: (expected: string) => never): Record<string, unknown> {
  const entries = mapEntries(value) ?? fail('a function (a record or {"#map": [...]})');
  const given = new Map(entries);
  const keys = domain.map(String);
  const stray = [...given.keys()].find((key) => !keys.includes(key));
  if (stray !== undefined) fail(`a function over ${keys.join(', ')} (no key ${stray})`);
  if (given.size !== entries.length) fail('a function (a key appears twice)');
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (!given.has(key)) fail(`a function over ${keys.join(', ')} (key ${key} is missing)`);
    out[key] = valueFromItf(valueType, given.get(key), `${where}[${key}]`);
  }
  return out;
}

function mapEntries(value: unknown): [string, unknown][] | undefined {
  if (!isRecord(value)) return undefined;
  if ('#map' in value) {
    const pairs = value['#map'];
    if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && p.length === 2)) return undefined;
    return (pairs as [unknown, unknown][]).map(([k, v]) => [String(integerOf(k) ?? k), v]);
  }
  if (Object.keys(value).some((k) => k.startsWith('#'))) return undefined;
  return Object.entries(value);
}

/** The universe's own element equal to the ITF value (so identity lookups stay fast). */
function elementOf(universe: { indexOf(v: unknown): number; at(i: number): unknown; readonly size: number }, value: unknown): unknown {
  let plain: unknown;
  try {
    plain = fromItfValue(value);
  } catch {
    return undefined;
  }
  const index = universe.indexOf(withSetsByMembers(plain));
  return index >= 0 ? universe.at(index) : undefined;
}

/**
 * A `#set` inside a `oneOf` value (a universe of sets, or of records holding sets)
 * compares by its members, in any order, as an FSet element's canonical key does.
 */
function withSetsByMembers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSetsByMembers);
  if (value === null || typeof value !== 'object') return value;
  const members = (value as Record<string, unknown>)['#set'];
  if (Array.isArray(members)) {
    const converted = members.map(withSetsByMembers);
    return { canonicalMembers: () => converted };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSetsByMembers(v)]));
}

function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined; // older traces used plain numbers
  if (isRecord(value) && typeof value['#bigint'] === 'string' && /^-?\d+$/.test(value['#bigint'])) {
    const n = Number(value['#bigint']);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function listOf(value: unknown, tag: string): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value[tag])) return value[tag] as unknown[];
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
