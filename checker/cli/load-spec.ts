import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registry } from '../../models/registry.js';
import { isSpec, type Spec } from '../../spec/spec.js';
import { ConfigError, SpecLoadError } from '../errors.js';
import type { SpecSource } from '../parallel/protocol.js';

/**
 * Resolves a model reference: a registered name (`vigil list`), or a path to a
 * model module (.js/.mjs, or .ts/.mts run without a build step) whose default
 * export is a spec.
 */
export async function loadSpec(reference: string): Promise<Spec> {
  if (isRegisteredModel(reference)) return (await registry[reference]!()).default;
  if (/\.tla$/.test(reference)) throw new ConfigError(`${reference}: only "vigil check" reads TLA+ specifications so far (simulate, replay, compare, explore and suite take DSL models)`);
  if (/\.(m?js)$/.test(reference)) return loadModule(reference);
  if (/\.m?ts$/.test(reference)) {
    await import('../loader/register.js');
    return loadModule(reference);
  }
  throw new ConfigError(`unknown model "${reference}" (run "vigil list" for the registered models, or pass a path to a .ts or .js model module)`);
}

/** A name of `vigil list` (an own key: "constructor" or "__proto__" are not models). */
export function isRegisteredModel(name: string): boolean {
  return Object.hasOwn(registry, name);
}

async function loadModule(path: string): Promise<Spec> {
  const file = resolve(path);
  if (!existsSync(file)) throw new ConfigError(`${path}: no such model file`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new SpecLoadError(`${path}: the model module could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isSpec(module.default)) throw new SpecLoadError(`${path}: the default export is not a spec made with defineSpec()`);
  return module.default;
}

/** Where a worker thread can load the same spec from. */
export function specSourceFor(reference: string): SpecSource {
  if (isRegisteredModel(reference)) return { moduleUrl: new URL('../../models/registry.js', import.meta.url).href, registryName: reference };
  return { moduleUrl: pathToFileURL(resolve(reference)).href };
}

