import type { ConstantsOf, ConstDecl } from './constants.js';
import type { Spec } from './spec.js';
import type { Key } from './types.js';

/**
 * A declared symmetry (TLC's `SYMMETRY Permutations(S)`): a set of interchangeable
 * elements. Element j may appear under several aliases, and permuting the set
 * renames every alias of j to the same alias of the image of j:
 * - `keys`: map-domain keys (as strings, the way maps are stored), e.g. process ids;
 * - `values`: values inside oneOf/set universes, records and sequences.
 * For a set of model values both are the values themselves. For a process family
 * the keys are its ids and the values its actor names (`U1`, `U2`, a lock holder).
 * Plain integer fields (`t.int`) are never renamed.
 */
export interface SymmetryDecl {
  readonly name: string;
  readonly keys: readonly string[];
  /** The value aliases of each element (element j: `values[j]`). */
  readonly values: readonly (readonly unknown[])[];
}

export function valueSymmetry(name: string, values: readonly Key[]): SymmetryDecl {
  checkElements(name, values);
  return { name, keys: values.map(String), values: values.map((value) => [value]) };
}

export function processSymmetry(name: string, ids: readonly Key[]): SymmetryDecl {
  checkElements(`process ${name}`, ids);
  // String ids are model values: they are values too. Integer ids are only keys.
  const values = ids.map((id) => (typeof id === 'string' ? [id, `${name}${id}`] : [`${name}${id}`]));
  return { name, keys: ids.map(String), values };
}

function checkElements(name: string, values: readonly Key[]): void {
  if (values.length < 2) throw new Error(`symmetric(${name}): a symmetric set needs at least two elements`);
  if (new Set(values.map(String)).size !== values.length) throw new Error(`symmetric(${name}): duplicate elements`);
}

/**
 * A spec with a symmetry added, like a TLC model module that EXTENDS a spec and
 * declares `SYMMETRY Permutations(S)`: `values(constants)` names the set.
 */
export function withSymmetry<D extends Record<string, ConstDecl<unknown>>>(
  spec: Spec<D>,
  name: string,
  options: { readonly name?: string; readonly description?: string; readonly values: (constants: ConstantsOf<D>) => readonly Key[] },
): Spec<D> {
  return {
    name: options.name ?? `${spec.name}+symmetry`,
    description: options.description ?? spec.description,
    constants: spec.constants,
    instantiate: (constants) => {
      const def = spec.instantiate(constants);
      return { ...def, symmetries: [...(def.symmetries ?? []), valueSymmetry(name, options.values(constants))] };
    },
  };
}
