import { appendFileSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { BuiltinArgs } from '../scope.js';
import { makeRecord, type Value } from '../values.js';
import { evalFail } from './core.js';

/**
 * The files a spec reads and writes through the community modules (SVG frames,
 * Json and CSV files). TLC resolves a relative name against its working folder;
 * Vigil resolves it against the folder of the module that names it, so a run
 * does not depend on where it was started from, and refuses a name that leaves
 * that folder (an absolute path, one through `..`, or one through a symbolic
 * link that points out of it): a model checked from
 * someone else's spec, or through the explorer's web page, then cannot write
 * over files elsewhere.
 */
export function specFile(a: BuiltinArgs, name: string): string {
  // A file's contents change during a run: an expression reading or writing one is never a cached constant.
  a.ctx.varReads++;
  const folder = resolve(dirname(a.at.file));
  const path = resolve(folder, name);
  // Judged on real paths too: a symbolic link inside the folder must not lead out of it.
  if (isAbsolute(name) || !inside(folder, path) || !inside(realFolder(folder), realPathSoFar(path))) {
    evalFail(`The file ${JSON.stringify(name)} is outside the spec's folder ${folder}: Vigil reads and writes files only in that folder (and below).`, a);
  }
  return path;
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (a file about to be written does not exist yet). */
function realPathSoFar(path: string): string {
  let existing = path;
  let rest = '';
  for (;;) {
    try {
      return join(realpathSync(existing), rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest = join(basename(existing), rest);
      existing = parent;
    }
  }
}

export function writeSpecFile(a: BuiltinArgs, name: string, text: string, append = false): void {
  const path = specFile(a, name);
  try {
    if (append) appendFileSync(path, text, 'utf8');
    else writeFileSync(path, text, 'utf8');
  } catch (error) {
    evalFail(`Cannot write ${path}: ${(error as Error).message}`, a);
  }
}

/** The file's text, or null when it does not exist. */
export function readSpecFile(a: BuiltinArgs, name: string): string | null {
  const path = specFile(a, name);
  if (!existsSync(path)) return null;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return evalFail(`Cannot read ${path}: ${(error as Error).message}`, a);
  }
}

/** IOUtils' result record for a file written: [exitValue |-> 0, stdout |-> TLC's message, stderr |-> ""]. */
export function writtenRecord(): Value {
  return makeRecord([
    ['exitValue', 0],
    ['stdout', 'Finish writing to the file with success!'],
    ['stderr', ''],
  ]);
}
