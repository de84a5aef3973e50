import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * SHA-256 over a model module and every local module it imports, transitively:
 * a resume must be refused when any of them was edited, not only the entry file
 * (a helper's body is invisible in the model's definition). Imports are found in
 * the source text (static `import`/`export ... from`, `import('...')` with a
 * literal); relative ones are followed, with TypeScript's NodeNext spelling
 * (`./x.js` for `x.ts`). Packages are not followed: vigil-mc is identified by its
 * version, other packages by nothing (documented in docs/reliability-notes.md).
 */
export function moduleTreeHash(entry: string): string {
  const root = dirname(resolve(entry));
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      hash.update(`missing ${relative(root, file)}\n`);
      continue;
    }
    hash.update(`file ${relative(root, file)} ${text.length}\n`).update(text);
    for (const specifier of localImports(text)) pending.push(resolveLocal(dirname(file), specifier));
  }
  return hash.digest('hex');
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.\.?\/[^'"\n]+)\1/g;

function localImports(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((match) => match[2]!);
}

function resolveLocal(from: string, specifier: string): string {
  const file = resolve(from, specifier);
  if (existsSync(file) || !/\.m?js$/.test(file)) return file;
  const typescript = file.replace(/(\.m?)js$/, '$1ts');
  return existsSync(typescript) ? typescript : file;
}
