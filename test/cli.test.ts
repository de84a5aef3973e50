import test from 'ava';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, vigil, vigilJson } from './helpers/cli.js';

const faulty = 'dist/test/fixtures/faulty-models.js';
const scratch = mkdtempSync(join(tmpdir(), 'vigil-cli-'));

test('check diehard --json: exit 12, invariant NotSolved, 7-state trace', (t) => {
  const { status, report } = vigilJson(['check', 'diehard']);
  t.is(status, 12);
  t.is(report.verdict, 'invariant');
  t.is(report.property, 'NotSolved');
  t.is(report.trace.length, 7);
  t.is(report.exitCode, 12);
  t.deepEqual(report.trace[1], { action: 'FillBigJug', actor: null, params: {}, state: { big: 5, small: 0 } });
});

test('the JSON report has exactly the documented fields, in order', (t) => {
  const { status, report } = vigilJson(['check', 'twophase', '--const', 'RM=5']);
  t.is(status, 0);
  t.deepEqual(Object.keys(report), [
    'model', 'constants', 'verdict', 'complete', 'property', 'distinctStates', 'generatedStates', 'depth', 'queueLeft',
    'durationMs', 'collisionProbability', 'trace', 'exitCode', 'bytesPerState', 'message', 'violations', 'neverEnabled', 'coverage',
    'loop', 'warnings', 'liveness',
  ]);
  t.deepEqual(
    [report.model, report.constants, report.verdict, report.complete, report.property, report.trace, report.exitCode],
    ['twophase', { RM: 5 }, 'ok', true, null, null, 0],
  );
  t.deepEqual([report.distinctStates, report.generatedStates, report.depth, report.queueLeft], [8832, 58146, 17, 0]);
  t.is(report.collisionProbability.optimistic, (8832 * (58146 - 8832)) / 2 ** 64);
  t.is(report.collisionProbability.actual, null);
});

test('text output is TLC-like and marks changed variables', (t) => {
  const run = vigil(['check', 'diehard']);
  t.is(run.status, 12);
  t.true(run.stdout.includes('Error: Invariant NotSolved is violated.\nError: The behavior up to this point is:\nState 1: <Initial predicate>\n/\\ big = 0\n/\\ small = 0\n'));
  t.true(run.stdout.includes('State 2: <FillBigJug>\n/\\ big = 5    <- changed\n/\\ small = 0\n'));
  t.true(run.stdout.includes('73 states generated, 14 distinct states found, 2 states left on queue.'));
});

test('--diff prints only the changed variables after the first state', (t) => {
  const run = vigil(['check', 'diehard', '--diff']);
  t.true(run.stdout.includes('State 4: <EmptySmallJug>\n/\\ small = 0    <- changed\n\n'));
});

test('a passing run ends with TLC closing lines', (t) => {
  const run = vigil(['check', 'twophase']);
  t.is(run.status, 0);
  t.true(run.stdout.includes('Model checking completed. No error has been found.'));
  t.true(run.stdout.includes('1146 states generated, 288 distinct states found, 0 states left on queue.\nThe depth of the complete state graph search is 11.'));
});

test('deadlock: exit 11 with its trace', (t) => {
  const { status, report } = vigilJson(['check', 'lock-order']);
  t.is(status, 11);
  t.is(report.verdict, 'deadlock');
  t.deepEqual(report.trace.map((s: { action: string }) => s.action), ['Init', 'T1: take first lock', 'T2: take first lock']);
});

test('--no-deadlock turns deadlock checking off', (t) => {
  const { status, report } = vigilJson(['check', 'lock-order', '--no-deadlock']);
  t.is(status, 0);
  t.is(report.distinctStates, 13);
});

test('--trace-out writes an ITF trace', (t) => {
  const file = join(scratch, 'diehard.itf.json');
  const run = vigil(['check', 'diehard', '--trace-out', file]);
  t.is(run.status, 12);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  t.deepEqual(itf.vars, ['big', 'small']);
  t.is(itf.states.length, 7);
  t.deepEqual(itf.states[0], { '#meta': { index: 0, action: 'Init', actor: null, params: {} }, big: { '#bigint': '0' }, small: { '#bigint': '0' } });
  t.is(itf.states[6].big['#bigint'], '4');
  t.is(itf['#meta'].property, 'NotSolved');
});

test('ITF encodes sets, maps over ids and records with their tags', (t) => {
  const file = join(scratch, 'lock.itf.json');
  vigil(['check', 'lock-order', '--trace-out', file]);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  t.deepEqual(itf.states[1].T, { '#map': [[{ '#bigint': '1' }, { pc: 'second' }], [{ '#bigint': '2' }, { pc: 'first' }]] });
  t.deepEqual(itf.states[1].owner, { A: { '#bigint': '1' }, B: { '#bigint': '0' } });
  t.is(itf.states[2]['#meta'].actor, 'T2');
});

