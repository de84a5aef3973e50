import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Module hooks (node:module register) that let Node 20 import TypeScript model
 * files without a build step. Node 20 has no type stripping and TypeScript 7 has
 * no in-process transpile API, so the types are removed by Sucrase, which keeps
 * every line where it was: stack traces and error positions name the .ts file's
 * own lines, with no source map. Types are not checked here (that is the editor's
 * or `tsc --noEmit`'s job), exactly as with Node's own type stripping.
 *
 * Loading Sucrase costs more than stripping a model, so the JavaScript is kept in a
 * per-user cache keyed by the file's path and content (~/.cache/vigil-mc/ts, or
 * $XDG_CACHE_HOME; not /tmp, where another user could plant a file under a
 * predictable name), and Sucrase is only loaded on a miss.
 */

const TYPESCRIPT = /\.(ts|mts)$/;

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;
type NextLoad = (url: string, context: object) => Promise<{ format?: string; source?: unknown }>;

/**
 * TypeScript's NodeNext convention writes `import './x.js'` for the file `x.ts`;
 * when a .ts module's relative `.js` import does not exist, the `.ts` file is used.
 */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript = context.parentURL !== undefined && TYPESCRIPT.test(context.parentURL);
    if (!fromTypeScript || !/^\.\.?\//.test(specifier) || !/\.m?js$/.test(specifier)) throw error;
    return nextResolve(specifier.replace(/(\.m?)js$/, '$1ts'), context);
  }
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<{ format?: string; source?: unknown; shortCircuit?: boolean }> {
  if (!url.startsWith('file:') || !TYPESCRIPT.test(url)) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const text = await readFile(path, 'utf8');
  return { format: 'module', source: await cachedStrip(text, path), shortCircuit: true };
}

const CACHE_FORMAT = 'vigil-ts-1';
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vigil-mc', 'ts');

async function cachedStrip(text: string, path: string): Promise<string> {
  const key = createHash('sha256').update(`${CACHE_FORMAT}\0${path}\0${text}`).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    // A miss (or no cache): strip, then store it, atomically and best effort.
  }
  const code = await stripTypes(text, path);
  try {
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code, { mode: 0o600 });
    await rename(partial, file);
  } catch {
    // A read-only home still runs models, only without the cache.
  }
  return code;
}

/** The module's JavaScript, on the same lines; a syntax error names the file, line and column. */
export async function stripTypes(text: string, path: string): Promise<string> {
  const { transform } = await import('sucrase');
  try {
    return transform(text, { transforms: ['typescript'], disableESTransforms: true, filePath: path }).code;
  } catch (error) {
    // Sucrase says "Error transforming FILE: MESSAGE (line:column)"; the user wants FILE:line:column: MESSAGE.
    const message = (error as Error).message.replace(/^Error transforming .*?: /, '');
    const at = /\((\d+):(\d+)\)\s*$/.exec(message);
    const where = at ? `${path}:${at[1]}:${at[2]}` : path;
    throw new SyntaxError(`${where}: ${message.replace(/\s*\(\d+:\d+\)\s*$/, '')}`);
  }
}
