import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a step, action or property was declared, captured from the call stack
 * when the model is built, so reports and the explorer can link each step to its
 * definition without the model author writing it down. Capturing is cheap (one
 * stack string per declaration, at build time only); turning it into a file and
 * line reads the source and happens only when a report or the explorer asks.
 *
 * Models run compiled (dist/models/x.js) without source maps, so the compiled
 * line is mapped back to the TypeScript file next to it by looking for the
 * declaration's name (a quoted property name, or a step label as an object key)
 * nearest to the compiled line.
 */
export interface SourceLocation {
  /** Path relative to the working directory when possible (`models/vfio-pm/properties.ts`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
}

export interface DeclarationSite {
  readonly stack: string;
  /** What to look for on the declaring line: `'S1'`, or `open_O1:`. */
  readonly token: string;
  readonly kind: 'name' | 'key';
}

/** The raw call site of the current declaration (resolved lazily by `sourceOf`). */
export function declarationSite(token: string, kind: 'name' | 'key' = 'name'): DeclarationSite {
  return { stack: new Error().stack ?? '', token, kind };
}

const resolved = new WeakMap<DeclarationSite, SourceLocation | null>();
const fileCache = new Map<string, string[] | null>();

export function sourceOf(site: DeclarationSite | undefined): SourceLocation | null {
  if (!site) return null;
  if (!resolved.has(site)) resolved.set(site, resolve(site));
  return resolved.get(site)!;
}

function resolve(site: DeclarationSite): SourceLocation | null {
  const frame = callerFrame(site.stack);
  if (!frame) return null;
  const typescript = frame.file.replace(`${sep}dist${sep}`, sep).replace(/\.js$/, '.ts');
  const file = typescript !== frame.file && existsSync(typescript) ? typescript : frame.file;
  const lines = linesOf(file);
  const line = lines ? nearestLine(lines, site, frame.line) : -1;
  if (line > 0 || site.kind !== 'key') return { file: display(file), line: line > 0 ? line : frame.line };
  // Process steps are often built by a helper in a sibling file and declared here: look there.
  for (const sibling of siblings(file)) {
    const found = nearestLine(linesOf(sibling) ?? [], site, 1);
    if (found > 0) return { file: display(sibling), line: found };
  }
  return { file: display(file), line: frame.line };
}

function siblings(file: string): string[] {
  try {
    const extension = file.endsWith('.ts') ? '.ts' : '.js';
    return readdirSync(dirname(file))
      .filter((name) => name.endsWith(extension) && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => join(dirname(file), name))
      .filter((path) => path !== file);
  } catch {
    return [];
  }
}

/** The first frame outside the DSL (this folder): the model's own code. */
function callerFrame(stack: string): { file: string; line: number } | null {
  for (const text of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?\s*$/.exec(text);
    if (!match) continue;
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (file.includes(`${sep}spec${sep}`) && !file.includes(`${sep}models${sep}`)) continue;
    if (file.startsWith('node:')) continue;
    return { file, line: Number(match[2]) };
  }
  return null;
}

function nearestLine(lines: readonly string[], site: DeclarationSite, near: number): number {
  const needles = site.kind === 'key' ? [`${site.token}:`, `'${site.token}':`, `"${site.token}":`] : [`'${site.token}'`, `"${site.token}"`, `\`${site.token}\``];
  let best = -1;
  for (const [i, text] of lines.entries()) {
    if (!needles.some((needle) => (site.kind === 'key' ? new RegExp(`(^|[\\s{,])${escape(needle)}`).test(text) : text.includes(needle)))) continue;
    // Compiled lines only lose type-only lines, so the source line is at or after it; prefer the nearest such.
    if (best < 0 || distance(i + 1, near) < distance(best, near)) best = i + 1;
  }
  return best;
}

function distance(line: number, near: number): number {
  return line >= near ? line - near : (near - line) * 4;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function linesOf(file: string): string[] | null {
  if (!fileCache.has(file)) {
    try {
      fileCache.set(file, readFileSync(file, 'utf8').split('\n'));
    } catch {
      fileCache.set(file, null);
    }
  }
  return fileCache.get(file)!;
}

function display(file: string): string {
  const local = relative(process.cwd(), file);
  return local && !local.startsWith('..') ? local : file;
}

/** Every source file a set of declarations came from (for a hash of the model source). */
export function sourceFiles(sites: Iterable<DeclarationSite | undefined>): string[] {
  const files = new Set<string>();
  for (const site of sites) {
    const location = sourceOf(site);
    if (location) files.add(location.file);
  }
  return [...files].sort();
}

export function sourceText(file: string): string | null {
  return linesOf(file)?.join('\n') ?? null;
}
