import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { danglingReferences } from './dangling-references.js';
import { PUBLISHED_LAUNCHER, publishManifest } from './publish-manifest.js';
import { withoutRepoOnlyBlocks } from './repo-only.js';

/**
 * `npm run package`: lays out the package as it is published, in a directory of
 * its own, for `npm pack DIR` / `npm publish DIR`: the compiled library, CLI and
 * registered models (no tests, benchmarks or sources), the README and the user
 * manual without their repository-only blocks, and the publish manifest. Refuses
 * (exit 1, one line per finding) when a shipped page points to something the
 * package does not contain.
 */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The manual pages for users; the others (performance, how-it-works, vfio-pm, conformance) are about this repository. */
export const PUBLISHED_DOCS = ['tutorial.md', 'dsl.md', 'liveness.md', 'symmetry.md', 'cli.md', 'ci.md', 'reports.md', 'checkpoints.md', 'reliability.md', 'from-tla.md', 'tla.md', 'cluster.md', 'user-models.md'];
const COMPILED = ['spec', 'checker', 'models'];

export interface StagedPackage {
  readonly dir: string;
  readonly problems: readonly string[];
}

export function stagePackage(dir: string, root = repositoryRoot): StagedPackage {
  clearStage(dir);
  for (const folder of COMPILED) {
    cpSync(join(root, 'dist', folder), join(dir, 'dist', folder), {
      recursive: true,
      filter: (source) => statSync(source).isDirectory() || /\.(js|d\.ts)$/.test(source),
    });
  }
  cpSync(join(root, 'checker/cli/vigil'), join(dir, PUBLISHED_LAUNCHER));
  cpSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  const pages = ['README.md', ...PUBLISHED_DOCS.map((page) => `docs/${page}`)];
  mkdirSync(join(dir, 'docs'));
  for (const page of pages) {
    writeFileSync(join(dir, page), withoutRepoOnlyBlocks(readFileSync(join(root, page), 'utf8'), page));
  }
  const manifest = publishManifest(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const files = new Set(listFiles(dir).map((file) => relative(dir, file).split(sep).join('/')).filter((file) => file !== STAGE_MARK));
  const scripts = new Set(Object.keys((manifest.scripts as object | undefined) ?? {}));
  const problems = pages.flatMap((page) => danglingReferences(page, readFileSync(join(dir, page), 'utf8'), { files, scripts, repositoryRoot: root }));
  return { dir, problems };
}

/** Marks a directory this script made, so that a mistyped target is never deleted (npm pack leaves the mark out: `files`). */
const STAGE_MARK = '.vigil-package-stage';

function clearStage(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, STAGE_MARK))) throw new Error(`${dir} is not empty and was not made by this script; choose a new directory`);
    rmSync(dir, { recursive: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, STAGE_MARK), '');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(process.argv[2] ?? join(repositoryRoot, 'dist', 'package'));
  if (!existsSync(join(repositoryRoot, 'dist', 'checker'))) {
    console.error('vigil package: dist/ is missing; run `npx tsc -p tsconfig.json` first');
    process.exit(1);
  }
  let problems: readonly string[];
  try {
    ({ problems } = stagePackage(target));
  } catch (error) {
    console.error(`vigil package: ${(error as Error).message}`);
    process.exit(1);
  }
  for (const problem of problems) console.error(`vigil package: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(target);
}
