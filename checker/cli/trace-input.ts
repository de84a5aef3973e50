import type { Spec } from '../../spec/spec.js';
import { prepare } from '../check.js';
import { ConfigError } from '../errors.js';
import { readItfFile, statesFromItf, type LoadedTrace } from '../trace/itf-to-state.js';
import type { ItfTrace } from '../report/itf.js';
import type { RuntimeModel } from '../runtime-model.js';
import { parseConstantFlags } from './flags.js';
import { isRegisteredModel, loadSpec } from './load-spec.js';

/**
 * An ITF trace and the model it belongs to, for `replay` and `explore --trace`.
 * A trace file is untrusted input: its `#meta.model` is only a name, compared with
 * the model's, and used to pick the model only when it is a registered name; a
 * module path in it is never imported (a shared trace could otherwise run code).
 * The constants default to `#meta.constants` (as `check --trace-out` records
 * them); `--model` and `--const` override them.
 */
export interface TraceInput {
  readonly spec: Spec;
  readonly runtime: RuntimeModel<any>;
  readonly trace: LoadedTrace;
}

export async function readTraceFile(file: string): Promise<ItfTrace> {
  return readItfFile(file);
}

export async function modelForTrace(file: string, itf: ItfTrace, modelFlag: string | undefined): Promise<Spec> {
  const recorded = typeof itf['#meta'].model === 'string' ? itf['#meta'].model : undefined;
  if (modelFlag === undefined && typeof itf['#meta'].spec === 'string' && itf['#meta'].spec.endsWith('.tla')) {
    throw new ConfigError(`${file}: a trace of the TLA+ module ${recorded ?? '(unnamed)'}: name its spec after the trace (vigil replay ${file} Spec.tla [--config Model.cfg])`);
  }
  if (modelFlag === undefined && recorded !== undefined && !isRegisteredModel(recorded)) {
    throw new ConfigError(`${file}: #meta.model ${JSON.stringify(recorded)} is not a registered model; pass the model with --model NAME or --model FILE.js`);
  }
  const reference = modelFlag ?? recorded;
  if (!reference) throw new ConfigError(`${file}: the trace does not name its model (#meta.model); pass --model NAME`);
  const spec = await loadSpec(reference);
  if (recorded !== undefined && recorded !== spec.name) {
    throw new ConfigError(`${file}: the trace is of model "${recorded}" (#meta.model), not "${spec.name}"`);
  }
  return spec;
}

export function loadTraceFor(spec: Spec, file: string, itf: ItfTrace, constFlags: readonly string[]): TraceInput {
  const constants = Object.assign(Object.create(null) as Record<string, unknown>, recordedConstants(spec, file, itf), parseConstantFlags(constFlags));
  const { runtime } = prepare(spec, constants);
  return { spec, runtime, trace: statesFromItf(runtime.def.schema, itf, file) };
}

function recordedConstants(spec: Spec, file: string, itf: ItfTrace): Record<string, unknown> {
  const recorded = itf['#meta'].constants;
  if (recorded === undefined) return {};
  if (recorded === null || typeof recorded !== 'object' || Array.isArray(recorded)) throw new ConfigError(`${file}: #meta.constants: expected an object`);
  for (const name of Object.keys(recorded)) {
    if (!Object.hasOwn(spec.constants, name)) throw new ConfigError(`${file}: #meta.constants: "${name}" is not a constant of model ${spec.name}`);
  }
  return recorded as Record<string, unknown>;
}
