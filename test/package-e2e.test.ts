import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { danglingReferences } from '../release/dangling-references.js';
import { stagePackage } from '../release/stage.js';
import { repoRoot } from './helpers/cli.js';

/**
 * Vigil as a user gets it: the package staged as `npm run package` lays it out
 * (release/stage.ts) and packed with `npm pack`, then a fresh project outside the checkout
 * installs the tarball (its dependencies, and ava, come from the npm registry or
 * npm's cache), checks a TypeScript model with `npx vigil` and runs its own ava
 * test through the library API; then `vigil init` scaffolds a project whose own
 * `npm test` and suite pass. npm is given short network timeouts, so without a
 * registry this fails within a minute saying so, instead of hanging.
 */
const work = mkdtempSync(join(tmpdir(), 'vigil-package-'));
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--fetch-timeout=20000', '--fetch-retries=1', '--loglevel=error'];
let tarball = '';

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut: result.error !== undefined };
}

/** Installs, and returns npm's warnings (NPM_FLAGS' --loglevel=error is overridden). */
function npmInstall(cwd: string, packages: readonly string[]): string {
  const install = run('npm', ['install', ...NPM_FLAGS, '--loglevel=warn', ...packages], cwd);
  if (install.status !== 0) {
    const why = install.timedOut ? 'timed out after 120 s' : `exit ${install.status}`;
    throw new Error(`npm install in ${cwd} failed (${why}; is the npm registry reachable?): ${install.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return install.stderr;
}

test.serial('the packed package ships only the compiled package, the manual, README and LICENSE', (t) => {
  const staged = stagePackage(join(work, 'stage'));
  t.deepEqual(staged.problems, []);
  const pack = run('npm', ['pack', staged.dir, '--json', '--pack-destination', work], repoRoot);
  t.is(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; entryCount: number; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  const paths = info!.files.map((f) => f.path);
  t.is(info!.filename, 'vigil-mc-0.1.0.tgz');
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'docs/tutorial.md', 'docs/cli.md', 'docs/from-tla.md', 'dist/checker/cli/main.js', 'dist/checker/cli/vigil', 'dist/spec/index.d.ts', 'dist/checker/testing/index.js', 'dist/checker/loader/ts-hooks.js', 'dist/models/registry.js', 'dist/models/vfio-pm/index.js']) {
    t.true(paths.includes(needed), needed);
  }
  // The launcher is the one file without an extension (the `vigil` command, a shell script).
  const stray = paths.filter((p) => !/^(LICENSE|README\.md|package\.json|docs\/.*\.md|dist\/(spec|checker|models)\/.*\.(js|d\.ts)|dist\/checker\/cli\/vigil)$/.test(p));
  t.deepEqual(stray, []);

  // What a user reads and installs: taken from the tarball itself.
  const unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  t.is(run('tar', ['-xzf', tarball, '-C', unpacked], work).status, 0);
  const manifest = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8'));
  t.deepEqual([manifest.scripts, manifest.devDependencies, manifest.private, manifest.version], [undefined, undefined, undefined, '0.1.0']);
  const shipped = { files: new Set(paths), scripts: new Set<string>(), repositoryRoot: repoRoot };
  const pages = paths.filter((p) => p.endsWith('.md'));
  t.deepEqual(pages.flatMap((page) => danglingReferences(page, readFileSync(join(unpacked, 'package', page), 'utf8'), shipped)), []);
  const readme = readFileSync(join(unpacked, 'package/README.md'), 'utf8');
  for (const repositoryOnly of ['.ci/run', '../shared/', 'npm run bench', 'test/', 'repo-only', 'docs/performance.md']) t.false(readme.includes(repositoryOnly), repositoryOnly);
  t.true(readme.includes('npx vigil check race'));
  // The repository's README, by contrast, keeps its fresh-machine commands.
  const repositoryReadme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  t.true(repositoryReadme.includes('npm ci && npx vigil check vfio-pm') && repositoryReadme.includes('npm ci && npm test'));
});

test.serial('outside the checkout: a TypeScript model runs with npx vigil, and the project\'s ava test passes', (t) => {
  const project = join(work, 'user-project');
  mkdirSync(join(project, 'test'), { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'user-project',
      private: true,
      type: 'module',
      scripts: { test: 'ava' },
      ava: { extensions: { ts: 'module' }, nodeArguments: ['--import=vigil-mc/register'], files: ['test/**/*.test.ts'], workerThreads: false },
    }),
  );
  writeFileSync(
    join(project, 'model.ts'),
    [
      "import { defineSpec, model, t } from 'vigil-mc';",
      "import { MAX } from './bounds.js';",
      '',
      'export default defineSpec({',
      "  name: 'jugs',",
      '  build: () =>',
      '    model({ small: t.int(0, MAX), big: t.int(0, 5) })',
      '      .initial({ small: 0, big: 0 })',
      "      .action('FillSmall', {}, (n) => void (n.small = MAX))",
      "      .action('FillBig', {}, (n) => void (n.big = 5))",
      "      .action('EmptySmall', {}, (n) => void (n.small = 0))",
      "      .action('EmptyBig', {}, (n) => void (n.big = 0))",
      "      .action('SmallToBig', {}, (n, _, s) => {",
      '        const pour: number = Math.min(s.small, 5 - s.big);',
      '        n.small = s.small - pour;',
      '        n.big = s.big + pour;',
      '      })',
      "      .action('BigToSmall', {}, (n, _, s) => {",
      '        const pour: number = Math.min(s.big, MAX - s.small);',
      '        n.small = s.small + pour;',
      '        n.big = s.big - pour;',
      '      })',
      "      .invariant('NotFour', (s) => s.big !== 4),",
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(join(project, 'bounds.ts'), 'export const MAX: number = 3;\n');
  writeFileSync(
    join(project, 'test', 'model.test.ts'),
    [
      "import test from 'ava';",
      "import { check, expectVerdict, expectViolation } from 'vigil-mc/testing';",
      "import jugs from '../model.js';",
      '',
      "test('the jugs reach 4 gallons in 7 states', (t) => {",
      "  expectViolation(check(jugs), 'NotFour', { traceLength: 7 });",
      '  t.pass();',
      '});',
      '',
      "test('without the invariant every state is explored', (t) => {",
      "  expectVerdict(check(jugs, { invariants: [] }), { verdict: 'ok', distinctStates: 16, generatedStates: 97, depth: 8 });",
      '  t.pass();',
      '});',
      '',
    ].join('\n'),
  );
  const warnings = npmInstall(project, [tarball, 'ava@^7.0.0']);
  // Our package runs no script at install; the TLA+ grammar's own install script (a native
    // binding Vigil does not use: it loads the grammar's wasm) may be listed by npm.
    t.false(/install-scripts\s+vigil-mc@|prepare/.test(warnings), warnings);

  const checked = run('npx', ['--no-install', 'vigil', 'check', 'model.ts', '--json'], project);
  t.is(checked.status, 12, checked.stderr);
  const report = JSON.parse(checked.stdout);
  t.deepEqual([report.verdict, report.property, report.distinctStates, report.generatedStates, report.depth, report.trace.length], ['invariant', 'NotFour', 14, 73, 7, 7]);
  // The installed bin directly (what npx runs, without npm's start-up).
  const all = run(join(project, 'node_modules/.bin/vigil'), ['check', 'model.ts', '--no-invariants', '--coverage', '--json'], project);
  t.is(all.status, 0, all.stderr);
  t.deepEqual(JSON.parse(all.stdout).coverage.map((row: { action: string }) => row.action), ['FillSmall', 'FillBig', 'EmptySmall', 'EmptyBig', 'SmallToBig', 'BigToSmall']);

  const tests = run('npm', ['test'], project);
  t.is(tests.status, 0, tests.stdout + tests.stderr);
  t.regex(tests.stdout, /2 tests passed/);
});

test.serial('vigil init scaffolds a project whose npm test and suite pass', (t) => {
  const user = join(work, 'user-project');
  const init = run(join(user, 'node_modules/.bin/vigil'), ['init', '../my-models'], user);
  t.is(init.status, 0, init.stderr);
  const project = join(work, 'my-models');
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  t.deepEqual([manifest.name, manifest.devDependencies['vigil-mc'], manifest.scripts.test], ['my-models', '^0.1.0', 'ava']);
  t.true(readFileSync(join(project, '.github/workflows/vigil.yml'), 'utf8').includes('npx vigil suite vigil-suite.yaml'));
  npmInstall(project, [tarball]);
  const tests = run('npm', ['test'], project);
  t.is(tests.status, 0, tests.stdout + tests.stderr);
  t.regex(tests.stdout, /3 tests passed/);
  // The scaffolded package.json names its model: vigil list shows it, vigil check takes the name.
  t.deepEqual(manifest.vigil, { models: { mutex: 'models/mutex.ts' } });
  const listed = run(join(project, 'node_modules/.bin/vigil'), ['list'], project);
  t.is(listed.status, 0, listed.stderr);
  t.true(listed.stdout.startsWith(`${'mutex'.padEnd(34)} N threads sharing one lock  [N=2 buggy=false]\n`), listed.stdout.slice(0, 200));
  const named = run(join(project, 'node_modules/.bin/vigil'), ['check', 'mutex', '--const', 'buggy=true', '--json'], project);
  t.is(named.status, 12, named.stderr);
  const violation = JSON.parse(named.stdout);
  t.deepEqual([violation.model, violation.property, violation.trace.length], ['mutex', 'MutualExclusion', 3]);
  const suite = run(join(project, 'node_modules/.bin/vigil'), ['suite', 'vigil-suite.yaml'], project);
  t.is(suite.status, 0, suite.stdout + suite.stderr);
  t.true(suite.stdout.includes('mutex: 2 passed, 0 failed'));
  const again = run(join(project, 'node_modules/.bin/vigil'), ['init', '.'], project);
  t.is(again.status, 151);
  t.regex(again.stderr, /^vigil: init \.: package\.json, tsconfig\.json, .* already exist; choose an empty folder\n$/);
});
