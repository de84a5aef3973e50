// Issue 10 on the vfio-pm model: L1, L2 and L4 as temporal properties (liveness.ts).
import test from 'ava';
import { check } from '../checker/index.js';
import vfioPm from '../models/vfio-pm/index.js';

test('M16 is caught by L1 as a temporal property, with a lasso whose cycle is W suspending and resuming', (t) => {
  const result = check(vfioPm, { constants: { mutant: 'M16', script: 'ENTRY', vcpu: 0, host: 0, liveness: true } });
  t.is(result.verdict, 'liveness');
  t.is(result.exitCode, 13);
  t.is(result.property, 'L1');
  t.is(result.trace!.length, 19);
  t.deepEqual(result.loop, { start: 10, stuttering: false, action: 'W: resume: status ACTIVE, wake waiters, async idle check (R5)' });
  const cycle = result.trace!.slice(result.loop!.start + 1).map((s) => s.actor);
  t.true(cycle.every((actor) => actor === 'W'), cycle.join(','));
  // W5 completes the suspend and starts the deferred resume in one step: on the cycle
  // the device goes ACTIVE -> SUSPENDING -> RESUMING -> ACTIVE and never stays suspended.
  const statuses = new Set(result.trace!.slice(result.loop!.start).map((s) => (s.state as { status: string }).status));
  t.deepEqual([...statuses].sort(), ['ACTIVE', 'RESUMING', 'SUSPENDING']);
});

test('M16 passes every safety property and quiescent invariant of the suite (smoke configuration)', (t) => {
  const result = check(vfioPm, { constants: { mutant: 'M16' }, continueAfterViolation: true });
  t.is(result.verdict, 'ok');
  t.deepEqual(result.violations, []);
  t.is(result.distinctStates, 15295);
});

test("L1, L2 and L4 hold as temporal properties on MERGED's smoke configuration", (t) => {
  const result = check(vfioPm, { constants: { liveness: true } });
  t.is(result.verdict, 'ok');
  t.is(result.distinctStates, 14563);
  t.is(result.liveness!.properties, 3);
  t.is(result.liveness!.states, 14563);
  t.is(result.liveness!.edges, 30717);
  t.deepEqual(result.warnings, []);
});

test('the temporal L1 and L4 find the quiescent-invariant bugs too (M10, H3), as stuttering lassos', (t) => {
  const m10 = check(vfioPm, { constants: { mutant: 'M10', liveness: true }, invariants: [] });
  t.is(m10.property, 'L1');
  t.is(m10.trace!.length, 11);
  t.true(m10.loop!.stuttering);
  const h3 = check(vfioPm, { constants: { pme: 1, pmeInD0: true, threads: 0, vcpu: 0, host: 0, liveness: true }, invariants: [] });
  t.is(h3.property, 'L4');
  t.is(h3.trace!.length, 13);
  t.true(h3.loop!.stuttering);
});
