import type { Spec } from '../spec/spec.js';
import type { ModelDef } from '../spec/definitions.js';
import { resolveConstants } from './config/constants.js';
import { ExitCode, SpecLoadError, VigilError } from './errors.js';
import { RuntimeModel } from './runtime-model.js';
import { refuseReservedNames } from './state/reserved-names.js';

/** A model instantiated for concrete constants, ready for any engine. */
export interface PreparedModel {
  readonly runtime: RuntimeModel<any>;
  readonly constants: Readonly<Record<string, unknown>>;
}

/** Resolves constants, builds the model and checks its assumptions. */
export function prepare(spec: Spec, overrides: Readonly<Record<string, unknown>> = {}): PreparedModel {
  refuseReservedNames(spec.name, spec.constants, {});
  const constants = resolveConstants(spec, overrides);
  let def: ModelDef<any>;
  try {
    def = spec.instantiate(constants as never);
  } catch (error) {
    throw new SpecLoadError(`model ${spec.name}: building the model failed: ${messageOf(error)}`);
  }
  refuseReservedNames(spec.name, {}, def.schema);
  let runtime: RuntimeModel<any>;
  try {
    runtime = new RuntimeModel(spec.name, constants, def);
  } catch (error) {
    throw new SpecLoadError(`model ${spec.name}: ${messageOf(error)}`);
  }
  for (const assumption of def.assumptions) {
    if (!assumption.holds()) throw new VigilError(`model ${spec.name}: assumption ${assumption.name} is violated`, ExitCode.assumption);
  }
  return { runtime, constants };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
