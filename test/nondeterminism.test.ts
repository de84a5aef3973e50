import test from 'ava';
import { check, checkParallel } from '../checker/index.js';
import nondeterministic from './fixtures/nondeterministic.js';
import { vigil } from './helpers/cli.js';
import { workersFirst } from './helpers/workers-first.js';

const url = new URL('./fixtures/nondeterministic.js', import.meta.url).href;

test('a rebuilt state the search never stored is reported as nondeterminism (75), naming action and state', (t) => {
  const result = check(nondeterministic, { constants: { mode: 'counter' } });
  t.is(result.verdict, 'error');
  t.is(result.exitCode, 75);
  t.is(result.property, null);
  t.is(
    result.message,
    'the model is not deterministic: action Inc from state [x |-> 4] gave different successors when the trace was rebuilt (its successor is not one the search stored)',
  );
  t.deepEqual(result.trace!.map((s) => (s.state as { x: number }).x), [0, 2, 4, 6]);
});

test('a rebuilt last state that does not break the property is reported, not printed as a counterexample', (t) => {
  const result = check(nondeterministic, { constants: { mode: 'last' } });
  t.is(result.exitCode, 75);
  t.is(
    result.message,
    'the model is not deterministic: action Inc from state [x |-> 4] gave different successors when the trace was rebuilt (the rebuilt state satisfies invariant SmallX, which the search found violated)',
  );
});

test('the parallel engine verifies its traces too', async (t) => {
  const result = await checkParallel({ moduleUrl: url }, 2, { constants: { mode: 'counter' } }, workersFirst);
  t.is(result.exitCode, 75);
  t.regex(result.message!, /^the model is not deterministic: action Inc from state \[x \|-> \d+\] gave different successors/);
});

test('vigil check: exit 75 and the nondeterminism line', (t) => {
  const run = vigil(['check', 'dist/test/fixtures/nondeterministic.js']);
  t.is(run.status, 75);
  t.regex(run.stderr, /^vigil: the model is not deterministic: action Inc from state \[x \|-> 4\] gave different successors/);
});
