import test from 'ava';
import { check, expectOk, expectVerdict, expectViolation, loadModel } from '../checker/testing/index.js';
import { registry } from '../models/registry.js';
import deadAction from './fixtures/dead-action.js';

const model = async (name: string) => (await registry[name]!()).default;

test('check returns the --json report', async (t) => {
  const report = check(await model('twophase'), { constants: { RM: 3 } });
  t.deepEqual([report.verdict, report.distinctStates, report.generatedStates, report.depth, report.neverEnabled], ['ok', 288, 1146, 11, []]);
  expectOk(report, { distinctStates: 288, generatedStates: 1146, depth: 11 });
});

test('expectVerdict names every field that differs, and the model message', async (t) => {
  const report = check(await model('diehard'));
  expectViolation(report, 'NotSolved', { traceLength: 7 });
  const error = t.throws(() => expectVerdict(report, { verdict: 'ok', depth: 3 }));
  t.is(error?.message, 'model diehard: verdict: expected "ok", got "invariant"; depth: expected 3, got 7 (Invariant NotSolved is violated.)');
  t.is(error?.name, 'AssertionError');
});

test('expectOk fails on a never-enabled action', (t) => {
  const error = t.throws(() => expectOk(check(deadAction)));
  t.is(error?.message, 'model dead-action: neverEnabled: expected [], got ["Reset","P: stop","P: unreached"]');
});

test('expectViolation on a passing run says which property was expected', async (t) => {
  const report = check(await model('twophase'));
  const error = t.throws(() => expectViolation(report, 'TCConsistent'));
  t.is(error?.message, 'model twophase: verdict: expected "invariant", got "ok"; property: expected "TCConsistent", got null');
});

test('loadModel imports a TypeScript model with no build step', async (t) => {
  const spec = await loadModel('test/fixtures/ts-model/toggle.ts');
  expectOk(check(spec), { distinctStates: 4, depth: 4 });
  t.is(spec.name, 'ts-toggle');
});
