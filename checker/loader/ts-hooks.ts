import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'sucrase';

/**
 * Module hooks (node:module register) that let Node 20 import TypeScript model
 * files without a build step. Node 20 has no type stripping and TypeScript 7 has
 * no in-process transpile API, so the types are removed by Sucrase, which keeps
 * every line where it was: stack traces and error positions name the .ts file's
 * own lines, with no source map. Types are not checked here (that is the editor's
 * or `tsc --noEmit`'s job), exactly as with Node's own type stripping.
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
  return { format: 'module', source: stripTypes(text, path), shortCircuit: true };
}

/** The module's JavaScript, on the same lines; a syntax error names the file, line and column. */
export function stripTypes(text: string, path: string): string {
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
