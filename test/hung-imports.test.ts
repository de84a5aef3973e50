import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

const neverSettles = () => writeTemp('never.mjs', 'await new Promise(() => {});\nexport default null;\n');
const loopsForever = () => writeTemp('spin.mjs', 'for (;;) {}\nexport default null;\n');

test('check: a model whose top-level await never settles exits 150 with one line', (t) => {
  const model = neverSettles();
  const run = vigil(['check', model]);
  t.is(run.status, 150);
  t.is(run.stdout, '');
  t.is(run.stderr, `vigil: model ${model} did not finish loading: its top-level await never settles\n`);
});

test('simulate: a model whose top-level await never settles exits 150 with one line', (t) => {
  const model = neverSettles();
  const run = vigil(['simulate', model]);
  t.is(run.status, 150);
  t.is(run.stderr, `vigil: model ${model} did not finish loading: its top-level await never settles\n`);
});

test('suite: an entry whose model never finishes loading is an error entry, the rest run, JUnit is written', (t) => {
  const model = neverSettles();
  const suite = join(dirname(model), 'suite.yaml');
  const junit = join(dirname(model), 'j.xml');
  const text = `name: hung\nentries:\n  - name: hangs\n    model: ${model}\n    expect: ok\n  - name: twophase\n    model: twophase\n    expect: ok\n`;
  writeFileSync(suite, text);
  const run = vigil(['suite', suite, '--junit', junit]);
  t.is(run.status, 1);
  t.regex(run.stdout, /^FAIL hangs \(did not run\): model .*never\.mjs did not finish loading: its top-level await never settles$/m);
  t.regex(run.stdout, /^PASS twophase /m);
  t.true(existsSync(junit));
  t.regex(readFileSync(junit, 'utf8'), /tests="2"/);
});

test('a model that loops forever at import is stopped by --load-timeout: 150, one line', (t) => {
  const model = loopsForever();
  const run = vigil(['check', model, '--load-timeout', '1']);
  t.is(run.status, 150);
  t.is(run.stderr, `vigil: model ${model} did not finish loading within 1 s (does it loop at import? --load-timeout SECONDS allows more)\n`);
});

test('--load-timeout must be a positive number of seconds', (t) => {
  const run = vigil(['check', 'twophase', '--load-timeout', 'soon']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --load-timeout: expected a positive number, got "soon"\n');
});
