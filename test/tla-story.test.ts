import test from 'ava';
import { resolve } from 'node:path';
import { labelledSuccessors, splitActions, traceLabels } from '../checker/tla/actions.js';
import { searchTla } from '../checker/tla/search.js';
import { keyOf, type Value } from '../checker/tla/values.js';
import { checkTlaModel } from '../checker/tla/liveness.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

test('TLC actions: Next split at its disjunctions, each named by its operator, its definition, or its place', async (t) => {
  const tokens = await loadTlaModel(fixture('Owners.tla'));
  t.deepEqual(splitActions(tokens).map((a) => a.label), ['Inc', 'Next line 14, col 12 of module Owners']);
  const counter = await loadTlaModel(fixture('Counter.tla'));
  // Through SPECIFICATION's [][Next]_vars: Inc's whole body is one action.
  t.deepEqual(splitActions(counter).map((a) => a.label), ['Inc', 'Flip']);
  const result = checkTlaModel({ ...tokens, invariants: tokens.invariants });
  t.deepEqual(traceLabels(tokens, splitActions(tokens), result.trace), ['Initial predicate', 'Inc', 'Inc']);
});

test('check Spec.tla --format story: one line per step with its action and changes, the verdict and the command again', (t) => {
  const run = vigil(['check', 'Owners.tla', '--format', 'story'], { cwd: fixture('.') });
  t.is(run.status, 12, run.stderr);
  t.is(
    run.stdout,
    [
      'Owners: invariant Small violated (3 states)',
      'with Procs = {p1, p2}, Max = 2',
      '    2     Inc  x=1',
      '    3     Inc  \u2717 Small x=2',
      '',
      'Verdict: Invariant Small is violated.',
      'Reproduce: vigil check Owners.tla --config Owners.cfg',
      '',
    ].join('\n'),
  );
});

test('check Spec.tla --format story on a lasso and on a run without error', (t) => {
  const lasso = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveUnfair.cfg'), '--format', 'story']);
  t.is(lasso.status, 13, lasso.stderr);
  t.true(lasso.stdout.startsWith('Live: property Reaches violated (1 states)\n      \u21ba stays in state 1 for ever (stuttering)\n\nVerdict: Temporal properties were violated.\n'), lasso.stdout);
  const ok = vigil(['check', 'Counter.tla', '--format', 'story', '--no-liveness'], { cwd: fixture('.') });
  t.is(ok.status, 0, ok.stderr);
  t.is(ok.stdout.split('\n').slice(0, 4).join('\n'), 'Counter: no error found\nwith Max = 2\nVerdict: Model checking completed. No error has been found.\n6 distinct states, 18 generated, depth 3.');
  t.true(ok.stdout.endsWith('Reproduce: vigil check Counter.tla --config Counter.cfg --no-liveness\n'), ok.stdout);
  const bad = vigil(['check', fixture('Counter.tla'), '--format', 'html']);
  t.is(bad.status, 151);
  t.is(bad.stderr, 'vigil: --format: expected tlc or story, got "html"\n');
});

test('check Spec.tla --diff: after the first state only the changed variables, each state with its action', (t) => {
  const run = vigil(['check', fixture('Owners.tla'), '--diff']);
  t.is(run.status, 12, run.stderr);
  t.true(
    run.stdout.startsWith(
      ['Error: Invariant Small is violated.', 'Error: The behavior up to this point is:', 'State 1: <Initial predicate>', '/\\ x = 0', '/\\ owner = p1', '', 'State 2: <Inc>', '/\\ x = 1', '', 'State 3: <Inc>', '/\\ x = 2', '', '4 states generated'].join('\n'),
    ),
    run.stdout,
  );
});

test('check Spec.tla --coverage: per action, distinct new states and states generated, as TLC -coverage prints them', (t) => {
  // TLC 2026.04 -coverage 1 on the same specs: Counter <Init>: 2:2, <Inc>: 4:4, <Flip>: 0:12;
  // Owners (without its invariant) <Init>: 1:1, <Inc>: 4:8, the unnamed disjunct of Next 1:2.
  const counter = vigil(['check', fixture('Counter.tla'), '--coverage', '--no-liveness']);
  t.is(counter.status, 0, counter.stderr);
  t.true(counter.stdout.endsWith('Coverage by action (distinct new states:states generated):\n<Init>: 2:2\n<Inc>: 4:4\n<Flip>: 0:12\nEnd of coverage.\n'), counter.stdout);
  const json = vigil(['check', fixture('Owners.tla'), '--config', fixture('OwnersOne.cfg'), '--coverage', '--json']);
  t.is(json.status, 0, json.stderr);
  t.deepEqual(JSON.parse(json.stdout).coverage, [
    { label: 'Init', distinct: 1, generated: 1 },
    { label: 'Inc', distinct: 2, generated: 4 },
    { label: 'Next line 14, col 12 of module Owners', distinct: 1, generated: 2 },
  ]);
  const violated = vigil(['check', fixture('Owners.tla'), '--coverage']);
  t.is(violated.status, 12);
  t.true(violated.stdout.endsWith('The depth of the complete state graph search is 3.\nCoverage: not computed, the check did not complete (invariant).\n'), violated.stdout);
  const bounded = vigil(['check', fixture('Counter.tla'), '--coverage', '--max-depth', '2', '--no-liveness']);
  t.is(bounded.status, 0);
  t.true(bounded.stdout.endsWith('The depth of the state graph search is 2.\nCoverage: not computed, the check did not complete (cut by depth).\n'), bounded.stdout);
});

test('an existential over a disjunction is split per value and disjunct, as TLC splits it: labels and coverage', async (t) => {
  const pairs = await loadTlaModel(fixture('Pairs.tla'));
  t.deepEqual(splitActions(pairs).map((a) => a.label), ['Send', 'Stop', 'Send', 'Stop']);
  // TLC 2026.04 -coverage 1 on Pairs.tla: <Init ...>: 1:1, <Send ...>: 5:12, <Stop ...>: 6:8; 21 generated, 12 distinct.
  const run = vigil(['check', fixture('Pairs.tla'), '--coverage']);
  t.is(run.status, 0, run.stderr);
  t.true(run.stdout.endsWith('21 states generated, 12 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 4.\nCoverage by action (distinct new states:states generated):\n<Init>: 1:1\n<Send>: 5:12\n<Stop>: 6:8\nEnd of coverage.\n'), run.stdout);
});

test('the split actions generate the same successors, in the same order, as Next whole, in every reachable state', async (t) => {
  for (const name of ['Owners', 'Counter', 'Pairs', 'Values', 'Actions', 'Compose', 'Split', 'Symmetric']) {
    const model = await loadTlaModel(fixture(`${name}.tla`));
    const run = { ...model, invariants: [], properties: [], checkDeadlock: false };
    const states = searchTla(run, { recordGraph: true }).graph!.states;
    const actions = splitActions(run);
    const keys = (list: readonly (readonly Value[])[]) => list.map((s) => s.map(keyOf).join('|'));
    let differing = 0;
    for (const state of states) {
      const whole: Value[][] = [];
      model.enumerator.successors(model.next, model.scope, state, (next) => whole.push(next.slice()));
      const split = labelledSuccessors(run, actions, state, () => true).successors.map((s) => s.state);
      if (keys(whole).join('\n') !== keys(split).join('\n')) differing++;
    }
    t.true(states.length > 0, name);
    t.is(differing, 0, `${name}: ${actions.length} actions, ${states.length} states`);
  }
});
