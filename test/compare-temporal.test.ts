import test from 'ava';
import { readFileSync } from 'node:fs';
import { compareConfigurations } from '../checker/index.js';
import fairWorkers from '../models/examples/fair-workers.js';
import { vigil } from './helpers/cli.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('compare includes temporal properties: fair-workers differs between per-instance and per-action fairness', (t) => {
  const comparison = compareConfigurations(fairWorkers, { label: 'fairness=instance', constants: { fairness: 'instance' } }, { label: 'fairness=action', constants: { fairness: 'action' } });
  const finishes = comparison.properties.find((p) => p.name === 'Finishes')!;
  t.is(finishes.kind, 'temporal property');
  t.is(finishes.a.status, 'holds');
  t.is(finishes.b.status, 'violated');
  t.true(finishes.differs);
  t.is(finishes.witness!.side, 'b');
  t.deepEqual(finishes.witness!.loop, { start: 0, stuttering: false, action: 'Work(w = 1)' });
  t.is(finishes.witness!.replay!.lasso, 'the cycle is not fair: WF(Work(w = 2)) is enabled in every state of the cycle and never taken');
});

test('vigil compare --fail-on-diff exits 1 on a temporal difference, and its --report shows the lasso', (t) => {
  const report = join(mkdtempSync(join(tmpdir(), 'vigil-test-')), 'compare-temporal.html');
  const run = vigil(['compare', 'fair-workers', '--const', 'fairness=instance', '--vs', 'fairness=action', '--fail-on-diff', '--report', report]);
  t.is(run.status, 1);
  t.true(run.stdout.includes('Finishes  temporal property  holds              violated (2 states)  <- differs'));
  t.true(run.stdout.includes('Replayed with fairness=instance: every step is possible there too, but it is no counterexample there: the cycle is not fair: WF(Work(w = 2)) is enabled in every state of the cycle and never taken.'));
  t.true(run.stdout.includes('Back to state 1: <Work(w = 1)>'));
  const html = readFileSync(report, 'utf8');
  t.true(html.includes('<tr class="differs" data-property="Finishes"><td><code>Finishes</code></td><td>temporal property</td><td>holds</td><td>violated (2 states)</td><td>differs</td></tr>'));
  t.true(html.includes('class="lasso"'));
  const same = vigil(['compare', 'fair-workers', '--const', 'fairness=action', '--vs', 'fairness=none', '--fail-on-diff']);
  t.is(same.status, 0);
});
