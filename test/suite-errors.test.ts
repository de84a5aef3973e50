import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { check } from '../checker/index.js';
import { registry } from '../models/registry.js';
import badParams from './fixtures/bad-params.js';
import { repoRoot, vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

test('a throwing params function is exit 75 naming the action and the state', (t) => {
  const result = check(badParams);
  t.is(result.verdict, 'error');
  t.is(result.exitCode, 75);
  t.is(result.message, 'action Step: computing its parameters failed: no parameters at two (in state [x |-> 2])');
  t.deepEqual(result.trace!.map((s) => (s.state as { x: number }).x), [0, 1, 2, 2]);
});

test('an initialWhere space too large to enumerate is one line, exit 150', async (t) => {
  const bakery = (await registry['tlaplus/Bakery']!()).default;
  const error = t.throws(() => check(bakery, { constants: { N: 3, MaxNat: 1 } }));
  t.is(error?.message, 'initialWhere: the typed state space has 5,159,780,352 states, more than 200,000,000 can be enumerated');
  const run = vigil(['check', 'tlaplus/Bakery', '--const', 'N=3', '--const', 'MaxNat=1']);
  t.is(run.status, 150);
  t.is(run.stderr, 'vigil: initialWhere: the typed state space has 5,159,780,352 states, more than 200,000,000 can be enumerated\n');
});

test('an error in one suite entry fails that entry; later entries run and JUnit records it', (t) => {
  const suite = writeTemp('suite.yaml', '');
  const junit = join(dirname(suite), 'junit.xml');
  writeFileSync(
    suite,
    [
      'name: errors',
      'entries:',
      '  - name: params throw',
      `    model: ${resolve(repoRoot, 'dist/test/fixtures/bad-params.js')}`,
      '    expect: ok',
      '  - name: "too large \\u0001 to enumerate"',
      '    model: tlaplus/Bakery',
      '    constants: { N: 3, MaxNat: 1 }',
      '    expect: ok',
      '  - name: diehard still runs',
      '    model: diehard',
      '    expect: { verdict: invariant, property: NotSolved }',
      '',
    ].join('\n'),
  );
  const run = vigil(['suite', suite, '--junit', junit]);
  t.is(run.status, 1);
  t.is(run.stderr, '');
  const lines = run.stdout.trim().split('\n');
  t.regex(lines[0]!, /^FAIL params throw \(error, .*\): expected verdict ok, got error$/);
  t.is(lines[1], 'FAIL too large \u0001 to enumerate (did not run): initialWhere: the typed state space has 5,159,780,352 states, more than 200,000,000 can be enumerated');
  t.regex(lines[2]!, /^PASS diehard still runs/);
  t.regex(lines[3]!, /^errors: 1 passed, 2 failed/);
  const xml = readFileSync(junit, 'utf8');
  t.regex(xml, /<testsuite name="errors" tests="3" failures="1" errors="1"/);
  t.regex(xml, /<testcase classname="errors" name="too large \\u0001 to enumerate" time="0.000">\n    <error message="initialWhere: the typed state space has 5,159,780,352 states/);
  t.false(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml), 'JUnit XML holds no control character');
});
