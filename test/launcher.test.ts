import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliPath, repoRoot } from './helpers/cli.js';

/**
 * The `vigil` command (package.json "bin": checker/cli/vigil) runs the CLI
 * under node with a larger young generation and a stack sized from the
 * shell's limit. A recursion of depth 3,000 overflows node's default stack
 * (984 KB) and fits three quarters of 8 MB: the launcher, reached through the
 * link npm makes, evaluates it; plain node and VIGIL_NODE_FLAGS='' do not.
 */
const launcher = join(repoRoot, 'checker/cli/vigil');

function deepSpec(init = 'x = Sum(3000)', next = "x' = x"): { dir: string; spec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-launcher-'));
  writeFileSync(
    join(dir, 'Deep.tla'),
    ['---- MODULE Deep ----', 'EXTENDS Naturals', 'VARIABLE x', 'RECURSIVE Sum(_)', 'Sum(n) == IF n = 0 THEN 0 ELSE n + Sum(n - 1)', `Init == ${init}`, `Next == ${next}`, '===='].join('\n'),
  );
  writeFileSync(join(dir, 'Deep.cfg'), 'INIT Init\nNEXT Next\n');
  return { dir, spec: join(dir, 'Deep.tla') };
}

/** `vigil ARGS` through node_modules/.bin/vigil (a link to the launcher, as npm makes it) under an 8 MB stack limit. */
function viaBin(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const bin = join(dir, 'node_modules/.bin/vigil');
  if (!existsSync(bin)) {
    mkdirSync(dirname(bin), { recursive: true });
    symlinkSync(launcher, bin);
  }
  const run = spawnSync('sh', ['-c', 'ulimit -s 8192 && exec "$0" "$@"', bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const fits = '2 states generated, 1 distinct states found, 0 states left on queue.';
const overflow = /^vigil: The evaluation overflowed the stack: .* raise that limit\)\.$/m;

test('through the link npm makes, the launcher runs the CLI with a stack sized from the limit: a recursion of 3,000 fits', (t) => {
  const { dir, spec } = deepSpec();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const run = viaBin(dir, ['check', spec]);
  t.is(run.status, 0, run.stderr);
  t.true(run.stdout.includes(fits), run.stdout);
});

test("plain node, and the launcher with VIGIL_NODE_FLAGS='', keep node's stack: the same recursion overflows (exit 75)", (t) => {
  const { dir, spec } = deepSpec();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const plain = spawnSync(process.execPath, [cliPath, 'check', spec], { encoding: 'utf8' });
  t.is(plain.status, 75, plain.stdout);
  t.regex(plain.stderr, overflow);
  const bare = viaBin(dir, ['check', spec], { VIGIL_NODE_FLAGS: '' });
  t.is(bare.status, 75, bare.stdout);
  t.regex(bare.stderr, overflow);
});

test('--workers: the workers get at least the stack the launcher gave the search (node gives a worker 4 MB): a recursion of 6,000 in Next evaluates there too', (t) => {
  const { dir, spec } = deepSpec('x \\in 0..3', "x' = (x + 1) % 4 /\\ Sum(1500 * (x + 1)) > 0");
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const workers of [[], ['--workers', '2']]) {
    const run = viaBin(dir, ['check', spec, ...workers]);
    t.is(run.status, 0, run.stdout + run.stderr);
    t.true(run.stdout.includes('8 states generated, 4 distinct states found, 0 states left on queue.'), run.stdout);
  }
});
