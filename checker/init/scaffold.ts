import { closeSync, linkSync, lstatSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { describeWriteError, writeFully } from '../files/complete-write.js';
import { vigilVersion } from '../version.js';
import { scaffoldFiles } from './templates.js';

/**
 * Writes a new model project into `dir` (created if needed). Refuses, before
 * writing anything, when one of its files (or a symbolic link in its place)
 * already exists or one of its folders is a symbolic link: nothing is ever written
 * through a link out of DIR. The project is written whole or not at all: every
 * file goes to a temporary name first, then is linked into place without
 * replacing anything; on any failure what was created is removed. A user's
 * folder problem is 151, a system error (read-only, full disk) 153.
 */
export function scaffoldProject(dir: string): string[] {
  const root = resolve(dir);
  const name = basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'vigil-models';
  const files = scaffoldFiles(name, vigilVersion());
  refuseUnusableTarget(dir, root, Object.keys(files));
  const created: string[] = [];
  try {
    for (const [file, text] of Object.entries(files)) {
      const target = join(root, file);
      makeDirectories(dirname(target), created);
      writeNewFile(target, text, created);
    }
  } catch (error) {
    for (const path of created.reverse()) removeQuietly(path);
    if (error instanceof VigilError) throw error;
    throw new VigilError(`init ${dir}: cannot write the project: ${describeWriteError(error)}`, ExitCode.system);
  }
  return Object.keys(files);
}

function refuseUnusableTarget(dir: string, root: string, files: readonly string[]): void {
  const rootStats = statSync(root, { throwIfNoEntry: false });
  if (rootStats && !rootStats.isDirectory()) throw new ConfigError(`init ${dir}: it is not a directory`);
  const clashes = files.filter((file) => lstatSync(join(root, file), { throwIfNoEntry: false }) !== undefined);
  if (clashes.length > 0) throw new ConfigError(`init ${dir}: ${clashes.join(', ')} already exist${clashes.length === 1 ? 's' : ''}; choose an empty folder`);
  const folders = new Set(files.flatMap((file) => ancestorsBelow(file)));
  for (const folder of folders) {
    const stats = lstatSync(join(root, folder), { throwIfNoEntry: false });
    if (stats && !stats.isDirectory()) throw new ConfigError(`init ${dir}: ${folder} is a symbolic link or not a folder; choose an empty folder`);
  }
}

/** `a/b/c.txt` -> `a`, `a/b`. */
function ancestorsBelow(file: string): string[] {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Creates `directory` and its missing parents one at a time (recording each, for
 * the rollback). mkdirSync's own recursive mode spins on some paths (/proc/x);
 * this fails with the first error instead.
 */
function makeDirectories(directory: string, created: string[]): void {
  const missing: string[] = [];
  for (let at = directory; statSync(at, { throwIfNoEntry: false }) === undefined; at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.push(at);
  }
  for (const path of missing.reverse()) {
    mkdirSync(path);
    created.push(path);
  }
}

/** Writes `target` fully under a temporary name, then links it into place (link never replaces, never follows a link). */
function writeNewFile(target: string, text: string, created: string[]): void {
  const temporary = `${target}.${process.pid}.vigil-init.tmp`;
  const fd = openSync(temporary, 'wx', 0o644);
  created.push(temporary);
  try {
    writeFully(fd, Buffer.from(text, 'utf8'));
  } finally {
    closeSync(fd);
  }
  linkSync(temporary, target);
  created.push(target);
  unlinkSync(temporary);
  created.splice(created.indexOf(temporary), 1);
}

function removeQuietly(path: string): void {
  try {
    if (lstatSync(path).isDirectory()) rmdirSync(path);
    else unlinkSync(path);
  } catch {
    // already gone, or not ours to remove any more
  }
}

