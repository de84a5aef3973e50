import { registry } from '../../models/registry.js';
import type { Spec } from '../../spec/spec.js';
import { loadSpec, projectModels } from './load-spec.js';

/** `vigil list`: the models the project's package.json registers, then the built-in ones, with their constants and defaults. */
export async function listCommand(): Promise<number> {
  for (const name of projectModels()?.models.keys() ?? []) printModel(name, await loadSpec(name));
  for (const [name, load] of Object.entries(registry)) printModel(name, (await load()).default);
  return 0;
}

function printModel(name: string, spec: Spec): void {
  const constants = Object.entries(spec.constants as Record<string, { default: unknown }>).map(([k, d]) => `${k}=${String(d.default)}`);
  process.stdout.write(`${name.padEnd(34)} ${spec.description ?? ''}${constants.length ? `  [${constants.join(' ')}]` : ''}\n`);
}
