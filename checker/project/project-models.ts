import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FieldReader, refuseLargeFile } from '../config/yaml-file.js';
import { ConfigError } from '../errors.js';

/**
 * A user's project registers its own models by name in its package.json:
 *
 *   "vigil": { "models": { "mutex": "models/mutex.ts" } }
 *
 * so `vigil list`, `vigil check mutex` and `vigil explore mutex` work there as
 * the built-in names do. The package.json is the nearest one from the working
 * directory upwards (as npm finds its project). Everything in it is hostile until
 * checked: each problem is one line naming the file, the field and the value
 * (exit 151), and a model file must be a .ts/.mts/.js/.mjs file inside the
 * project's directory, symbolic links resolved.
 */
export interface ProjectModels {
  readonly manifest: string;
  /** Model name → absolute path of its file, in the order of the field. */
  readonly models: ReadonlyMap<string, string>;
}

const MAX_MANIFEST_BYTES = 1 << 20;
const MAX_MODELS = 1000;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MODEL_FILE = /\.(m?ts|m?js)$/;

/** The project's models, or null when no package.json up from `cwd` has a `vigil` field. */
export function readProjectModels(cwd: string, builtIn: (name: string) => boolean): ProjectModels | null {
  const manifest = nearestManifest(cwd);
  if (manifest === null) return null;
  const field = new FieldReader(manifest, '', parseManifest(manifest)).field('vigil');
  if (field.value === undefined) return null;
  const entries = Object.entries(field.onlyKeys(['models']).field('models').object());
  if (entries.length > MAX_MODELS) throw new ConfigError(`${manifest}: vigil.models: ${entries.length} models, more than the ${MAX_MODELS} allowed`);
  const root = realpathSync(dirname(manifest));
  const models = new Map<string, string>();
  for (const [name, value] of entries) {
    const entry = new FieldReader(manifest, MODEL_NAME.test(name) ? `vigil.models.${name}` : `vigil.models[${JSON.stringify(name.slice(0, 80))}]`, value);
    if (!MODEL_NAME.test(name)) entry.fail('a model name is a letter or digit, then letters, digits, ".", "_" or "-" (at most 64)');
    if (builtIn(name)) entry.fail(`"${name}" is the name of a built-in model (vigil list); choose another`);
    models.set(name, modelFile(entry, root));
  }
  return { manifest, models };
}

function nearestManifest(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

function parseManifest(manifest: string): unknown {
  try {
    refuseLargeFile(manifest, MAX_MANIFEST_BYTES, '1 MiB');
    return JSON.parse(readFileSync(manifest, 'utf8'));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${manifest}: not a readable JSON file: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The entry's file: relative, a model module, existing, and inside the project once links are resolved. */
function modelFile(entry: FieldReader, root: string): string {
  const path = entry.string();
  if (isAbsolute(path) || path.includes('\\')) entry.fail('expected a path relative to the package.json, with "/"');
  if (!MODEL_FILE.test(path)) entry.fail('expected a .ts, .mts, .js or .mjs model file');
  const file = resolve(root, path);
  if (!existsSync(file) || !statSync(file).isFile()) entry.fail('no such file');
  const real = realpathSync(file);
  const inside = relative(root, real);
  if (inside.startsWith(`..${sep}`) || isAbsolute(inside)) entry.fail("the file is outside the project's directory");
  return real;
}
