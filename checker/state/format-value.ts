import { Verbatim } from './verbatim.js';
/**
 * TLA+-style rendering of model values for text traces: strings quoted, sets as
 * `{a, b}`, sequences and tuples as `<<a, b>>`, records as `[f |-> v]`, maps over a
 * domain as `(k :> v @@ ...)`.
 */
/**
 * `modelValues`: the run's model values (constants declared with `c.modelValues`),
 * printed bare as TLC prints them (`r1`, not `"r1"`).
 */
export function formatValue(value: unknown, modelValues?: ReadonlySet<string>): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'number':
      return String(value);
    case 'string':
      return modelValues?.has(value) ? value : JSON.stringify(value);
    case 'object':
      return value instanceof Verbatim ? value.text : formatObject(value as object, modelValues);
    default:
      return String(value);
  }
}

function formatObject(value: object, modelValues: ReadonlySet<string> | undefined): string {
  const format = (v: unknown) => formatValue(v, modelValues);
  const members = (value as { canonicalMembers?: () => unknown[] }).canonicalMembers;
  if (typeof members === 'function') return `{${members.call(value).map(format).join(', ')}}`;
  if (Array.isArray(value)) return `<<${value.map(format).join(', ')}>>`;
  const entries = Object.entries(value);
  return `[${entries.map(([k, v]) => `${k} |-> ${format(v)}`).join(', ')}]`;
}