test('--max-depth cuts the search and says it is not exhaustive', (t) => {
  const { status, report } = vigilJson(['check', 'twophase', '--max-depth', '5']);
  t.is(status, 0);
  t.false(report.complete);
  // Levels 1..5 hold 117 states; the 50 of level 5 are stored but not expanded.
  t.deepEqual([report.depth, report.distinctStates, report.generatedStates, report.queueLeft], [5, 117, 334, 50]);
  t.is(report.message, 'Not exhaustive: the depth bound stopped the search with 50 states left on the queue.');
});

// ---- error paths: one line on stderr, the conventions' exit code, no stack trace

function assertOneLineError(t: import('ava').ExecutionContext, run: { status: number; stderr: string }, status: number, line: string) {
  t.is(run.status, status);
  t.is(run.stderr, `vigil: ${line}\n`);
}

test('unknown model: exit 151', (t) => {
  assertOneLineError(t, vigil(['check', 'nosuch']), 151, 'unknown model "nosuch" (run "vigil list" for the registered models, or pass a path to a .ts or .js model module)');
});

test('unknown constant: exit 151', (t) => {
  assertOneLineError(t, vigil(['check', 'twophase', '--const', 'RMX=3']), 151, 'model twophase: unknown constant "RMX" (known: RM)');
});

test('constant of the wrong type: exit 151', (t) => {
  assertOneLineError(t, vigil(['check', 'twophase', '--const', 'RM=abc']), 151, 'model twophase: constant RM: expected an integer, got "abc"');
});

test('unknown invariant: exit 151', (t) => {
  assertOneLineError(t, vigil(['check', 'twophase', '--invariant', 'Foo']), 151, 'model twophase: unknown invariant "Foo" (known: TPTypeOK, TCConsistent)');
});

test('malformed YAML run config: exit 151 naming file, line and column', (t) => {
  const file = join(scratch, 'bad.yaml');
  writeFileSync(file, 'model: twophase\nconstants: {RM: 4\n');
  assertOneLineError(t, vigil(['check', file]), 151, `${file}:3:1: malformed YAML: Flow map in block collection must be sufficiently indented and end with a }`);
});

test('YAML run config with an unknown field: exit 151', (t) => {
  const file = join(scratch, 'typo.yaml');
  writeFileSync(file, 'model: twophase\nconstant: {RM: 4}\n');
  assertOneLineError(t, vigil(['check', file]), 151, `${file}: unknown field "constant" (allowed: model, constants, invariants, deadlock, maxDepth, symmetry)`);
});

test('a YAML run config sets model and constants', (t) => {
  const file = join(scratch, 'tp.yaml');
  writeFileSync(file, 'model: twophase\nconstants: {RM: 4}\n');
  const { status, report } = vigilJson(['check', file]);
  t.is(status, 0);
  t.deepEqual(report.constants, { RM: 4 });
  t.is(report.distinctStates, 1568);
});

test('a value outside its declared type: exit 75 naming action, variable and value', (t) => {
  const run = vigil(['check', faulty, '--const', 'mode=overflow']);
  assertOneLineError(t, run, 75, 'action Inc: variable x = 4 is not an integer in 0..3 (in state [x |-> 3])');
  t.true(run.stdout.includes('State 4: <Inc>\n/\\ x = 3'));
  t.true(run.stdout.includes('State 5: <Inc>\n/\\ x = 4    <- changed'));
});

test('an exception inside an action: exit 75 with the action, the state and the trace', (t) => {
  const run = vigil(['check', faulty, '--const', 'mode=throw', '--json']);
  t.is(run.status, 75);
  t.is(run.stderr, 'vigil: action Inc: boom at two (in state [x |-> 2])\n');
  const report = JSON.parse(run.stdout);
  t.is(report.verdict, 'error');
  t.deepEqual(report.trace.map((s: { state: { x: number } }) => s.state.x), [0, 1, 2, 2]);
});

test('a failed step assertion: exit 14 naming the assertion', (t) => {
  const { status, report } = vigilJson(['check', faulty, '--const', 'mode=assert']);
  t.is(status, 14);
  t.is(report.verdict, 'assertion');
  t.is(report.property, 'SmallX');
  t.is(report.message, 'Assertion SmallX failed in action Inc: x was 2.');
});

test('an unsatisfied possible property: exit 12, verdict possible', (t) => {
  const { status, report } = vigilJson(['check', faulty, '--const', 'mode=possible']);
  t.is(status, 12);
  t.deepEqual([report.verdict, report.property, report.trace], ['possible', 'ReachesFour', null]);
});

test('a violated action property: exit 13, with the offending step last', (t) => {
  const { status, report } = vigilJson(['check', faulty, '--const', 'mode=action']);
  t.is(status, 13);
  t.is(report.property, 'NeverStays');
  t.deepEqual(report.trace.map((s: { state: { x: number } }) => s.state.x), [0, 1, 2, 3, 3]);
});

