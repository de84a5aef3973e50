import type { AnyType } from '../../spec/types.js';
import { FSet } from '../../spec/fset.js';
import { OutOfTypeError } from '../errors.js';

/**
 * An interpreted type check of a whole state, written independently of the codec
 * so that the reference explorer does not share the fast engine's validation.
 */
export function validateState(schema: Readonly<Record<string, AnyType>>, state: Record<string, unknown>): void {
  for (const [name, type] of Object.entries(schema)) validateValue(type, state[name], name);
}

function validateValue(type: AnyType, value: unknown, path: string): void {
  const fail = (expected: string): never => {
    throw new OutOfTypeError(path, expected, value);
  };
  switch (type.kind) {
    case 'bool':
      if (typeof value !== 'boolean') fail('BOOLEAN');
      return;
    case 'int':
      if (!Number.isInteger(value) || (value as number) < type.min || (value as number) > type.max) fail(`an integer in ${type.min}..${type.max}`);
      return;
    case 'oneOf':
      if (type.universe.indexOf(value) < 0) fail('one of its declared values');
      return;
    case 'set':
      if (!(value instanceof FSet)) fail('a set');
      for (const member of value as FSet<unknown>) if (type.universe.indexOf(member) < 0) fail('a subset of its universe');
      return;
    case 'record':
      if (value === null || typeof value !== 'object') fail('a record');
      for (const [field, fieldType] of Object.entries(type.fields)) validateValue(fieldType, (value as Record<string, unknown>)[field], `${path}.${field}`);
      return;
    case 'map':
      if (value === null || typeof value !== 'object') fail('a function');
      for (const key of type.domain) validateValue(type.value, (value as Record<string, unknown>)[String(key)], `${path}[${key}]`);
      return;
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.items.length) fail(`a ${type.items.length}-tuple`);
      type.items.forEach((item, i) => validateValue(item, (value as unknown[])[i], `${path}[${i}]`));
      return;
    case 'seq':
      if (!Array.isArray(value) || value.length > type.maxLength) fail(`a sequence of at most ${type.maxLength} items`);
      (value as unknown[]).forEach((item, i) => validateValue(type.item, item, `${path}[${i}]`));
      return;
  }
}
