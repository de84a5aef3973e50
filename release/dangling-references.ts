import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';

/**
 * What a shipped Markdown file points to that the package does not contain:
 * a relative link to a file that is not shipped, a path of the repository
 * (`test/liveness.test.ts`, `.ci/run`, `../shared/...`, `models/x.yaml`) that the
 * package lacks, or an `npm run` script the published package.json does not have.
 * Paths are judged against the checkout at `repositoryRoot`: a path that exists
 * there and not in the package would send a reader of the package nowhere. A path
 * of the reader's own project (`models/mutex.ts` from `vigil init`) exists in
 * neither and is not reported.
 */
export interface ShippedPackage {
  /** Every file in the package, as posix paths relative to its root. */
  readonly files: ReadonlySet<string>;
  readonly scripts: ReadonlySet<string>;
  readonly repositoryRoot: string;
}

const LINK = /\]\(([^)\s]+)\)/g;
const PATH = /(?<![\w./@-])((?:\.\.?\/)*[\w.-]+(?:\/[\w.-]+)+\/?)/g;
const NPM_RUN = /\bnpm run ([\w:.-]+)/g;

export function danglingReferences(file: string, markdown: string, pkg: ShippedPackage): string[] {
  const found: string[] = [];
  for (const [, target] of markdown.matchAll(LINK)) {
    if (/^([a-z]+:|#)/i.test(target!)) continue;
    const path = posix.normalize(posix.join(posix.dirname(file), target!.replace(/#.*$/, '')));
    if (!pkg.files.has(path)) found.push(`${file}: links to ${target}, which the package does not contain`);
  }
  for (const [, match] of markdown.matchAll(PATH)) {
    const path = match!.replace(/\.+$/, ''); // a full stop ends the sentence, not the name
    if (existsSync(resolve(pkg.repositoryRoot, path)) && !shipped(pkg.files, path)) {
      found.push(`${file}: names ${path}, a file of the repository that the package does not contain`);
    }
  }
  for (const [, script] of markdown.matchAll(NPM_RUN)) {
    if (!pkg.scripts.has(script!)) found.push(`${file}: runs npm run ${script}, a script the package does not have`);
  }
  return [...new Set(found)];
}

function shipped(files: ReadonlySet<string>, path: string): boolean {
  const normal = posix.normalize(path).replace(/\/$/, '');
  if (files.has(normal)) return true;
  for (const file of files) if (file.startsWith(`${normal}/`)) return true;
  return false;
}