test('--continue collects every violated property', (t) => {
  const { status, report } = vigilJson(['check', 'lock-order', '--continue']);
  t.is(status, 11);
  t.deepEqual(report.violations.map((v: { verdict: string }) => v.verdict), ['deadlock']);
  t.is(report.distinctStates, 13);
});

test('a model path that is not a spec module: exit 150', (t) => {
  assertOneLineError(t, vigil(['check', 'dist/test/helpers/cli.js']), 150, 'dist/test/helpers/cli.js: the default export is not a spec made with defineSpec()');
});

test('unknown option: exit 151 without a stack trace', (t) => {
  const run = vigil(['check', 'twophase', '--bogus']);
  t.is(run.status, 151);
  t.is(run.stderr.split('\n').length, 2);
  t.false(run.stderr.includes('    at '));
});

// ---- suites

test('suite with passing and expected-failing entries exits 0', (t) => {
  const run = vigil(['suite', join(repoRoot, 'test/fixtures/suites/mixed.yaml')]);
  t.is(run.status, 0);
  t.regex(run.stdout, /^PASS twophase passes \(ok, 288 distinct, 1146 generated, depth 11, \d+ms\)$/m);
  t.regex(run.stdout, /^PASS diehard is expected to fail \(invariant NotSolved, .*trace 7, \d+ms\)$/m);
  t.regex(run.stdout, /^mixed expectations: 3 passed, 0 failed \(\d+ms\)$/m);
});

test('suite with one wrong expectation exits 1 and says which', (t) => {
  const junit = join(scratch, 'wrong.xml');
  const run = vigil(['suite', join(repoRoot, 'test/fixtures/suites/wrong.yaml'), '--junit', junit]);
  t.is(run.status, 1);
  t.regex(run.stdout, /^FAIL diehard with the wrong property \(.*\): expected property TypeOK, got NotSolved$/m);
  const xml = readFileSync(junit, 'utf8');
  t.true(xml.includes('<testsuite name="one wrong expectation" tests="2" failures="1"'));
  t.true(xml.includes('<failure message="expected property TypeOK, got NotSolved">Invariant NotSolved is violated.</failure>'));
});

test('suite --json reports every entry', (t) => {
  const run = vigil(['suite', join(repoRoot, 'test/fixtures/suites/wrong.yaml'), '--json']);
  const report = JSON.parse(run.stdout);
  t.false(report.passed);
  t.deepEqual(report.entries.map((e: { passed: boolean }) => e.passed), [true, false]);
  t.deepEqual(report.entries[1].mismatches, ['expected property TypeOK, got NotSolved']);
});

test('suite with an unknown verdict: exit 151 naming the field', (t) => {
  const file = join(scratch, 'badsuite.yaml');
  writeFileSync(file, 'entries:\n  - model: twophase\n    expect: { verdict: fine }\n');
  assertOneLineError(t, vigil(['suite', file]), 151, `${file}: entries[0].expect.verdict: unknown verdict (one of ok, invariant, deadlock, action, possible, liveness, assertion, incomplete, error), got "fine"`);
});

test('list shows the registered models with their constants', (t) => {
  const run = vigil(['list']);
  t.is(run.status, 0);
  t.regex(run.stdout, /^twophase\s+Two-phase commit \(TLA\+ TwoPhase\) with RM resource managers {2}\[RM=3\]$/m);
  t.regex(run.stdout, /^counter-grid\s+.*\[N=3 K=4\]$/m);
});

test('--continue reports a failed step assertion and finishes the search (also with workers)', (t) => {
  for (const workers of ['1', '2']) {
    const { status, report } = vigilJson(['check', faulty, '--const', 'mode=assert', '--continue', '--workers', workers]);
    t.is(status, 14);
    t.true(report.complete);
    // x = 0, 1, 2; the step from 2 fails its assertion and is skipped.
    t.deepEqual([report.distinctStates, report.generatedStates], [3, 3]);
    t.deepEqual(report.violations, [{ verdict: 'assertion', property: 'SmallX', message: 'Assertion SmallX failed in action Inc: x was 2.', traceLength: 4 }]);
    t.deepEqual(report.trace.map((s: { state: { x: number } }) => s.state.x), [0, 1, 2, 2]);
  }
});

test('an effect that writes to the current state is caught: exit 75 naming the action', (t) => {
  const run = vigil(['check', faulty, '--const', 'mode=mutate']);
  assertOneLineError(t, run, 75, 'action Inc: the step changed the current state; an effect may change only its draft (the first argument) (in state [x |-> 1])');
  t.true(run.stdout.includes('State 2: <Inc>\n/\\ x = 1    <- changed\n'));
});
