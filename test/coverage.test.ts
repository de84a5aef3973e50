import test from 'ava';
import { check } from '../checker/index.js';
import deadAction from './fixtures/dead-action.js';
import { vigil, vigilJson } from './helpers/cli.js';

const fixture = 'dist/test/fixtures/dead-action.js';

test('coverage counts, per action, the states it was enabled in, its successors and its new states', (t) => {
  const result = check(deadAction, { coverage: true });
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinctStates, result.generatedStates], [8, 17]);
  t.deepEqual(result.coverage, [
    { action: 'Inc', enabled: 6, generated: 6, distinct: 3 },
    { action: 'Dec', enabled: 6, generated: 6, distinct: 0 },
    { action: 'Reset', enabled: 0, generated: 0, distinct: 0 },
    { action: 'P: go', enabled: 4, generated: 4, distinct: 4 },
    { action: 'P: stop', enabled: 0, generated: 0, distinct: 0 },
    { action: 'P: unreached', enabled: 0, generated: 0, distinct: 0 },
  ]);
});

test('coverage: enabled counts states, not parameter instances', (t) => {
  // twophase RM=3: RMPrepare has one instance per resource manager.
  const { report } = vigilJson(['check', 'twophase', '--coverage']);
  const rows = report.coverage as { action: string; enabled: number; generated: number; distinct: number }[];
  const generated = rows.reduce((sum, row) => sum + row.generated, 0);
  const distinct = rows.reduce((sum, row) => sum + row.distinct, 0);
  t.is(generated + 1, report.generatedStates); // one initial state
  t.is(distinct + 1, report.distinctStates);
  t.true(rows.every((row) => row.enabled <= row.generated));
  t.true(rows.some((row) => row.enabled < row.generated));
});

test('never-enabled actions are reported without --coverage, and coverage stays off', (t) => {
  const result = check(deadAction);
  t.deepEqual(result.neverEnabled, ['Reset', 'P: stop', 'P: unreached']);
  t.is(result.coverage, null);
});

test('the text report warns about each never-enabled action on every run', (t) => {
  const run = vigil(['check', fixture]);
  t.is(run.status, 0);
  t.true(run.stdout.includes('\nWarning: 3 actions were never enabled; properties may hold vacuously:\n  Reset\n  P: stop\n  P: unreached\n'));
  t.false(run.stdout.includes('Coverage'));
});

test('--coverage prints the table, never-enabled rows marked', (t) => {
  const run = vigil(['check', fixture, '--coverage']);
  t.is(run.status, 0);
  t.true(run.stdout.includes('  Inc                    6           6           3\n'));
  t.true(run.stdout.includes('  Reset                  0           0           0   <- never enabled\n'));
});

test('a model whose actions all fire has no warning', (t) => {
  const { report } = vigilJson(['check', 'diehard', '--no-invariants']);
  t.deepEqual(report.neverEnabled, []);
});

test('--coverage with --workers is refused with one line (workers do not count coverage)', (t) => {
  const run = vigil(['check', 'twophase', '--workers', '2', '--coverage']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --coverage counts in the single-worker engine only: omit --workers\n');
});
