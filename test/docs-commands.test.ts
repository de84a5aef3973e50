import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocPage, type DocCommand } from './helpers/doc-commands.js';
import { repoRoot } from './helpers/cli.js';

/**
 * Every command shown in the README and docs/ runs here, in the page's order, in a
 * scratch directory of its own (the page's `file=` blocks written into it, the
 * repository's models/ beside them, `vigil-mc` resolving to this checkout), with
 * `npx vigil` being this checkout's CLI. The exit code the page states (see
 * helpers/doc-commands.ts) and the output it shows must be what the command does.
 * The commands that are not run are listed below with the reason, and the list
 * must be exact: a new command in a page cannot slip in untested.
 */
const NOT_RUN: Readonly<Record<string, string>> = {
  'README.md: npx vigil-mc init my-models': 'installs from the npm registry; test/package-e2e.test.ts runs init, install, check, npm test and the suite on the packed package',
  'README.md: cd my-models && npm install': 'the npm registry; test/package-e2e.test.ts',
  'README.md: npx vigil check models/mutex.ts': 'in the project vigil init makes; test/package-e2e.test.ts',
  'README.md: npm test': "the scaffolded project's tests; test/package-e2e.test.ts",
  'README.md: npx vigil suite vigil-suite.yaml': "the scaffolded project's suite; test/package-e2e.test.ts",
  'README.md: npm ci && npx vigil check vfio-pm': 'reinstalls node_modules and checks 3,553,547 states; the checks pinned by test/vfio-pm-default.test.ts',
  'README.md: npm ci && npm test': 'the whole test suite, this file included; it is what .ci/run runs',
  'docs/vfio-pm.md: npx vigil check vfio-pm': '3,553,547 states (about 16 s idle, far more on a busy CI machine); test/vfio-pm-default.test.ts pins its counts',
  'docs/vfio-pm.md: npx vigil suite models/vfio-pm/ci.yaml': 'about 25 s; test/vfio-pm.test.ts runs the same suite',
  'docs/vfio-pm.md: npx vigil suite models/vfio-pm/verify.yaml': 'several minutes; not part of npm test, as the page says',
  'docs/vfio-pm.md: npx vigil suite models/vfio-pm/full.yaml': 'many minutes and gigabytes; not part of npm test, as the page says',
  'docs/vfio-pm.md: npx vigil check vfio-pm --const liveness=true': 'the whole protocol with its temporal pass, minutes; the smoke configuration above runs, and test/vfio-pm-liveness.test.ts checks L1, L2 and L4',
  'docs/vfio-pm.md: npm run bench:vfio-full': 'a benchmark of several minutes; the page quotes its figures',
  'docs/reports.md: npx vigil compare vfio-pm --const variant=RFC2 --vs variant=MERGED': 'two whole-protocol searches, about 20 s; test/compare-cli.test.ts and test/compare.test.ts cover compare',
  'docs/conformance.md: npx vigil suite models/tlaplus/conformance.yaml': 'about 30 s (Bakery alone 13-17 s); test/conformance-suite.test.ts runs it',
  'docs/tutorial.md: npx vigil check mine.ts': 'any TypeScript model file; the page runs mine.mjs, and test/typescript-models.test.ts runs .ts models',
  'docs/liveness.md: npm run bench -- --only "2 threads x 2 ops"': 'a benchmark; the page quotes its figures',
  'README.md: npx vigil check TwoPhase.tla': 'needs a tlaplus/Examples checkout (specs of others are not copied here); test/tla.test.ts checks specs written for the project, and npm run conformance:tla runs the corpus',
  'README.md: npm run conformance:tla -- PATH_TO_EXAMPLES': 'needs a tlaplus/Examples checkout; minutes over 106 models',
  'README.md: npm run bench:tla -- PATH_TO_EXAMPLES': 'needs a tlaplus/Examples checkout and a TLC jar (TLC_JAR); minutes; docs/tla.md quotes its figures',
  'docs/cluster.md: npx vigil check full.yaml --cluster nats://coordinator:PASSWORD@nats-host:4222 --shards 3 --no-symmetry --no-liveness --checkpoint /var/lib/vigil/run1': 'three machines: a nats-server on nats-host and a worker on each (the page runs local:3 instead); test/cluster.test.ts and test/cluster-faults.test.ts run a coordinator and workers on a server of their own',
  ...Object.fromEntries(
    ['StrongUntil', 'StableAfterGrant'].map((property) => [
      `docs/liveness-ltl.md: npx vigil check models/examples/request-grant.ts --const property=${property}`,
      'run by test/ltl-docs.test.ts, which checks exit 13 (stated in the prose) and the whole output shown; its parser reads the block verbatim, so no `# exit` comment can go on the line',
    ]),
  ),
  'docs/cluster.md: npx vigil check vfio-pm --const threads=2 --const intxAtOpen=false --const hotResetFails=false --const ops=3 --const menu=INTX_ON,INTX_MASK,ENTRY,ENTRY_WAKEUP,EXIT,HOT_RESET --const vcpu=2 --const host=1 --const intx=1 --const pme=1 --const sysfs=1 --const sriov=1 --const sibling=true --const siblingFails=true --const cycles=2 --const failures=true --cluster local:2 --fingerprint-bits 96 --queue-memory 512MB --expected-states 1200000000 --no-liveness':
    'full.yaml row 2 on the cluster: 780 M orbits, 55 minutes of both cores and 21 GB; the page quotes its result, and test/cluster.test.ts runs --fingerprint-bits 96, --queue-memory and --expected-states with --cluster',
  'docs/cluster.md: npx vigil check vfio-pm --const threads=2 --const intxAtOpen=false --const hotResetFails=false --const ops=3 --const menu=INTX_ON,INTX_MASK,ENTRY,ENTRY_WAKEUP,EXIT,HOT_RESET --const vcpu=2 --const host=1 --const intx=1 --const pme=1 --const sysfs=1 --const sriov=1 --const sibling=true --const siblingFails=true --const cycles=2 --const failures=true --workers 2 --fingerprint-bits 64 --expected-states 820000000 --no-liveness':
    'full.yaml row 2 with 64 bits on one machine: 780 M orbits, 44 minutes of both cores and 12.5 GB; the page quotes its result, and test/parallel.test.ts runs --workers',
  'docs/cluster.md: npm run conformance:cluster': 'every vfio-pm mutant on two engines, about half an hour; the page quotes its result, and test/cluster.test.ts compares the engines on smaller models',
  'docs/cluster.md: npm run bench:cluster': 'a benchmark of many minutes (counter-grid 8^8 and full.yaml row 1, three engines each); the page quotes its figures',
  'README.md: npm run package': 'stages and packs the package; test/package-e2e.test.ts stages and packs it the same way',
  'docs/performance.md: npm run study:por': "the partial-order reduction study: every vfio-pm configuration explored outside the fast engine, minutes; the page quotes its figures",
  ...Object.fromEntries(
    ['npm run bench:peers', 'npm run bench:vfio-full', 'npm run bench', 'npm run bench:symmetry -- --quick', 'npm run bench:billion', 'npm run bench -- --workers 2 --only vfio', 'npm run bench:startup', 'npm run bench:coverage', 'npm run bench:simulate', 'npm run bench:liveness'].map(
      (command) => [`docs/performance.md: ${command}`, 'a benchmark (seconds to 45 minutes, on an idle machine); the page quotes its figures'],
    ),
  ),
};

