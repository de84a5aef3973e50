import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, from its package.json (dist/checker/ is two levels below it). */
export function vigilVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
