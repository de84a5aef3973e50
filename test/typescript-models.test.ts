import test from 'ava';
import { vigil } from './helpers/cli.js';

// Models in .ts run with no build step (checker/loader/); the fixtures are not compiled by tsc.
const dir = 'test/fixtures/ts-model';

test('check runs a TypeScript model that imports a local .ts module', (t) => {
  const run = vigil(['check', `${dir}/toggle.ts`, '--json']);
  t.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.deepEqual([report.model, report.verdict, report.distinctStates, report.generatedStates, report.depth], ['ts-toggle', 'ok', 4, 4, 4]);
});

test('an exception in a TypeScript model names the .ts line, printed once', (t) => {
  const run = vigil(['check', `${dir}/broken.ts`]);
  t.is(run.status, 75);
  t.is(run.stderr, "vigil: action Throw: Cannot read properties of undefined (reading 'x') (at test/fixtures/ts-model/broken.ts:10:22) (in state [n |-> 0])\n");
  t.false(run.stdout.includes('Cannot read properties'));
  t.true(run.stdout.includes('State 2: <Throw>'));
});

test('a syntax error in a TypeScript model: exit 150 naming file, line and column', (t) => {
  const run = vigil(['check', `${dir}/syntax-error.ts`]);
  t.is(run.status, 150);
  t.regex(run.stderr, /^vigil: test\/fixtures\/ts-model\/syntax-error\.ts: the model module could not be loaded: \/.*\/syntax-error\.ts:3:20: Unexpected token\n$/);
});

test('a missing .ts model file: exit 151', (t) => {
  const run = vigil(['check', `${dir}/nosuch.ts`]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${dir}/nosuch.ts: no such model file\n`);
});

test('a suite entry may name a .ts model (replay and explore load models the same way)', (t) => {
  const run = vigil(['suite', 'test/fixtures/suites/typescript.yaml']);
  t.is(run.status, 0, run.stdout + run.stderr);
  t.true(run.stdout.includes('toggle from TypeScript'));
});

test('worker threads load a TypeScript model too', (t) => {
  const run = vigil(['check', `${dir}/toggle.ts`, '--workers', '2', '--json']);
  t.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  t.deepEqual([report.distinctStates, report.generatedStates, report.neverEnabled], [4, 4, null]);
});
