import test from 'ava';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { check, checkParallel, referenceCheck } from '../checker/index.js';
import diehard from '../models/examples/diehard.js';
import edge from './fixtures/edge-models.js';
import { vigil, vigilJson } from './helpers/cli.js';
import { counterexampleItf, writeTemp } from './helpers/traces.js';
import { defineSpec, model, t as types } from '../spec/index.js';

const edgeUrl = new URL('./fixtures/edge-models.js', import.meta.url).href;

test('a model with no initial state is an error (75), as in TLC', async (t) => {
  const none = check(edge, { constants: { shape: 'no-init' } });
  t.deepEqual([none.verdict, none.exitCode, none.message], ['error', 75, 'There is no state satisfying the initial state predicate.']);
  const constrained = check(edge, { constants: { shape: 'init-constrained' } });
  t.deepEqual([constrained.verdict, constrained.exitCode, constrained.message], ['error', 75, 'There is no state satisfying the initial state predicate and the state constraint.']);
  const parallel = await checkParallel({ moduleUrl: edgeUrl }, 2, { constants: { shape: 'no-init' } });
  t.deepEqual([parallel.verdict, parallel.exitCode], ['error', 75]);
  const run = vigil(['check', 'dist/test/fixtures/edge-models.js']);
  t.is(run.status, 75);
  t.is(run.stderr, 'vigil: There is no state satisfying the initial state predicate.\n');
});

test('"possible" properties are evaluated on successors a constraint drops, like invariants (both engines)', (t) => {
  const fast = check(edge, { constants: { shape: 'possible-beyond' } });
  t.deepEqual([fast.verdict, fast.distinctStates, fast.generatedStates, fast.complete], ['ok', 2, 3, false]);
  const reference = referenceCheck(edge, { constants: { shape: 'possible-beyond' } });
  t.is(reference.verdict, 'ok');
});

test('maxDepth must be a positive integer, in YAML and on the command line', (t) => {
  for (const bad of ['-5', '0', '2.5']) {
    const file = writeTemp('run.yaml', `model: diehard\nmaxDepth: ${bad}\n`);
    const run = vigil(['check', file]);
    t.is(run.status, 151, bad);
    t.is(run.stderr, `vigil: ${file}: maxDepth: expected a positive integer, got ${bad}\n`);
  }
  for (const bad of ['2.5', '0x5', '0', '1e3']) {
    const run = vigil(['check', 'diehard', '--max-depth', bad]);
    t.is(run.status, 151, bad);
    t.is(run.stderr, `vigil: --max-depth: expected a positive integer, got "${bad}"\n`);
  }
  t.throws(() => check(diehard, { maxDepth: 2.5 }), { message: 'maxDepth: expected a positive integer, got 2.5' });
});

test('--workers has an upper bound', async (t) => {
  const run = vigil(['check', 'diehard', '--workers', '999']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --workers: expected an integer from 1 to 64 or auto, got "999"\n');
  await t.throwsAsync(() => checkParallel({ moduleUrl: edgeUrl }, 65), { message: '--workers: expected an integer from 1 to 64, got 65' });
});

test('large input files are refused before they are parsed', (t) => {
  const yaml = writeTemp('big.yaml', `model: diehard\nconstants:\n${'  # padding\n'.repeat(100_000)}`);
  const run = vigil(['check', yaml]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${yaml}: the file has 1,200,026 bytes, more than the 1 MiB allowed\n`);
});

test('long sequences are refused when the model is built, deeply nested traces when read', (t) => {
  t.throws(() => types.seq(types.bool(), 1e5), { message: 't.seq: maxLength 100000 is more than 4096' });
  const itf = counterexampleItf(diehard);
  const deep = JSON.stringify({ ...itf, states: [{ ...itf.states[0], big: 'X' }] }).replace('"X"', `${'['.repeat(100_000)}1${']'.repeat(100_000)}`);
  const file = writeTemp('deep.itf.json', deep);
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: values are nested more than 256 levels deep\n`);
});

test('replay does not echo terminal escape sequences from the trace file', (t) => {
  const itf = counterexampleItf(diehard);
  const file = writeTemp('esc.itf.json', { ...itf, '#meta': { ...itf['#meta'], verdict: 'invariant', property: 'X\u001b]0;pwned\u0007\u009b2J' } });
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.false(/[\u001b\u0007\u009b]/.test(run.stderr + run.stdout));
  t.is(run.stderr, `vigil: ${file}: the trace claims invariant X\\u001b]0;pwned\\u0007\\u009b2J is violated, but model diehard has no invariant X\\u001b]0;pwned\\u0007\\u009b2J\n`);
});

test('a replay claim about a property the model does not have says so', (t) => {
  const itf = counterexampleItf(diehard);
  const file = writeTemp('claim.itf.json', { ...itf, '#meta': { ...itf['#meta'], verdict: 'invariant', property: 'Nope' } });
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: the trace claims invariant Nope is violated, but model diehard has no invariant Nope\n`);
});

test('an invariant listed twice is checked once', (t) => {
  let evaluations = 0;
  const counted = defineSpec({
    name: 'counted',
    build: () =>
      model({ x: types.int(0, 2) })
        .initial({ x: 0 })
        .action('Inc', { when: (s) => s.x < 2 }, (n, _, s) => void (n.x = s.x + 1))
        .invariant('Counted', () => (evaluations++, true))
        .deadlock(false),
  });
  check(counted, { invariants: ['Counted', 'Counted'] });
  t.is(evaluations, 3);
  const { report } = vigilJson(['check', 'diehard', '--invariant', 'NotSolved', '--invariant', 'NotSolved', '--continue']);
  t.deepEqual(report.violations.map((v: { property: string }) => v.property), ['NotSolved']);
  writeFileSync(join(dirname(writeTemp('x', '')), 'y'), '');
});
