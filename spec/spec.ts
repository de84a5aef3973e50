import type { ConstantsOf, ConstDecl } from './constants.js';
import type { ModelDef } from './definitions.js';
import type { ModelBuilder } from './model.js';

/**
 * A specification: a name, constant declarations with defaults, and a `build`
 * function that turns constant values into a model. A model module's default
 * export is a Spec.
 */
export interface Spec<D extends Record<string, ConstDecl<unknown>> = any> {
  readonly name: string;
  readonly description?: string;
  readonly constants: D;
  /** Builds the model for the given constants. */
  readonly instantiate: (constants: ConstantsOf<D>) => ModelDef<any>;
  /** Lines the CLI prints before a check: what these constants leave out, and why. */
  readonly notes?: (constants: ConstantsOf<D>) => readonly string[];
}

export interface SpecDefinition<D extends Record<string, ConstDecl<unknown>>> {
  readonly name: string;
  readonly description?: string;
  readonly constants?: D;
  readonly build: (constants: ConstantsOf<D>) => ModelBuilder<any>;
  readonly notes?: (constants: ConstantsOf<D>) => readonly string[];
}

export function defineSpec<const D extends Record<string, ConstDecl<unknown>> = {}>(definition: SpecDefinition<D>): Spec<D> {
  return {
    name: definition.name,
    description: definition.description,
    constants: (definition.constants ?? {}) as D,
    instantiate: (constants) => definition.build(constants).build(),
    ...(definition.notes ? { notes: definition.notes } : {}),
  };
}

export function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && typeof (value as Spec).instantiate === 'function' && typeof (value as Spec).name === 'string';
}