const pages = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const parsed = pages.map((page) => ({ page, ...parseDocPage(page, readFileSync(join(repoRoot, page), 'utf8')) }));
const key = (command: DocCommand) => `${command.page}: ${command.command}`;
// `npx vigil ...` is this checkout's `vigil` command (package.json "bin", under the
// node running the tests); any other npx is refused rather than downloaded.
const launcher = join(repoRoot, 'checker/cli/vigil');
const PRELUDE = `PATH="${dirname(process.execPath)}:$PATH"\nnpx() { if [ "$1" = vigil ]; then shift; "${launcher}" "$@"; else echo "npx $1: not run by the docs test" >&2; return 127; fi; }\n`;

test('the commands the pages show, and the ones not run, are listed exactly', (t) => {
  const shown = parsed.flatMap((page) => page.commands.map(key));
  const inline = parsed.flatMap((page) => page.inline.map((command) => `${page.page}: ${command}`));
  t.deepEqual(Object.keys(NOT_RUN).filter((command) => !shown.includes(command) && !inline.includes(command)), [], 'NOT_RUN lists commands no page shows');
  // A command in the prose runs where a block of its page shows it; otherwise it is listed as not run.
  t.deepEqual([...new Set(inline.filter((command) => !shown.includes(command) && !(command in NOT_RUN)))], [], 'commands in the prose that are neither in a block nor in NOT_RUN');
  t.is(shown.filter((command) => !(command in NOT_RUN)).length, 52, 'commands run (a parser that finds none would pass every page)');
});

