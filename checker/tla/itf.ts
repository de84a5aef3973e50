import { ConfigError, describeValue } from '../errors.js';
import type { ItfTrace, ItfValue } from '../report/itf.js';
import { FcnValue, keyOf, LazyFcn, makeFcn, makeRecord, makeSet, ModelValue, SetValue, TupleValue, type Value } from './values.js';

/**
 * TLA+ values in the Informal Trace Format (conventions.md §5), both ways.
 *
 * Written: integers `{"#bigint"}`, strings and booleans as JSON, finite sets
 * `{"#set"}`, functions with domain 1..n (tuples and sequences, one value in
 * TLA+) as arrays, records (functions from strings) as objects, any other
 * function `{"#map"}`. A model value has no ITF form: it is written
 * `{"#unserializable": "name"}` and read back as the model's value of that name,
 * so a trace cannot confuse the model value `a` with the string "a". An infinite
 * set is `{"#unserializable": "Nat"}` and cannot be read back.
 *
 * Read: the file is hostile; every value is checked and a bad one is one
 * ConfigError naming the field (`trace.itf.json: states[2].x: ...`).
 */

export function tlaToItf(value: Value): ItfValue {
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return { '#bigint': String(value) };
  }
  if (value instanceof ModelValue) return unserializable(value.name);
  if (value instanceof SetValue) return value.finite ? { '#set': value.elements().map(tlaToItf) } : unserializable(value.describe());
  const f = value instanceof LazyFcn ? value.materialize() : value;
  if (f instanceof TupleValue) return f.items.map(tlaToItf);
  if (f.isRecord()) return Object.fromEntries(f.keys.map((k, i) => [k as string, tlaToItf(f.vals[i]!)]));
  return { '#map': f.keys.map((k, i) => [tlaToItf(k), tlaToItf(f.vals[i]!)] as [ItfValue, ItfValue]) };
}

function unserializable(text: string): ItfValue {
  return { '#unserializable': text } as unknown as ItfValue;
}

/** The ITF trace of a TLA+ behaviour: one state object per state, `#meta.action` per step. */
export function tlaTraceToItf(meta: Record<string, unknown>, variables: readonly string[], states: readonly (readonly Value[])[], actions?: readonly string[]): ItfTrace {
  return {
    '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta },
    vars: [...variables],
    states: states.map((state, index) => {
      const out: Record<string, unknown> = { '#meta': { index, action: actions?.[index] ?? (index === 0 ? 'Init' : 'Next') } };
      variables.forEach((name, i) => (out[name] = tlaToItf(state[i]!)));
      return out;
    }),
  };
}

/** TLC's integers are 32-bit: a trace value outside that range cannot come from a run. */
const MIN_INT = -(2 ** 31);
const MAX_INT = 2 ** 31 - 1;

/** One ITF value as a TLA+ value; `modelValues` are the model's, by name. */
export function itfToTla(value: unknown, where: string, modelValues: ReadonlyMap<string, ModelValue>): Value {
  const fail = (message: string): never => {
    throw new ConfigError(`${where}: ${message}`);
  };
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return fail(`a plain JSON number (${describeValue(value)}): ITF writes integers as {"#bigint": "n"}`);
  if (Array.isArray(value)) return new TupleValue(value.map((item, i) => itfToTla(item, `${where}[${i}]`, modelValues)));
  if (value === null || typeof value !== 'object') return fail(`not an ITF value: ${describeValue(value)}`);
  const tagged = value as Record<string, unknown>;
  const tags = Object.keys(tagged).filter((k) => k.startsWith('#'));
  if (tags.length === 0) return makeRecordFromItf(tagged, where, modelValues);
  if (tags.length > 1 || Object.keys(tagged).length > 1) return fail(`expected one tag, got the keys ${Object.keys(tagged).map((k) => JSON.stringify(k)).join(', ')}`);
  const body = tagged[tags[0]!];
  switch (tags[0]) {
    case '#bigint': {
      if (typeof body !== 'string' || !/^-?\d{1,20}$/.test(body)) return fail(`#bigint: expected a decimal integer string, got ${describeValue(body)}`);
      const n = Number(body);
      if (n < MIN_INT || n > MAX_INT) return fail(`#bigint: ${body} is outside TLC's integers (-2^31..2^31-1)`);
      return n;
    }
    case '#set':
      if (!Array.isArray(body)) return fail(`#set: expected a list of members, got ${describeValue(body)}`);
      return makeSet(body.map((m, i) => itfToTla(m, `${where}.#set[${i}]`, modelValues)));
    case '#tup':
      if (!Array.isArray(body)) return fail(`#tup: expected a list of items, got ${describeValue(body)}`);
      return new TupleValue(body.map((item, i) => itfToTla(item, `${where}.#tup[${i}]`, modelValues)));
    case '#map':
      return mapFromItf(body, where, modelValues);
    case '#unserializable': {
      const mv = typeof body === 'string' ? modelValues.get(body) : undefined;
      return mv ?? fail(`#unserializable: ${describeValue(body)} is not a model value of this model (${[...modelValues.keys()].join(', ') || 'it has none'})`);
    }
    default:
      return fail(`unknown ITF tag ${JSON.stringify(tags[0])} (expected #bigint, #set, #tup, #map or #unserializable)`);
  }
}

function makeRecordFromItf(fields: Record<string, unknown>, where: string, modelValues: ReadonlyMap<string, ModelValue>): Value {
  const entries = Object.entries(fields);
  // {} is the function with an empty domain, which TLA+ also writes <<>>.
  if (entries.length === 0) return new TupleValue([]);
  return makeRecord(entries.map(([k, v]) => [k, itfToTla(v, `${where}.${k}`, modelValues)]));
}

function mapFromItf(body: unknown, where: string, modelValues: ReadonlyMap<string, ModelValue>): Value {
  if (!Array.isArray(body)) throw new ConfigError(`${where}: #map: expected a list of [key, value] pairs, got ${describeValue(body)}`);
  const pairs = body.map((pair, i): [Value, Value] => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new ConfigError(`${where}: #map[${i}]: expected a [key, value] pair, got ${describeValue(pair)}`);
    return [itfToTla(pair[0], `${where}.#map[${i}][0]`, modelValues), itfToTla(pair[1], `${where}.#map[${i}][1]`, modelValues)];
  });
  const keys = makeSet(pairs.map(([k]) => k)).elements();
  if (keys.length !== pairs.length) throw new ConfigError(`${where}: #map: a key appears twice`);
  const byKey = new Map(pairs.map(([k, v]) => [keyOf(k), v]));
  const f = makeFcn(keys, keys.map((k) => byKey.get(keyOf(k))!));
  return f instanceof FcnValue && f.isRecord() ? makeRecord(f.keys.map((k, i) => [k as string, f.vals[i]!])) : f;
}

