import test from 'ava';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot, vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

const scratch = () => dirname(writeTemp('x', ''));

test('a report that cannot be written keeps the verdict on stdout and its exit code', (t) => {
  const run = vigil(['check', 'diehard', '--report', '/nonexistent/r.html']);
  t.is(run.status, 12);
  t.regex(run.stdout, /^Error: Invariant NotSolved is violated\.$/m);
  t.is(run.stderr, 'vigil: --report /nonexistent/r.html: cannot write the file: no such directory (ENOENT)\n');
});

test('--trace-out and --dump-dot failures are one line each, not internal errors', (t) => {
  const dir = scratch();
  const run = vigil(['check', 'diehard', '--trace-out', dir, '--dump-dot', join(dir, 'missing', 'g.dot')]);
  t.is(run.status, 12);
  t.is(
    run.stderr,
    `vigil: --trace-out ${dir}: cannot write the file: it is a directory (EISDIR)\n` +
      `vigil: --dump-dot ${join(dir, 'missing', 'g.dot')}: cannot write the file: no such directory (ENOENT)\n`,
  );
  t.deepEqual(readdirSync(dir), ['x'], 'no temporary file is left behind');
});

test('a passing check whose output cannot be written exits 153', (t) => {
  const run = vigil(['check', 'twophase', '--report', '/nonexistent/r.html']);
  t.is(run.status, 153);
  t.regex(run.stdout, /No error has been found/);
});

test('outputs replace the old file in one rename and leave no temporary file', (t) => {
  const dir = scratch();
  const file = join(dir, 'cex.itf.json');
  writeFileSync(file, 'old');
  const run = vigil(['check', 'diehard', '--trace-out', file]);
  t.is(run.status, 12);
  t.is(JSON.parse(readFileSync(file, 'utf8')).states.length, 7);
  t.deepEqual(readdirSync(dir).sort(), ['cex.itf.json', 'x']);
});

test('suite --junit and --report-dir failures keep the suite exit code', (t) => {
  const dir = scratch();
  writeFileSync(join(dir, 'file'), '');
  const run = vigil(['suite', resolve(repoRoot, 'test/fixtures/suites/wrong.yaml'), '--junit', join(dir, 'no', 'j.xml'), '--report-dir', join(dir, 'file', 'reports')]);
  t.is(run.status, 1);
  t.regex(run.stdout, /one wrong expectation: 1 passed, 1 failed/);
  t.is(
    run.stderr,
    `vigil: --junit ${join(dir, 'no', 'j.xml')}: cannot write the file: no such directory (ENOENT)\n` +
      `vigil: --report-dir ${join(dir, 'file', 'reports')}: cannot write the file: a part of the path is not a directory (ENOTDIR)\n`,
  );
});

test('a full stdout is one line on stderr, no stack trace, and the verdict exit code', (t) => {
  const full = openSync('/dev/full', 'w');
  try {
    for (const [args, status] of [[['check', 'diehard'], 12], [['check', 'twophase'], 153]] as const) {
      const run = spawnSync(process.execPath, [resolve(repoRoot, 'dist/checker/cli/main.js'), ...args], { cwd: repoRoot, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      t.is(run.status, status);
      t.is(run.stderr, 'vigil: cannot write to standard output: no space left on the device (ENOSPC)\n');
    }
  } finally {
    closeSync(full);
  }
});

test('suite --report-dir gives entries whose names collide distinct files', (t) => {
  const dir = scratch();
  const suite = join(dir, 'suite.yaml');
  writeFileSync(suite, ['name: collide', 'entries:', '  - name: a/b', '    model: diehard', '    expect: ok', '  - name: a?b', '    model: diehard', '    expect: ok', '  - name: A_B', '    model: diehard', '    expect: ok', ''].join('\n'));
  mkdirSync(join(dir, 'r'));
  const run = vigil(['suite', suite, '--report-dir', join(dir, 'r')]);
  t.is(run.status, 1);
  t.deepEqual(readdirSync(join(dir, 'r')).sort(), ['A_B-3.html', 'a_b-2.html', 'a_b.html', 'index.html']);
  // The suite index links each entry to its own report.
  const index = readFileSync(join(dir, 'r', 'index.html'), 'utf8');
  for (const [name, file] of [['a/b', 'a_b.html'], ['a?b', 'a_b-2.html'], ['A_B', 'A_B-3.html']]) t.true(index.includes(`<a href="${file}">${name}</a>`), name);
});
