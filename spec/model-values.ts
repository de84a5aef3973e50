import type { ConstDecl } from './constants.js';

/**
 * A constant that is a set of model values (TLC's `Clients = {c1, c2, c3}`): plain
 * strings that equal only themselves. Given as `--const Clients=c1,c2,c3` or as a
 * YAML list. Names are identifiers, so a value can never be mistaken for a number,
 * a label with spaces, or code.
 */
const MODEL_VALUE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_MODEL_VALUES = 64;

export function modelValuesConst<const V extends string>(defaults: readonly V[], description?: string): ConstDecl<readonly string[]> {
  const checked = parseModelValues(defaults);
  if ('error' in checked) throw new RangeError(`c.modelValues: ${checked.error}`);
  return {
    kind: 'modelValues',
    default: checked,
    description,
    parse: parseModelValues,
  };
}

function parseModelValues(raw: unknown): readonly string[] | { error: string } {
  const list = typeof raw === 'string' ? raw.split(',').map((name) => name.trim()) : Array.isArray(raw) ? raw : null;
  if (list === null) return { error: `expected model values such as c1,c2,c3, got ${JSON.stringify(raw)}` };
  if (list.length === 0 || (list.length === 1 && list[0] === '')) return { error: 'expected at least one model value' };
  if (list.length > MAX_MODEL_VALUES) return { error: `at most ${MAX_MODEL_VALUES} model values, got ${list.length}` };
  const seen = new Set<string>();
  for (const name of list) {
    if (typeof name !== 'string' || !MODEL_VALUE_NAME.test(name)) return { error: `model value ${JSON.stringify(name)} is not an identifier (letters, digits, _)` };
    if (seen.has(name)) return { error: `model value ${name} is listed twice` };
    seen.add(name);
  }
  return Object.freeze([...list] as string[]);
}
