import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registry } from '../../models/registry.js';
import { isSpec, type Spec } from '../../spec/spec.js';
import { ConfigError, SpecLoadError } from '../errors.js';
import { readProjectModels, type ProjectModels } from '../project/project-models.js';
import { DEFAULT_LOAD_TIMEOUT_MS, importWithinTime } from '../loader/timed-import.js';
import type { SpecSource } from '../parallel/protocol.js';

let loadTimeoutMs = DEFAULT_LOAD_TIMEOUT_MS;

/** `--load-timeout SECONDS`: how long a model module may take to import. */
export function setLoadTimeout(seconds: number): void {
  loadTimeoutMs = seconds * 1000;
}

/**
 * Resolves a model reference: a registered name (`vigil list`), a path to a
 * model module (.js/.mjs, or .ts/.mts run without a build step) whose default
 * export is a spec, or a name the user's project registers in its package.json.
 */
export async function loadSpec(reference: string): Promise<Spec> {
  if (isRegisteredModel(reference)) return (await registry[reference]!()).default;
  if (/\.tla$/.test(reference)) throw new ConfigError(`${reference}: a TLA+ specification works with check, simulate, explore, compare, suite and replay (as vigil replay TRACE Spec.tla), not as a DSL model`);
  return loadModule(modelFileOf(reference));
}

/** A path to a model module (.js/.mjs/.ts/.mts), not a registered name: commands that reproduce a run name it by this path. */
export function isModelFile(reference: string): boolean {
  return !isRegisteredModel(reference) && /\.m?[jt]s$/.test(reference);
}

/** A name of `vigil list` (an own key: "constructor" or "__proto__" are not models). */
export function isRegisteredModel(name: string): boolean {
  return Object.hasOwn(registry, name);
}

let project: ProjectModels | null | undefined;
/** The models the project around the working directory registers (its package.json is read once). */
export function projectModels(): ProjectModels | null {
  if (project === undefined) project = readProjectModels(process.cwd(), isRegisteredModel);
  return project;
}

/** The file of a reference that is not a built-in name: the path itself, or the project's file of that name. */
function modelFileOf(reference: string): string {
  if (/\.m?[jt]s$/.test(reference)) return reference;
  const file = projectModels()?.models.get(reference);
  if (file === undefined) throw new ConfigError(`unknown model "${reference}" (run "vigil list" for the registered models, or pass a path to a .ts or .js model module)`);
  return file;
}

async function loadModule(path: string): Promise<Spec> {
  if (/\.m?ts$/.test(path)) await import('../loader/register.js');
  const file = resolve(path);
  if (!existsSync(file)) throw new ConfigError(`${path}: no such model file`);
  let module: { default?: unknown };
  try {
    module = (await importWithinTime(pathToFileURL(file).href, path, loadTimeoutMs)) as { default?: unknown };
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    throw new SpecLoadError(`${path}: the model module could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isSpec(module.default)) throw new SpecLoadError(`${path}: the default export is not a spec made with defineSpec()`);
  return module.default;
}

/** Where a worker thread can load the same spec from. */
export function specSourceFor(reference: string): SpecSource {
  if (isRegisteredModel(reference)) return { moduleUrl: new URL('../../models/registry.js', import.meta.url).href, registryName: reference };
  return { moduleUrl: pathToFileURL(resolve(modelFileOf(reference))).href };
}

