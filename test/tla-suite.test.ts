import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-suite-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('suite: .tla entries (paths beside the suite, config:, deadlock:) meet their expectations', (t) => {
  const junit = join(dir, 'ok.xml');
  const run = vigil(['suite', fixture('suite.yaml'), '--junit', junit]);
  t.is(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  t.regex(lines[0]!, /^PASS counter-ok \(ok, 6 distinct, 18 generated, depth 3, \d+ms\)$/);
  t.regex(lines[1]!, /^PASS counter-small \(invariant Small, 5 distinct, 9 generated, depth 3, trace 3, \d+ms\)$/);
  t.regex(lines[2]!, /^PASS values-deadlock \(deadlock, 15 distinct, 15 generated, depth 4, trace 4, \d+ms\)$/);
  t.regex(lines[3]!, /^PASS values-no-deadlock \(ok, 15 distinct, 15 generated, depth 4, \d+ms\)$/);
  t.regex(lines[4]!, /^tla-suite: 4 passed, 0 failed/);
  t.regex(readFileSync(junit, 'utf8'), /<testsuite name="tla-suite" tests="4" failures="0" errors="0"/);
});

test('suite --json: a .tla entry\'s result has the check fields', (t) => {
  const run = vigil(['suite', fixture('suite.yaml'), '--json']);
  t.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.is(report.passed, true);
  t.like(report.entries[1], { name: 'counter-small', passed: true, result: { model: 'Counter', verdict: 'invariant', property: 'Small', distinctStates: 5, traceLength: 3, exitCode: 12 } });
});

test('suite: a .tla entry that misses its expectation, or cannot run, fails (exit 1) with the reason; DSL-only fields are refused', (t) => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    [
      'name: bad',
      'entries:',
      `  - { name: wrong, model: ${fixture('Counter.tla')}, expect: { verdict: ok, distinctStates: 7 } }`,
      `  - { name: consts, model: ${fixture('Counter.tla')}, constants: { Max: 3 }, expect: ok }`,
      '  - { name: missing, model: Nope.tla, expect: ok }',
      '  - { name: dsl, model: twophase, config: x.cfg, expect: ok }',
      '',
    ].join('\n'),
  );
  const junit = join(dir, 'bad.xml');
  const run = vigil(['suite', file, '--junit', junit]);
  t.is(run.status, 1, run.stderr);
  const lines = run.stdout.split('\n');
  t.regex(lines[0]!, /^FAIL wrong \(ok, 6 distinct, 18 generated, depth 3, \d+ms\): expected distinct states 7, got 6$/);
  t.is(lines[1], `FAIL consts (did not run): ${file}: entries[1].constants: a .tla model takes this from its .cfg file, got {"Max":3}`);
  t.is(lines[2], `FAIL missing (did not run): ${join(dir, 'Nope.tla')}: no such file`);
  t.is(lines[3], `FAIL dsl (did not run): ${file}: entries[3].config: only a .tla model takes a config file, got "x.cfg"`);
  t.regex(readFileSync(junit, 'utf8'), /tests="4" failures="1" errors="3"/);
});
