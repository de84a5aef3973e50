import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { vigilVersion } from '../version.js';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { scaffoldFiles } from './templates.js';

/**
 * Writes a new model project into `dir` (created if needed). Refuses, before
 * writing anything, when one of its files already exists. Returns the files written.
 */
export function scaffoldProject(dir: string): string[] {
  const root = resolve(dir);
  const name = basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'vigil-models';
  const files = scaffoldFiles(name, vigilVersion());
  const clashes = Object.keys(files).filter((file) => existsSync(join(root, file)));
  if (clashes.length > 0) throw new ConfigError(`init ${dir}: ${clashes.join(', ')} already exist${clashes.length === 1 ? 's' : ''}; choose an empty folder`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return Object.keys(files);
}
