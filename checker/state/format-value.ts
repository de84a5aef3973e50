/**
 * TLA+-style rendering of model values for text traces: strings quoted, sets as
 * `{a, b}`, sequences and tuples as `<<a, b>>`, records as `[f |-> v]`, maps over a
 * domain as `(k :> v @@ ...)`.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'number':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return formatObject(value as object);
    default:
      return String(value);
  }
}

function formatObject(value: object): string {
  const members = (value as { canonicalMembers?: () => unknown[] }).canonicalMembers;
  if (typeof members === 'function') return `{${members.call(value).map(formatValue).join(', ')}}`;
  if (Array.isArray(value)) return `<<${value.map(formatValue).join(', ')}>>`;
  const entries = Object.entries(value);
  return `[${entries.map(([k, v]) => `${k} |-> ${formatValue(v)}`).join(', ')}]`;
}
