import test from 'ava';
import { check } from '../checker/index.js';
import counterGrid from '../models/examples/counter-grid.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import race from '../models/examples/race.js';
import twophase from '../models/examples/twophase.js';
import { checkBothEngines } from './helpers/engines.js';

test('twophase RM=3 matches TLC (288 / 1,146 / 11) in both engines', (t) => {
  const result = checkBothEngines(t, twophase, { RM: 3 });
  t.is(result.verdict, 'ok');
  t.is(result.distinctStates, 288);
  t.is(result.generatedStates, 1146);
  t.is(result.depth, 11);
  t.is(result.exitCode, 0);
  t.true(result.complete);
});

test('twophase RM=5 gives 8,832 / 58,146 / 17', (t) => {
  const result = check(twophase, { constants: { RM: '5' } });
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [8832, 58146, 17]);
});

test('diehard violates NotSolved with the 7-state solution in both engines', (t) => {
  const result = checkBothEngines(t, diehard);
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'NotSolved');
  t.is(result.exitCode, 12);
  t.is(result.trace!.length, 7);
  t.deepEqual(result.trace![6]!.state, { big: 4, small: 3 });
  t.is(result.trace![0]!.action, 'Init');
});

test('counter-grid N=3 K=4 has K^N distinct, 1 + N·K^N generated, depth N(K-1)+1', (t) => {
  const result = checkBothEngines(t, counterGrid, { N: 3, K: 4 });
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [64, 193, 10]);
});

test('lock-order deadlocks after both threads take their first lock', (t) => {
  const result = checkBothEngines(t, lockOrder);
  t.is(result.verdict, 'deadlock');
  t.is(result.exitCode, 11);
  t.deepEqual(
    result.trace!.map((s) => s.action),
    ['Init', 'T1: take first lock', 'T2: take first lock'],
  );
  t.deepEqual(result.trace!.map((s) => s.actor), [null, 'T1', 'T2']);
});

test('lock-order without deadlock checking explores every state', (t) => {
  const result = check(lockOrder, { checkDeadlock: false });
  t.is(result.verdict, 'ok');
  // 4 x 4 program-counter pairs, minus the three where both threads would hold one lock.
  t.is(result.distinctStates, 13);
});

test('race (the README tutorial) loses an update with a 5-state trace in both engines', (t) => {
  const result = checkBothEngines(t, race, { N: 2 });
  t.deepEqual([result.verdict, result.property, result.trace!.length], ['invariant', 'AllIncrementsCount', 5]);
  t.deepEqual(
    result.trace!.map((s) => s.action),
    ['Init', 'T1: read counter', 'T2: read counter', 'T1: write counter + 1', 'T2: write counter + 1'],
  );
});

test('race with atomic increments holds, and terminal states are not deadlocks', (t) => {
  const result = checkBothEngines(t, race, { N: 3, atomic: true });
  t.is(result.verdict, 'ok');
  // Every order of three atomic increments, each thread remembering what it read:
  // 1 + 3 + 6 + 6 states, and every step reaches a new one.
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [1 + 3 + 6 + 6, 1 + 3 + 6 + 6, 4]);
});
