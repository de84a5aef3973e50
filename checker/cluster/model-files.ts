import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';

/**
 * A model file and its local imports, as they travel to cluster workers. The
 * model's imports of vigil-mc itself (its spec/ and checker/ folders, or the
 * package name) are not shipped: every worker has the same vigil-mc version,
 * and the worker's run folder links them to its own copy.
 */
const distRoot = fileURLToPath(new URL('../../', import.meta.url));
const packageRoot = dirname(distRoot.replace(/[\\/]$/, ''));
/** Folders of this package a model may import from (compiled and source layouts). */
const providedFolders = ['spec', 'checker'].flatMap((folder) => [join(distRoot, folder), join(packageRoot, folder)]);
const IMPORT = /(?:^|[\s;])(?:import|export)\b[^'"`;]*?['"](\.\.?\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.\.?\/[^'"]+)['"]\s*\)/g;
const MAX_FILE_BYTES = 900 * 1024;
const SAFE_PATH = /^(?:[A-Za-z0-9_@+-][A-Za-z0-9_.@+-]*\/)*[A-Za-z0-9_@+-][A-Za-z0-9_.@+-]*\.(?:m?ts|m?js|json)$/;

export interface ModelFiles {
  /** The entry module, relative to the shipped root. */
  readonly entry: string;
  /** Relative path → text. */
  readonly files: ReadonlyMap<string, string>;
}

/** This package's version (dist/checker/cluster/ is three levels below package.json). */
export function vigilVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Collects `path` and, transitively, the relative imports it makes outside vigil-mc. */
export function collectModelFiles(path: string): ModelFiles {
  const entry = resolve(path);
  const found = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (found.has(file)) continue;
    found.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const imported = existingModule(resolve(dirname(file), match[1] ?? match[2]!));
      if (imported === null) throw new ConfigError(`${relative(process.cwd(), file)}: cannot find the imported module "${match[1] ?? match[2]}"`);
      if (!providedFolders.some((folder) => imported.startsWith(folder + sep))) pending.push(imported);
    }
  }
  const root = shippingRoot([...found]);
  const files = new Map<string, string>();
  for (const file of found) {
    const text = readFileSync(file, 'utf8');
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new ConfigError(`${file}: a model file over ${MAX_FILE_BYTES} bytes cannot be sent to cluster workers`);
    files.set(relative(root, file).split(sep).join('/'), text);
  }
  return { entry: relative(root, entry).split(sep).join('/'), files };
}

/** Files inside this package keep their place relative to it, so that their imports of spec/ and checker/ resolve. */
function shippingRoot(files: readonly string[]): string {
  for (const root of [distRoot, packageRoot]) if (files.every((file) => file.startsWith(root))) return root.replace(/[\\/]$/, '');
  let common = dirname(files[0]!);
  while (!files.every((file) => file.startsWith(common + sep))) common = dirname(common);
  return common;
}

function existingModule(path: string): string | null {
  if (existsSync(path)) return path;
  const typescript = path.replace(/\.(m?)js$/, '.$1ts');
  return typescript !== path && existsSync(typescript) ? typescript : null;
}

/** `name` if it is a safe relative model file name (input from the network); an error naming it otherwise. */
export function checkModelFileName(name: unknown): string {
  if (typeof name !== 'string' || !SAFE_PATH.test(name) || name.split('/').includes('..') || isAbsolute(name)) throw new ConfigError(`run: refusing the model file name "${String(name).slice(0, 200)}"`);
  return name;
}

/**
 * Writes shipped files into a fresh run folder beside links to this worker's
 * vigil-mc, and returns the entry module's URL. Every path is checked first:
 * a run description is input from the network.
 */
export function materializeModel(entry: string, files: ReadonlyMap<string, string>): { moduleUrl: string; dispose: () => void } {
  for (const name of [entry, ...files.keys()]) checkModelFileName(name);
  if (!files.has(entry)) throw new ConfigError(`run: the model entry "${entry}" was not sent`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
  for (const folder of ['spec', 'checker']) symlinkSync(join(distRoot, folder), join(dir, folder), 'dir');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(packageRoot, join(dir, 'node_modules', 'vigil-mc'), 'dir');
  for (const [name, text] of files) {
    const file = join(dir, ...name.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { moduleUrl: pathToFileURL(join(dir, ...entry.split('/'))).href, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