for (const { page, commands, files } of parsed) {
  const runnable = commands.filter((command) => !(key(command) in NOT_RUN));
  if (runnable.length === 0) continue;
  test.serial(`${page}: every command shown runs as the page says`, async (t) => {
    const dir = scratch(files);
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const command of runnable) {
      const where = `${page}:${command.line}: ${command.command}`;
      if (/^npx vigil explore\b/.test(command.command)) {
        t.is(await explore(command.command, dir), 0, where);
        continue;
      }
      const run = spawnSync('bash', ['-c', PRELUDE + command.command], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      t.is(run.status, command.expectedExit, `${where}\n${run.stderr}`);
      t.deepEqual(unmatched(command.output, `${run.stdout}\n${run.stderr}`), [], `${where}: output lines the page shows and the command did not print`);
    }
  });
}

function scratch(files: readonly { path: string; text: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-docs-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules/vigil-mc'));
  if (!files.some((file) => file.path.startsWith('models/'))) symlinkSync(join(repoRoot, 'models'), join(dir, 'models'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  return dir;
}

/** The shown lines that do not appear, in order, among the printed ones. */
function unmatched(shown: readonly string[], printed: string): string[] {
  const lines = printed.split('\n').map((line) => line.trimEnd());
  let at = 0;
  const missing: string[] = [];
  for (const line of shown) {
    // "..." inside a shown line stands for text that depends on the machine (an absolute path).
    const pattern = line.includes('...') ? new RegExp(`^${line.split('...').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`) : null;
    const found = pattern ? lines.findIndex((printed, i) => i >= at && pattern.test(printed)) : lines.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

/** `vigil explore` serves until stopped: wait for its URL, ask for the view, stop it with Ctrl-C. */
async function explore(command: string, dir: string): Promise<number | null> {
  const child = spawn('bash', ['-c', `${PRELUDE}${command} --port 0`], { cwd: dir, detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out);
        if (match) resolve(new URL(match[0]));
      });
      child.once('exit', (code) => reject(new Error(`${command} exited ${code} before serving`)));
    });
    const view = await fetch(`${url.origin}/api/view`, { headers: { 'x-vigil-token': url.searchParams.get('token')! } });
    if (view.status !== 200) return -view.status;
  } finally {
    process.kill(-child.pid!, 'SIGINT');
  }
  return exited;
}

test('the page conventions: prompts, outputs, exit annotations, echo $?, files, inline commands, bare vigil in plain and indented blocks', (t) => {
  const page = [
    'Run `npx vigil check race` or `npm run bench`.',
    '',
    '    $ npx vigil check race --diff   # a counterexample',
    '    Error: Invariant X is violated.',
    '    ...',
    '    $ echo $?',
    '    12',
    '    $ npx vigil list',
    '',
    'A synopsis is not a command:',
    '',
    '    vigil check <model> [--json]',
    '',
    '```js file=models/a.mjs',
    'export default 1;',
    '```',
    '',
    '```sh',
    'npx vigil check models/a.mjs    # exit 150: not a spec',
    'npm test',
    '```',
    '',
    'A plain block of bare `vigil` lines, one going on on the next line:',
    '',
    '```',
    'vigil check Spec.tla --json   # exit 0',
    'vigil check full.yaml --cluster local:2 \\',
    '  --no-symmetry',
    '```',
    '',
    'Neither a plain block that is a synopsis nor a configuration file is a command:',
    '',
    '```',
    'vigil simulate <model> [--seed N]',
    '```',
    '',
    '```',
    '[Service]',
    'ExecStart=/usr/bin/vigil worker --cluster nats://127.0.0.1:4222',
    'vigil check race',
    '```',
    '',
    '    $ vigil list   # a bare prompt too',
  ].join('\n');
  const { commands, files, inline } = parseDocPage('p.md', page);
  t.deepEqual(
    commands.map((c) => [c.line, c.command, c.expectedExit, c.output]),
    [
      [3, 'npx vigil check race --diff', 12, ['Error: Invariant X is violated.']],
      [8, 'npx vigil list', 0, []],
      [19, 'npx vigil check models/a.mjs', 150, []],
      [20, 'npm test', 0, []],
      [26, 'npx vigil check Spec.tla --json', 0, []],
      [27, 'npx vigil check full.yaml --cluster local:2 --no-symmetry', 0, []],
      [43, 'npx vigil list', 0, []],
    ],
  );
  t.deepEqual(files, [{ path: 'models/a.mjs', text: 'export default 1;\n' }]);
  t.deepEqual(inline, ['npx vigil check race', 'npm run bench']);
});

test('the README is a front door of at most 250 lines that links every page of docs/', (t) => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  t.true(readme.split('\n').length <= 250, `${readme.split('\n').length} lines`);
  const linked = new Set([...readme.matchAll(/\]\(docs\/([\w-]+\.md)\)/g)].map((match) => match[1]));
  t.deepEqual(readdirSync(join(repoRoot, 'docs')).filter((page) => page.endsWith('.md') && !linked.has(page)), []);
});
