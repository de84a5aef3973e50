import test from 'ava';
import { prepare, replayTrace, type ItfTrace } from '../checker/index.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import lostUpdate from './fixtures/lost-update.js';
import { vigil } from './helpers/cli.js';
import { counterexampleItf, loaded, writeTemp } from './helpers/traces.js';

const diehardModel = prepare(diehard).runtime;
const replayDiehard = (itf: ItfTrace) => replayTrace(diehardModel, loaded(diehard, itf));
const tampered = (mutate: (itf: any) => void): ItfTrace => {
  const itf = structuredClone(counterexampleItf(diehard));
  mutate(itf);
  return itf;
};

test('a counterexample from check replays as valid and reproduces its violation', (t) => {
  const report = replayDiehard(counterexampleItf(diehard));
  t.true(report.valid);
  t.is(report.path, '0/1/5/2/5/1/5');
  t.deepEqual(report.violations, [{ kind: 'invariant', property: 'NotSolved', description: 'the big jug never holds exactly 4 gallons', index: 6 }]);
  t.is(report.problem, null);
});

test('deadlock and process traces replay as valid', (t) => {
  const lock = replayTrace(prepare(lockOrder).runtime, loaded(lockOrder, counterexampleItf(lockOrder)));
  t.true(lock.valid);
  t.deepEqual(lock.violations.map((v) => [v.kind, v.index]), [['deadlock', 2]]);
  const split = { variant: 'SPLIT' };
  const lost = replayTrace(prepare(lostUpdate, split).runtime, loaded(lostUpdate, counterexampleItf(lostUpdate, split), split));
  t.true(lost.valid);
  t.is(lost.path, '0/0/0/0/0');
});

test('a tampered value names the first illegal step and what the action really gives', (t) => {
  const report = replayDiehard(tampered((itf) => (itf.states[3].big = { '#bigint': '1' })));
  t.false(report.legal);
  t.is(report.problem, 'cex.itf.json: states[3]: not a legal step from states[2]: EmptySmallJug gives big = 2, but states[3] has big = 1');
});

test('a wrong action label is illegal even when the state is right', (t) => {
  const report = replayDiehard(tampered((itf) => (itf.states[3]['#meta'].action = 'FillSmallJug')));
  t.is(report.problem, 'cex.itf.json: states[3]: not a legal step from states[2]: #meta.action says "FillSmallJug", but the state is reached only by "EmptySmallJug"');
});

test('a label naming a disabled or unknown step, or an unlabelled impossible state', (t) => {
  const disabled = structuredClone(counterexampleItf(lockOrder)) as any;
  disabled.states[2]['#meta'].action = 'T1: release both locks';
  disabled.states[2].owner.B = { '#bigint': '0' };
  t.is(
    replayTrace(prepare(lockOrder).runtime, loaded(lockOrder, disabled)).problem,
    'cex.itf.json: states[2]: not a legal step from states[1]: "T1: release both locks" is not enabled there (enabled: T2: take first lock, T1: take second lock)',
  );
  const unknown = replayDiehard(tampered((itf) => (itf.states[2]['#meta'].action = 'Pour')));
  t.is(unknown.problem, 'cex.itf.json: states[2]: not a legal step from states[1]: #meta.action says "Pour", but the state is reached only by "BigToSmall"');
  const unlabelled = replayDiehard(
    tampered((itf) => {
      delete itf.states[2]['#meta'];
      itf.states[2].big = { '#bigint': '3' };
    }),
  );
  t.is(unlabelled.problem, 'cex.itf.json: states[2]: not a legal step from states[1]: no enabled step leads to it (closest: FillSmallJug gives big = 5, but states[2] has big = 3)');
});

test('a first state that is not initial is illegal', (t) => {
  const report = replayDiehard(tampered((itf) => (itf.states[0].small = { '#bigint': '2' })));
  t.is(report.problem, 'cex.itf.json: states[0]: not an initial state of diehard: the initial state has small = 0, but states[0] has small = 2');
});

test('a truncated counterexample is legal but does not show what it claims', (t) => {
  const report = replayDiehard(tampered((itf) => (itf.states = itf.states.slice(0, 5))));
  t.true(report.legal);
  t.false(report.valid);
  t.deepEqual(report.violations, []);
  t.is(report.problem, 'cex.itf.json: the trace claims invariant NotSolved is violated, but its last state, states[4], satisfies it');
});

