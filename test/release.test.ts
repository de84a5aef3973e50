import test from 'ava';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { danglingReferences } from '../release/dangling-references.js';
import { publishManifest } from '../release/publish-manifest.js';
import { withoutRepoOnlyBlocks } from '../release/repo-only.js';
import { stagePackage } from '../release/stage.js';
import { repoRoot } from './helpers/cli.js';

const shipped = { files: new Set(['README.md', 'docs/cli.md', 'docs/dsl.md', 'dist/models/registry.js']), scripts: new Set<string>(), repositoryRoot: repoRoot };

test('a shipped page that names a repository file, links a page or runs a script the package lacks is reported', (t) => {
  const page = [
    'See [the CLI](cli.md), [the DSL](dsl.md#types) and [performance](performance.md).',
    'CI runs `.ci/run`; `test/liveness.test.ts` pins it; `npm run bench:coverage` measures it.',
    'The brief is `../shared/design/conventions.md`; the suite is models/vfio-pm/ci.yaml.',
  ].join('\n');
  t.deepEqual(danglingReferences('docs/x.md', page, shipped), [
    'docs/x.md: links to performance.md, which the package does not contain',
    'docs/x.md: names .ci/run, a file of the repository that the package does not contain',
    'docs/x.md: names test/liveness.test.ts, a file of the repository that the package does not contain',
    'docs/x.md: names ../shared/design/conventions.md, a file of the repository that the package does not contain',
    'docs/x.md: names models/vfio-pm/ci.yaml, a file of the repository that the package does not contain',
    'docs/x.md: runs npm run bench:coverage, a script the package does not have',
  ]);
});

test("paths of the reader's own project, shipped files, web links and anchors are not reported", (t) => {
  const page = [
    '[Vigil](https://www.npmjs.com/package/vigil-mc), [below](#exit-codes), [the DSL](docs/dsl.md).',
    'npx vigil check models/mutex.ts; npm test runs test/mutex.test.ts; dist/models/registry.js.',
  ].join('\n');
  t.deepEqual(danglingReferences('README.md', page, shipped), []);
});

test('repository-only blocks are dropped from shipped pages; unbalanced markers name the file and line', (t) => {
  const page = 'Install.\n\n<!-- repo-only -->\nRun `.ci/run`.\n<!-- /repo-only -->\n\nUse it.\n';
  t.is(withoutRepoOnlyBlocks(page, 'README.md'), 'Install.\n\nUse it.\n');
  t.throws(() => withoutRepoOnlyBlocks('a\n<!-- repo-only -->\nb\n', 'docs/x.md'), { message: 'docs/x.md:2: <!-- repo-only --> is never closed' });
  t.throws(() => withoutRepoOnlyBlocks('a\n<!-- /repo-only -->\n', 'docs/x.md'), { message: 'docs/x.md:2: <!-- /repo-only --> without an opening marker' });
  t.throws(() => withoutRepoOnlyBlocks('<!-- repo-only -->\n<!-- repo-only -->\n', 'docs/x.md'), { message: 'docs/x.md:2: <!-- repo-only --> inside the block opened at line 1' });
});

test('the published manifest keeps the entry points and dependencies and drops the scripts', (t) => {
  const manifest = publishManifest({
    name: 'vigil-mc', version: '1.2.3', private: true, bin: { vigil: 'checker/cli/vigil' }, dependencies: { yaml: '^2' },
    scripts: { prepare: 'tsc', test: 'ava', 'bench:peers': 'node x' }, devDependencies: { ava: '^7' }, ava: { files: [] }, files: ['dist/test'],
  });
  // The bin is the launcher where the package has it (beside the compiled CLI).
  t.deepEqual(manifest, { name: 'vigil-mc', version: '1.2.3', bin: { vigil: 'dist/checker/cli/vigil' }, dependencies: { yaml: '^2' }, files: ['dist', 'docs'] });
});

test('staging never deletes a directory it did not make, and replaces one it made', (t) => {
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-stage-'));
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }));
  const foreign = join(scratch, 'mine');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'notes.txt'), 'keep me');
  t.throws(() => stagePackage(foreign), { message: `${foreign} is not empty and was not made by this script; choose a new directory` });
  t.deepEqual(readdirSync(foreign), ['notes.txt']);
  const stage = join(scratch, 'stage');
  t.deepEqual(stagePackage(stage).problems, []);
  writeFileSync(join(stage, 'stale.txt'), '');
  t.deepEqual(stagePackage(stage).problems, []);
  t.deepEqual(readdirSync(stage).sort(), ['.vigil-package-stage', 'LICENSE', 'README.md', 'dist', 'docs', 'package.json']);
});
