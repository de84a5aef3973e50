import { FSet } from '../../spec/fset.js';

/**
 * The Informal Trace Format (Apalache/Quint), conventions.md §5. Integers are
 * `{"#bigint": "n"}`, sets `{"#set": [...]}`, tuples `{"#tup": [...]}`, sequences
 * arrays, records objects. Maps over a declared domain are written as records
 * when every key is a string, else as `{"#map": [[k, v], ...]}`.
 */
export type ItfValue = boolean | string | ItfValue[] | { [key: string]: ItfValue } | { '#bigint': string } | { '#set': ItfValue[] } | { '#tup': ItfValue[] } | { '#map': [ItfValue, ItfValue][] };

export interface ItfTrace {
  '#meta': Record<string, unknown>;
  vars: string[];
  states: Record<string, unknown>[];
  loop?: number;
}

export interface ItfStepInput {
  readonly action: string;
  readonly actor: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
}

export function toItf(meta: Record<string, unknown>, variables: readonly string[], steps: readonly ItfStepInput[]): ItfTrace {
  return {
    '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta },
    vars: [...variables],
    states: steps.map((step, index) => {
      const state: Record<string, unknown> = {
        '#meta': { index, action: step.action, actor: step.actor, params: toItfValue(step.params) },
      };
      for (const name of variables) state[name] = toItfValue(step.state[name]);
      return state;
    }),
  };
}

export function toItfValue(value: unknown): ItfValue {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  // ITF integers are #bigint; NaN, Infinity and fractions have no ITF form.
  if (typeof value === 'number') return Number.isInteger(value) ? { '#bigint': String(value) } : ({ '#unserializable': String(value) } as unknown as ItfValue);
  if (value instanceof FSet) return { '#set': value.toArray().map(toItfValue) };
  if (Array.isArray(value)) return value.map(toItfValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.some(([key]) => /^-?\d+$/.test(key))) return { '#map': entries.map(([k, v]) => [keyToItf(k), toItfValue(v)]) };
    return Object.fromEntries(entries.map(([k, v]) => [k, toItfValue(v)]));
  }
  return { '#unserializable': String(value) } as unknown as ItfValue;
}

function keyToItf(key: string): ItfValue {
  return /^-?\d+$/.test(key) ? { '#bigint': key } : key;
}

/**
 * The inverse of toItfValue, up to sets: `#set` comes back as a plain array tagged
 * `{ set: [...] }` because rebuilding an FSet needs the schema; `fromItfValue`
 * callers that know the type convert it.
 */
export function fromItfValue(value: unknown): unknown {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value; // older traces used plain numbers
  if (Array.isArray(value)) return value.map(fromItfValue);
  if (value !== null && typeof value === 'object') {
    const tagged = value as Record<string, unknown>;
    if ('#bigint' in tagged) return Number(tagged['#bigint']);
    if ('#set' in tagged) return { '#set': (tagged['#set'] as unknown[]).map(fromItfValue) };
    if ('#tup' in tagged) return (tagged['#tup'] as unknown[]).map(fromItfValue);
    if ('#map' in tagged) return Object.fromEntries((tagged['#map'] as [unknown, unknown][]).map(([k, v]) => [String(fromItfValue(k)), fromItfValue(v)]));
    return Object.fromEntries(Object.entries(tagged).filter(([k]) => !k.startsWith('#')).map(([k, v]) => [k, fromItfValue(v)]));
  }
  throw new Error(`not an ITF value: ${JSON.stringify(value)}`);
}
