import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

test('a suite entry without expect: is an error entry, the rest run, and JUnit is written', (t) => {
  const suite = writeTemp(
    'suite.yaml',
    'name: one bad entry\nentries:\n  - name: no expectation\n    model: diehard\n  - name: twophase passes\n    model: twophase\n    expect: ok\n',
  );
  const junit = join(dirname(suite), 'j.xml');
  writeFileSync(junit, 'old');
  const run = vigil(['suite', suite, '--junit', junit]);
  t.is(run.status, 1, run.stderr);
  t.regex(run.stdout, new RegExp(`^FAIL no expectation \\(did not run\\): ${suite.replace(/[.]/g, '\\.')}: entries\\[0\\]\\.expect: .*$`, 'm'));
  t.regex(run.stdout, /^PASS twophase passes /m);
  t.regex(run.stdout, /^one bad entry: 1 passed, 1 failed/m);
  const xml = readFileSync(junit, 'utf8');
  t.regex(xml, /tests="2" failures="0" errors="1"/);
  t.regex(xml, /<testcase classname="one bad entry" name="no expectation"[^>]*>\n    <error message="[^"]*entries\[0\]\.expect: expected a mapping, got nothing">/);
});

test('a suite whose structure is wrong (no entries list) is still refused whole, 151', (t) => {
  const suite = writeTemp('suite.yaml', 'name: nothing\n');
  const run = vigil(['suite', suite]);
  t.is(run.status, 151);
});
