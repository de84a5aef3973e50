import test from 'ava';
import { check, formatResult } from '../checker/index.js';
import { defineSpec, eventually, infinitelyOften, model, t as types } from '../spec/index.js';

/** A counter 0..3 that wraps; Bad (x = 2) is an invariant; two temporal properties fail, one holds. */
const wrap = defineSpec({
  name: 'wrap',
  constants: {},
  build: () =>
    model({ x: types.int(0, 3) })
      .initial({ x: 0 })
      .action('Inc', (n, _p, s) => void (n.x = (s.x + 1) % 4))
      .invariant('NotTwo', (s) => s.x !== 2)
      .temporal('ReachesFive', eventually((s) => s.x === 5))
      .temporal('VisitsThree', infinitelyOften((s) => s.x === 3))
      .temporal('Never', { forEach: [7, 8] }, (k) => eventually((s) => s.x === k))
      .fairness('WF', { action: 'Inc' }),
});

test('--continue reports every violated temporal property instance, the first with its trace', (t) => {
  const first = check(wrap, { invariants: [] });
  t.is(first.property, 'ReachesFive');
  t.deepEqual(first.violations.map((v) => v.property), ['ReachesFive']);
  const all = check(wrap, { invariants: [], continueAfterViolation: true });
  t.is(all.exitCode, 13);
  t.is(all.property, 'ReachesFive');
  t.deepEqual(all.violations.map((v) => `${v.verdict} ${v.property} ${v.traceLength}`), ['liveness ReachesFive 4', 'liveness Never[7] 4', 'liveness Never[8] 4']);
  t.true(formatResult(all).includes('Also violated: Temporal properties were violated. Property Never[8] (<>P) does not hold. (trace of 4 states)'));
});

test('a --continue run that explored every state checks the temporal properties after an invariant violation', (t) => {
  const stopped = check(wrap, {});
  t.is(stopped.verdict, 'invariant');
  t.deepEqual(stopped.warnings, ['Warning: temporal properties were not checked: the safety search stopped first.']);
  const continued = check(wrap, { continueAfterViolation: true });
  t.is(continued.verdict, 'invariant');
  t.is(continued.exitCode, 12);
  t.deepEqual(continued.warnings, []);
  t.deepEqual(continued.violations.map((v) => `${v.verdict} ${v.property}`), ['invariant NotTwo', 'liveness ReachesFive', 'liveness Never[7]', 'liveness Never[8]']);
  t.is(continued.liveness!.properties, 4);
});
