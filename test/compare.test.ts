import test from 'ava';
import { compareConfigurations } from '../checker/index.js';
import lostUpdate from './fixtures/lost-update.js';
import { vigil } from './helpers/cli.js';

const atomic = { label: 'variant=ATOMIC', constants: {} };
const split = { label: 'variant=SPLIT', constants: { variant: 'SPLIT' } };

test('compare gives every property in both configurations and marks where verdicts differ', (t) => {
  const comparison = compareConfigurations(lostUpdate, atomic, split);
  t.deepEqual(
    comparison.properties.map((p) => [p.name, p.kind, p.a.status, p.b.status, p.differs]),
    [
      ['NoLostUpdate', 'invariant', 'holds', 'violated', true],
      ['NeverDecreases', 'action property', 'holds', 'holds', false],
      ['UpdateLost', 'possible', 'violated', 'holds', true],
      ['FreshRead', 'assertion', 'holds', 'holds', false],
      ['deadlock', 'deadlock', 'holds', 'holds', false],
    ],
  );
});

test('a failed step assertion does not stop the other properties from being decided by the check', (t) => {
  const checked = { label: 'variant=ATOMIC', constants: { checkWrite: 'true' } };
  const splitChecked = { label: 'variant=SPLIT', constants: { checkWrite: 'true', variant: 'SPLIT' } };
  const comparison = compareConfigurations(lostUpdate, checked, splitChecked);
  t.deepEqual(
    comparison.properties.map((p) => [p.name, p.b.status, p.b.decidedBy, p.differs]),
    [
      ['NoLostUpdate', 'holds', 'checker', false],
      ['NeverDecreases', 'holds', 'checker', false],
      ['UpdateLost', 'violated', 'checker', false],
      ['FreshRead', 'violated', 'checker', true],
      ['deadlock', 'holds', 'checker', false],
    ],
  );
  const fresh = comparison.properties.find((p) => p.name === 'FreshRead')!;
  t.deepEqual(fresh.witness!.trace!.map((s) => s.action), ['Init', 'W1: read count', 'W2: read count', 'W1: write seen + 1', 'W2: write seen + 1']);
});

test('each difference carries a shortest witness from the configuration that shows it', (t) => {
  const comparison = compareConfigurations(lostUpdate, atomic, split);
  const invariant = comparison.properties.find((p) => p.name === 'NoLostUpdate')!;
  t.is(invariant.witness!.side, 'b');
  t.is(invariant.witness!.kind, 'counterexample');
  t.is(invariant.witness!.trace!.length, invariant.b.traceLength!);
  t.deepEqual(invariant.witness!.trace!.map((s) => s.action), ['Init', 'W1: read count', 'W2: read count', 'W1: write seen + 1', 'W2: write seen + 1']);
  // Not the engine's first finding, so the witness comes from the bounded search: an example state.
  const possible = comparison.properties.find((p) => p.name === 'UpdateLost')!;
  t.is(possible.witness!.kind, 'example');
  t.is(possible.witness!.trace!.length, 5);
  t.deepEqual(possible.witness!.trace!.at(-1)!.state, { count: 1, W: { 1: { pc: 'done', seen: 0 }, 2: { pc: 'done', seen: 0 } } });
  t.is(comparison.properties.find((p) => p.name === 'deadlock')!.witness, null);
});

test('vigil compare prints the verdict table and the witnesses', (t) => {
  const run = vigil(['compare', 'dist/test/fixtures/lost-update.js', '--vs', 'variant=SPLIT']);
  t.is(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  t.deepEqual(lines.slice(0, 10), [
    'Vigil: comparing lost-update: A = variant=ATOMIC, B = variant=SPLIT',
    '',
    'property        kind             variant=ATOMIC   variant=SPLIT',
    'NoLostUpdate    invariant        holds            violated (5 states)  <- differs',
    'NeverDecreases  action property  holds            holds',
    'UpdateLost      possible         never satisfied  satisfied            <- differs',
    'FreshRead       assertion        holds            holds',
    'deadlock        deadlock         holds            holds',
    '',
    '2 properties have a different verdict.',
  ]);
  t.true(lines.includes('NoLostUpdate (invariant: when both workers are done, the counter is 2): holds with variant=ATOMIC, violated (5 states) with variant=SPLIT.'));
  t.true(lines.includes('Shortest counterexample with variant=SPLIT (5 states):'));
  t.true(lines.includes('Shortest example with variant=SPLIT (5 states):'));
});

test('vigil compare needs --vs and rejects unknown constants', (t) => {
  const none = vigil(['compare', 'diehard']);
  t.is(none.status, 151);
  t.is(none.stderr, 'vigil: compare needs at least one --vs NAME=VALUE (the constants that differ in the second configuration)\n');
  const unknown = vigil(['compare', 'diehard', '--vs', 'N=3']);
  t.is(unknown.status, 151);
  t.is(unknown.stderr, 'vigil: --vs N: unknown constant (known: none)\n');
});
