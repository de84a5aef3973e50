import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const dir = mkdtempSync(join(tmpdir(), 'vigil-tla-report-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test('check Spec.tla --report: the counterexample report, values in TLA+ as the text output prints them', (t) => {
  const file = join(dir, 'values.html');
  const run = vigil(['check', fixture('Values.tla'), '--report', file]);
  t.is(run.status, 12, run.stderr);
  const html = readFileSync(file, 'utf8');
  t.true(html.includes('<h1>Vigil report: Values</h1>'));
  t.true(html.includes('<p class="message">Invariant Bounded is violated.</p>'));
  t.true(html.includes('<p class="property">Invariant <code>Bounded</code></p>'));
  t.true(html.includes('<h2>Counterexample: 4 states</h2>'));
  t.true(html.includes('<code>Procs = {p1, p2}</code>, <code>Limit = 3</code>'));
  // Model values bare, functions as TLC writes them; each text once per state it is shown in.
  t.true(html.includes('(p1 :&gt; &quot;busy&quot; @@ p2 :&gt; &quot;idle&quot;)'));
  t.true(html.includes('{[from |-&gt; p1, seq |-&gt; 0], [from |-&gt; p1, seq |-&gt; 1], [from |-&gt; p1, seq |-&gt; 2]}'));
  t.false(html.includes('#bigint'));
  // A changed variable is shown whole (the diff does not descend into the text).
  t.false(html.includes('.text ='));
});

test('check Spec.tla --report on a passing run writes the run report; simulate takes --report too', (t) => {
  const ok = join(dir, 'counter.html');
  t.is(vigil(['check', fixture('Counter.tla'), '--report', ok]).status, 0);
  const html = readFileSync(ok, 'utf8');
  t.true(html.includes('<h1>Vigil run report: Counter</h1>'));
  t.true(html.includes('<code>Max = 2</code>'));
  const sim = join(dir, 'sim.html');
  const run = vigil(['simulate', fixture('Values.tla'), '--seed', '7', '--traces', '2', '--report', sim]);
  t.is(run.status, 12, run.stderr);
  t.true(readFileSync(sim, 'utf8').includes('<h2>Counterexample: 4 states</h2>'));
});

test('check Spec.tla --trace-out on a passing run writes no trace and says so', (t) => {
  const file = join(dir, 'none.itf.json');
  const run = vigil(['check', fixture('Counter.tla'), '--trace-out', file]);
  t.is(run.status, 0);
  t.is(run.stderr, `vigil: no counterexample, so no trace was written to ${file}\n`);
  t.false(existsSync(file));
});

test('compare of one .tla spec without a second spec or --vs B.cfg is refused with one line, exit 151', (t) => {
  const run = vigil(['compare', fixture('Counter.tla'), '--vs', 'Max=3']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: compare of a .tla specification needs a second one (compare A.tla B.tla) or the second configuration (--vs B.cfg)\n');
});
