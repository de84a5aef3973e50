import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-replay-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

/** The counterexample `vigil check Values.tla --trace-out` writes (4 states, Bounded violated). */
function writtenTrace(name: string, config?: string): { file: string; itf: any } {
  const file = join(dir, name);
  const run = vigil(['check', fixture('Values.tla'), ...(config ? ['--config', fixture(config)] : []), '--trace-out', file]);
  if (run.status !== 12 && run.status !== 11) throw new Error(`check exited ${run.status}: ${run.stderr}`);
  return { file, itf: JSON.parse(readFileSync(file, 'utf8')) };
}

/** One check run for every tampered copy (each test changes its own copy). */
let base: string;
test.before(() => {
  base = JSON.stringify(writtenTrace('base.itf.json').itf);
});

function tampered(name: string, change: (itf: any) => void): string {
  const itf = JSON.parse(base);
  change(itf);
  const file = join(dir, `${name}.itf.json`);
  writeFileSync(file, JSON.stringify(itf));
  return file;
}

test('a trace written by check --trace-out replays: legal, and it shows the claimed violation (exit 0)', (t) => {
  const { file, itf } = writtenTrace('bounded.itf.json');
  t.like(itf['#meta'], { model: 'Values', verdict: 'invariant', property: 'Bounded' });
  const run = vigil(['replay', file, fixture('Values.tla')]);
  t.is(run.status, 0, run.stderr);
  t.is(
    run.stdout,
    `Vigil: replaying ${file} against Values\n` +
      'Legal: all 4 states form a behaviour of Values (path 0/0/0/0).\n' +
      'It shows that invariant Bounded is violated at states[3], as the trace claims.\n' +
      'It also shows that a deadlock is reached at states[3].\n',
  );
});

test('replay --json gives the DSL replay\'s report', (t) => {
  const { file } = writtenTrace('deadlock.itf.json', 'ValuesDeadlock.cfg');
  const run = vigil(['replay', file, fixture('Values.tla'), '--config', fixture('ValuesDeadlock.cfg'), '--json']);
  t.is(run.status, 0, run.stderr);
  t.like(JSON.parse(run.stdout), { model: 'Values', valid: true, legal: true, problem: null, states: 4, path: '0/0/0/0', claim: { verdict: 'deadlock', property: null }, violations: [{ kind: 'deadlock', property: null, index: 3 }] });
});

test('a step that is no successor is exit 151 with one line naming the state and the nearest successor', (t) => {
  const file = tampered('illegal', (itf) => (itf.states[2].n = { '#bigint': '5' }));
  const run = vigil(['replay', file, fixture('Values.tla')]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: states[2]: not a legal step from states[1]: the closest of the 2 candidates has n = 2, states[2] has n = 5\n`);
  t.is(run.stdout, '');
});

test('a first state that is not initial is exit 151', (t) => {
  const file = tampered('not-initial', (itf) => (itf.states[0].pair = [{ '#bigint': '0' }, true]));
  const run = vigil(['replay', file, fixture('Values.tla')]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: states[0]: not an initial state of Values: the only candidate has pair = <<-1, TRUE>>, states[0] has pair = <<0, TRUE>>\n`);
});

test('a claimed violation that the trace does not show is exit 151', (t) => {
  const file = tampered('unshown', (itf) => itf.states.pop());
  const run = vigil(['replay', file, fixture('Values.tla')]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: the trace claims invariant Bounded is violated, but its last state, states[2], satisfies it\n`);
  const other = vigil(['replay', writtenTrace('other.itf.json').file, fixture('Values.tla'), '--config', fixture('ValuesDeadlock.cfg')]);
  t.is(other.status, 151);
  t.regex(other.stderr, /the trace claims invariant Bounded is violated, but the configuration checks no invariant Bounded\n$/);
});

test('hostile fields: each is one line naming the field, exit 151', (t) => {
  const cases: [string, (itf: any) => void, string][] = [
    ['missing-var', (itf) => delete itf.states[1].log, 'states[1]: variable "log" is missing'],
    ['stray-var', (itf) => (itf.states[1].z = true), 'states[1]: "z" is not a variable of Values'],
    ['vars', (itf) => (itf.vars = ['n']), 'vars: the spec\'s variable "owner" is missing'],
    ['model-value', (itf) => (itf.states[1].log = [{ '#unserializable': 'p3' }]), 'states[1].log[0]: #unserializable: "p3" is not a model value of this model (p1, p2)'],
    ['plain-number', (itf) => (itf.states[3].n = 3), 'states[3].n: a plain JSON number (3): ITF writes integers as {"#bigint": "n"}'],
    ['loop', (itf) => (itf.loop = 0), 'loop: no step leads from the last state, states[3], back to states[0]'],
  ];
  for (const [name, change, message] of cases) {
    const file = tampered(name, change);
    const run = vigil(['replay', file, fixture('Values.tla')]);
    t.is(run.status, 151, name);
    t.is(run.stderr, `vigil: ${file}: ${message}\n`, name);
  }
  const notJson = join(dir, 'not.itf.json');
  writeFileSync(notJson, '{"vars": 1}');
  t.is(vigil(['replay', notJson, fixture('Values.tla')]).stderr, `vigil: ${notJson}: vars: expected a list of variable names\n`);
});

test('a TLA+ trace replayed without its spec is one line saying how to name it (never opened from #meta.spec)', (t) => {
  const { file } = writtenTrace('no-spec.itf.json');
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: a trace of the TLA+ module Values: name its spec after the trace (vigil replay ${file} Spec.tla [--config Model.cfg])\n`);
});

test('a state outside a CONSTRAINT, or a step outside an ACTION_CONSTRAINT, is not in any trace the search writes: exit 151', (t) => {
  const { file } = writtenTrace('constrained.itf.json');
  const constrained = vigil(['replay', file, fixture('Values.tla'), '--config', fixture('ValuesConstrained.cfg')]);
  t.is(constrained.status, 151);
  t.is(constrained.stderr, `vigil: ${file}: states[2]: outside the constraint Short (the search does not keep such a state)\n`);
  // check's trace repeats p1, which SameProc allows; this walk (seed 7) logs p1 then p2.
  t.is(vigil(['replay', file, fixture('Values.tla'), '--config', fixture('ValuesSameProc.cfg')]).status, 0);
  const walk = join(dir, 'walk.itf.json');
  t.is(vigil(['simulate', fixture('Values.tla'), '--seed', '7', '--traces', '1', '--trace-out', walk]).status, 12);
  const action = vigil(['replay', walk, fixture('Values.tla'), '--config', fixture('ValuesSameProc.cfg')]);
  t.is(action.status, 151);
  t.is(action.stderr, `vigil: ${walk}: states[2]: the step into it is outside the action constraint SameProc (the search does not take such a step)\n`);
});

test('replay of a .tla trace refuses flags it cannot honour', (t) => {
  const run = vigil(['replay', join(dir, 'x.itf.json'), fixture('Values.tla'), '--model', 'twophase']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: replay of a .tla specification does not take --model (docs/tla.md lists the flags the TLA+ front end takes)\n');
});
