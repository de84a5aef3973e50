/**
 * A canonical string for any model value: records with sorted keys, sets as sorted
 * member lists. Two values are equal in the TLA+ sense iff their keys are equal.
 * Used by universes, by the reference explorer's visited map and by trace diffs;
 * never on the fast engine's hot path.
 */
export function canonicalKey(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'number':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return objectKey(value as object);
    default:
      throw new Error(`a model value cannot be a ${typeof value}`);
  }
}

function objectKey(value: object): string {
  const members = (value as { canonicalMembers?: () => unknown[] }).canonicalMembers;
  if (typeof members === 'function') {
    const keys = members.call(value).map(canonicalKey).sort();
    return `{${keys.join(',')}}`;
  }
  if (Array.isArray(value)) return `<<${value.map(canonicalKey).join(',')}>>`;
  const fields = Object.keys(value)
    .sort()
    .map((k) => `${k}|->${canonicalKey((value as Record<string, unknown>)[k])}`);
  return `[${fields.join(',')}]`;
}
