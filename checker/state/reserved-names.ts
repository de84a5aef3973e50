import type { AnyType } from '../../spec/types.js';
import { SpecLoadError } from '../errors.js';

/**
 * Names a model cannot use. Assigning `__proto__` on an ordinary object sets its
 * prototype instead of a field, so a state variable, record field or constant of
 * that name would silently vanish from decoded states and printed constants (and
 * the run would end in a false verdict). Refused at load, with one line (150).
 */
const RESERVED = '__proto__';

export function refuseReservedNames(model: string, constants: object, schema: Readonly<Record<string, AnyType>>): void {
  const refuse = (what: string) =>
    new SpecLoadError(`model ${model}: ${what} cannot be used: JavaScript treats the name specially (it sets an object's prototype); rename it`);
  if (Object.hasOwn(constants, RESERVED)) throw refuse(`constant "${RESERVED}"`);
  for (const [name, type] of Object.entries(schema)) {
    if (name === RESERVED) throw refuse(`state variable "${RESERVED}"`);
    const field = reservedField(type, name);
    if (field) throw refuse(`${field.includes("[") ? "map key" : "record field"} "${field}"`);
  }
}

/** The path of a record field (or map key) named `__proto__` inside `type`, or null. */
function reservedField(type: AnyType, path: string): string | null {
  const node = type as unknown as Record<string, unknown>;
  if (node.kind === 'record') {
    for (const [name, field] of Object.entries(node.fields as Record<string, AnyType>)) {
      if (name === RESERVED) return `${path}.${name}`;
      const inner = reservedField(field, `${path}.${name}`);
      if (inner) return inner;
    }
    return null;
  }
  if (node.kind === 'map' && Array.isArray(node.domain) && node.domain.includes(RESERVED)) return `${path}["${RESERVED}"]`;
  // Element types of sets, sequences, tuples and maps.
  for (const value of Object.values(node)) {
    for (const inner of Array.isArray(value) ? value : [value]) {
      if (!inner || typeof inner !== 'object' || !('kind' in inner)) continue;
      const found = reservedField(inner as AnyType, path);
      if (found) return found;
    }
  }
  return null;
}
