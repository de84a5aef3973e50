// TLC conformance for the specs of the liveness and symmetry yardstick
// (../shared/conformance/LIVENESS-SYMMETRY.md): the safety exploration of each
// translation is the state graph TLC explores for liveness, so it must give TLC's
// distinct / generated / depth figures exactly, and the reference explorer must agree.
import test from 'ava';
import { check, prepare, replayTrace } from '../checker/index.js';
import { VigilError } from '../checker/errors.js';
import AlternatingBit from '../models/tlaplus/AlternatingBit.js';
import ChangRoberts from '../models/tlaplus/ChangRoberts.js';
import DijkstraMutex from '../models/tlaplus/DijkstraMutex.js';
import LiveHourClock from '../models/tlaplus/LiveHourClock.js';
import Prisoners from '../models/tlaplus/Prisoners.js';
import SingleLaneBridge from '../models/tlaplus/SingleLaneBridge.js';
import type { Spec } from '../spec/index.js';
import { checkBothEngines } from './helpers/engines.js';
import { itfOf, loaded } from './helpers/traces.js';

/** TLC's figures: [distinct, generated, depth]. */
type Figures = readonly [number, number, number];

function matchesTlc(title: string, spec: Spec<any>, constants: Record<string, unknown>, tlc: Figures): void {
  test(`${title} matches TLC (${tlc.join(' / ')}) in both engines`, (t) => {
    const result = checkBothEngines(t, spec, constants);
    t.is(result.verdict, 'ok');
    t.is(result.exitCode, 0);
    t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [...tlc]);
  });
}

// L1, L2: every hour is initial, so the twelve successors are all known states.
matchesTlc('LiveHourClock', LiveHourClock, {}, [12, 24, 1]);
// L3-L6: Prisoner = {p1, p2, p3, p4}, Counter = p1.
matchesTlc('Prisoners (4 prisoners, counter p1)', Prisoners, { Prisoner: 4, Counter: 1 }, [214, 860, 14]);
// L7, L8: N = 3, CHECK_DEADLOCK FALSE.
matchesTlc('ChangRoberts N=3', ChangRoberts, { N: 3 }, [137, 227, 10]);
// L9, L10, S3, S4 (without symmetry): Proc = {p1, p2}; each state has exactly two successors.
matchesTlc('DijkstraMutex Proc={p1,p2}', DijkstraMutex, { Proc: 2 }, [660, 1322, 29]);
// L11, L12, S5 (without symmetry): Data = {d1, d2}, msgQLen = ackQLen = 2, SeqConstraint.
matchesTlc('AlternatingBit Data={d1,d2}, queues of 2', AlternatingBit, { Data: 2, msgQLen: 2, ackQLen: 2 }, [240, 1392, 10]);
// L13: CarsRight = {r1, r2}, CarsLeft = {l1, l2}, Bridge = {4, 5}, Positions = 1..8.
matchesTlc('SingleLaneBridge (MC.cfg)', SingleLaneBridge, { CarsRight: 2, CarsLeft: 2, StartBridge: 4, EndBridge: 5, Positions: 8 }, [3605, 20181, 29]);

// S2 without SYMMETRY and the upstream LSpec-model: the reference explorer is too slow
// for 90,882 states in the test run, so only the fast engine checks it.
test('DijkstraMutex Proc={p1,p2,p3} (the default) matches TLC (90,882 / 282,810 / 54)', (t) => {
  const result = check(DijkstraMutex, {});
  t.is(result.verdict, 'ok');
  t.true(result.complete);
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [90882, 282810, 54]);
});

test('the defaults are the cfgs constants', (t) => {
  for (const [spec, defaults] of [
    // spec and properties select the cfg's SPECIFICATION and PROPERTIES (the liveness rows).
    [Prisoners, { Prisoner: 4, Counter: 1, spec: 'Spec', properties: 'none' }],
    [ChangRoberts, { N: 3, properties: 'none' }],
    [AlternatingBit, { Data: 2, msgQLen: 2, ackQLen: 2, spec: 'ABSpec', properties: 'none' }],
    [SingleLaneBridge, { CarsRight: 2, CarsLeft: 2, StartBridge: 4, EndBridge: 5, Positions: 8, properties: 'none' }],
  ] as const) {
    t.deepEqual(check(spec, {}).constants, defaults, spec.name);
  }
});

test('AlternatingBit: SeqConstraint cuts the search, and the verdict says so', (t) => {
  const result = check(AlternatingBit, {});
  t.is(result.verdict, 'ok');
  t.false(result.complete);
  t.is(result.message, 'Not exhaustive: the state constraint dropped 188 successors.');
});

test('AlternatingBit with longer queues explores more, and the engines agree', (t) => {
  const result = checkBothEngines(t, AlternatingBit, { Data: 2, msgQLen: 3, ackQLen: 2 });
  t.is(result.verdict, 'ok');
  t.true(result.distinctStates > 240);
});

test('Prisoners: a counter who is not a prisoner violates the ASSUME (exit 10)', (t) => {
  const error = t.throws(() => check(Prisoners, { constants: { Prisoner: 3, Counter: 4 } }), { instanceOf: VigilError });
  t.is(error!.message, 'model tlaplus/Prisoners: assumption CounterIsAPrisoner is violated');
  t.is(error!.exitCode, 10);
});

test('ChangRoberts N=4 and Prisoners with 3 prisoners: the engines agree on other sizes', (t) => {
  t.is(checkBothEngines(t, ChangRoberts, { N: 4 }).verdict, 'ok');
  t.is(checkBothEngines(t, Prisoners, { Prisoner: 3, Counter: 2 }).verdict, 'ok');
});

// DijkstraMutex's temp is a oneOf whose values include sets of processes: its ITF
// traces must read back (a #set inside a oneOf value) and replay as legal.
test('a DijkstraMutex counterexample with temp as a set round-trips through ITF and replays', (t) => {
  const p1Never: Spec<any> = {
    ...DijkstraMutex,
    name: 'DijkstraMutex with "p1 never reaches cs"',
    instantiate: (constants) => {
      const def = DijkstraMutex.instantiate(constants);
      return { ...def, invariants: [...def.invariants, { name: 'P1NeverInCs', holds: (s: any) => s.P.p1.pc !== 'cs' }] };
    },
  };
  const result = check(p1Never, { constants: { Proc: 2 } });
  t.is(result.verdict, 'invariant');
  t.is(result.trace!.length, 6);
  const itf = itfOf(result);
  t.deepEqual(itf.states[4]!.P, { p1: { pc: 'Li4b', temp: { '#set': [] } }, p2: { pc: 'Li0', temp: 'defaultInitValue' } });
  const report = replayTrace(prepare(p1Never, { Proc: 2 }).runtime, loaded(p1Never, itf, { Proc: 2 }));
  t.true(report.valid);
  t.deepEqual(report.violations.map((v) => [v.kind, v.property, v.index]), [['invariant', 'P1NeverInCs', 5]]);
});
