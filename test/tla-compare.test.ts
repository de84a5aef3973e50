import test from 'ava';
import { resolve } from 'node:path';
import { compareTlaModels } from '../checker/tla/compare.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

test('compareTlaModels: each property checked on its own in both models, a witness where the verdicts differ', async (t) => {
  const comparison = compareTlaModels(await loadTlaModel(fixture('Owners.tla')), await loadTlaModel(fixture('Owners.tla'), fixture('OwnersOne.cfg')));
  t.deepEqual([comparison.a.label, comparison.a.distinct, comparison.b.label, comparison.b.distinct], ['Owners.tla (Owners.cfg)', 6, 'Owners.tla (OwnersOne.cfg)', 4]);
  t.deepEqual(
    comparison.properties.map((p) => [p.name, p.kind, p.a.status, p.a.traceLength, p.b.status, p.differs]),
    [
      ['Small', 'invariant', 'violated', 3, 'holds', true],
      ['deadlock', 'deadlock', 'holds', null, 'holds', false],
    ],
  );
  const witness = comparison.properties[0]!.witness!;
  t.is(witness.side, 'a');
  t.deepEqual(witness.labels, ['Initial predicate', 'Inc', 'Inc']);
  t.is(witness.replay, 'the behaviours part: the witness: states[2]: not a legal step from states[1]: the only candidate has x = 0, states[2] has x = 2');
});

/** `vigil compare Owners.tla --vs OwnersOne.cfg`, line by line. */
const COMPARED = [
  'Vigil: comparing A = Owners.tla (Owners.cfg), B = Owners.tla (OwnersOne.cfg) (6 and 4 reachable states)',
  '',
  'property  kind       A                    B',
  'Small     invariant  violated (3 states)  holds  <- differs',
  'deadlock  deadlock   holds                holds',
  '',
  '1 property has a different verdict.',
  '',
  'Small (invariant): violated (3 states) with A, holds with B.',
  'Replayed with B: the behaviours part: the witness: states[2]: not a legal step from states[1]: the only candidate has x = 0, states[2] has x = 2.',
  'Shortest counterexample with A (3 states):',
  'State 1: <Initial predicate>',
  '/\\ x = 0',
  '/\\ owner = p1',
  '',
  'State 2: <Inc>',
  '/\\ x = 1',
  '',
  'State 3: <Inc>',
  '/\\ x = 2',
  '',
].join('\n');

test('vigil compare Spec.tla --vs B.cfg: the table, the difference and its counterexample with only the changed variables', (t) => {
  const compared = vigil(['compare', 'Owners.tla', '--vs', 'OwnersOne.cfg'], { cwd: fixture('.') });
  t.is(compared.status, 0, compared.stderr);
  t.is(compared.stdout, COMPARED);
});

test('vigil compare A.tla B.tla: properties only one declares differ; --fail-on-diff exits 1; --json carries the witness', (t) => {
  const run = vigil(['compare', fixture('Owners.tla'), fixture('Counter.tla'), '--fail-on-diff']);
  t.is(run.status, 1, run.stderr);
  t.regex(run.stdout, /\nTypeOK    invariant  not declared         holds         <- differs\n/);
  t.regex(run.stdout, /\nReplayed with B: it cannot be replayed there: the witness: vars: the spec's variable "y" is missing\.\n/);
  const json = vigil(['compare', fixture('Owners.tla'), '--vs', fixture('OwnersOne.cfg'), '--json']);
  t.is(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  t.true(report.differs);
  t.deepEqual(report.properties[0].witness.trace, [{ x: '0', owner: 'p1' }, { x: '1', owner: 'p1' }, { x: '2', owner: 'p1' }]);
  const both = vigil(['compare', fixture('Owners.tla'), fixture('Counter.tla'), '--vs', 'x.cfg']);
  t.is(both.status, 151);
  t.is(both.stderr, 'vigil: compare A.tla B.tla takes no --vs: B is checked with B.cfg beside it\n');
});
