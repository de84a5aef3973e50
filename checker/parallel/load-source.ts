import type { Spec } from '../../spec/spec.js';
import type { SpecSource } from './protocol.js';

/** Imports the spec a SpecSource names (in a worker, or to check it in the coordinator). */
export async function loadSpecSource(source: SpecSource): Promise<Spec> {
  if (/\.m?ts$/.test(source.moduleUrl)) await import('../loader/register.js');
  const module = (await import(source.moduleUrl)) as { default?: Spec; registry?: Record<string, () => Promise<{ default: Spec }>> };
  if (source.registryName === undefined) return module.default!;
  const entry = module.registry?.[source.registryName];
  if (!entry) throw new Error(`${source.moduleUrl} has no registry entry "${source.registryName}"`);
  return (await entry()).default;
}