test('a lasso loop must close', (t) => {
  t.true(replayDiehard(tampered((itf) => (itf.loop = 6))).legal, 'FillSmallJug is a self-loop at big = 4, small = 3');
  t.is(replayDiehard(tampered((itf) => (itf.loop = 0))).problem, 'cex.itf.json: loop: no step leads from the last state, states[6], back to states[0]');
});

test('vigil replay: exit 0 and a summary for a valid trace', (t) => {
  const file = writeTemp('diehard.itf.json', counterexampleItf(diehard));
  const run = vigil(['replay', file]);
  t.is(run.status, 0, run.stderr);
  t.deepEqual(run.stdout.trim().split('\n').slice(1), [
    'Legal: all 7 states form a behaviour of diehard (path 0/1/5/2/5/1/5).',
    'It shows that invariant NotSolved (the big jug never holds exactly 4 gallons) is violated at states[6], as the trace claims.',
  ]);
});

test('vigil replay: exit 151 and one line naming the first illegal step', (t) => {
  const file = writeTemp('bad.itf.json', tampered((itf) => (itf.states[3].big = { '#bigint': '1' })));
  const run = vigil(['replay', file, '--model', 'diehard']);
  t.is(run.status, 151);
  t.is(run.stdout, '');
  t.is(run.stderr, `vigil: ${file}: states[3]: not a legal step from states[2]: EmptySmallJug gives big = 2, but states[3] has big = 1\n`);
});

test('vigil replay: unreadable files, wrong models and bad constants are one-line errors', (t) => {
  const cut = writeTemp('cut.itf.json', JSON.stringify(counterexampleItf(diehard)).slice(0, 200));
  const cutRun = vigil(['replay', cut]);
  t.is(cutRun.status, 151);
  t.regex(cutRun.stderr, /^vigil: .*cut\.itf\.json: not a JSON file: .*\n$/);
  const good = writeTemp('d.itf.json', counterexampleItf(diehard));
  const wrong = vigil(['replay', good, '--model', 'twophase']);
  t.is(wrong.status, 151);
  t.is(wrong.stderr, `vigil: ${good}: the trace is of model "diehard" (#meta.model), not "twophase"\n`);
  const missing = vigil(['replay', '/nonexistent/x.itf.json']);
  t.is(missing.stderr, 'vigil: /nonexistent/x.itf.json: cannot read the trace: no such file\n');
  t.is(missing.status, 151);
});

test('vigil replay: recorded constants are used, and --const overrides them', (t) => {
  const split = writeTemp('lost.itf.json', { ...counterexampleItf(lostUpdate, { variant: 'SPLIT' }), '#meta': { model: 'lost-update', constants: { variant: 'SPLIT' }, verdict: 'invariant', property: 'NoLostUpdate' } });
  const model = 'dist/test/fixtures/lost-update.js';
  const ok = vigil(['replay', split, '--model', model]);
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /^Vigil: replaying .* against lost-update with variant = SPLIT, checkWrite = false\n/);
  const atomic = vigil(['replay', split, '--model', model, '--const', 'variant=ATOMIC']);
  t.is(atomic.status, 151);
  t.is(atomic.stderr, `vigil: ${split}: states[1]: not a legal step from states[0]: the model has no step "W1: read count" there (enabled: W1: add one, W2: add one)\n`);
});

test('an assertion counterexample ends in the failing step; replay accepts exactly that failure', (t) => {
  const constants = { variant: 'SPLIT', checkWrite: 'true' };
  const runtime = prepare(lostUpdate, constants).runtime;
  const itf = counterexampleItf(lostUpdate, constants);
  const report = replayTrace(runtime, loaded(lostUpdate, itf, constants));
  t.true(report.valid, report.problem ?? '');
  t.is(report.path, '0/0/0/0', 'the failing step has no successor index');
  t.deepEqual(report.violations, [{ kind: 'assertion', property: 'FreshRead', description: 'a worker writes back a count it read since the last write', index: 4 }]);
  const noFailure = structuredClone(itf) as any;
  noFailure.states[4].count = { '#bigint': '2' };
  t.is(
    replayTrace(runtime, loaded(lostUpdate, noFailure, constants)).problem,
    'cex.itf.json: states[4]: not a legal step from states[3]: W2: write seen + 1 fails there: assertion FreshRead failed: W2 read 0, the count is now 1',
  );
});
