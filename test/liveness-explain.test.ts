import test from 'ava';
import { check, explainLasso, explainViolation, formatLassoExplanation, formatResult, htmlReportInput, toHtmlReport } from '../checker/index.js';
import { prepare } from '../checker/check.js';
import fairWorkers from '../models/examples/fair-workers.js';
import missedWakeup from '../models/examples/missed-wakeup.js';
import { always, and, defineSpec, eventually, infinitelyOften, leadsTo, model, t as types } from '../spec/index.js';
import type { Spec } from '../spec/spec.js';
import { vigil } from './helpers/cli.js';

function explained(spec: Spec<any>, constants: Record<string, unknown> = {}): string[] {
  const result = check(spec, { constants });
  const explanation = explainLasso(prepare(spec, result.constants).runtime, result);
  return explanation ? formatLassoExplanation(explanation) : [];
}

test('missed wakeup: the stuttering state names the disabled guard and the values it read', (t) => {
  t.deepEqual(explained(missedWakeup), [
    'Why it broke: Wakes is <>P (models/examples/missed-wakeup.ts:39)',
    "  P == s.W.pc === 'done'",
    '  P holds in none of the 5 states, and the behaviour then stays in state 5 for ever (stuttering).',
    '  Fairness in the last state:',
    `    WF(W): disabled in state 5: W: schedule() disabled: task = "UNINTERRUPTIBLE" (guard: s.task === 'RUNNING')`,
    '    WF(K): disabled in state 5: K.pc = "done": no step of it starts there',
  ]);
  t.deepEqual(explained(missedWakeup, { fixed: true }), []);
});

test('fair-workers: a weakly fair action met by one instance leaves the other enabled and never taken', (t) => {
  t.deepEqual(explained(fairWorkers, { fairness: 'action' }), [
    'Why it broke: Finishes is <>P (models/examples/fair-workers.ts:27)',
    '  P == s.finished',
    '  P holds in none of the 2 states, and states 1-2 repeat for ever (back to state 1).',
    '  Fairness on the loop:',
    '    WF(Work): taken on the loop (Work(w = 1))',
    '  Enabled in every state of the loop and never taken:',
    '    Work(w = 2): WF(Work) covers it and is met by Work(w = 1)',
  ]);
  t.deepEqual(explained(fairWorkers, { fairness: 'none' }), [
    'Why it broke: Finishes is <>P (models/examples/fair-workers.ts:27)',
    '  P == s.finished',
    '  P does not hold in state 1, and the behaviour then stays in state 1 for ever (stuttering).',
    '  No fairness condition applies to these steps.',
    '  Enabled there and never taken:',
    '    Work(w = 1): no fairness condition covers it',
    '    Work(w = 2): no fairness condition covers it',
  ]);
});

/** A ring: a token moves 0 -> 1 -> 2 -> 0; `served` is set only by Serve at 2, which needs `open`. */
const ring = defineSpec({
  name: 'ring',
  constants: {},
  build: () =>
    model({ at: types.int(0, 2), open: types.bool(), served: types.bool() })
      .initial({ at: 0, open: false, served: false })
      .action('Move', (n, _p, s) => void (n.at = (s.at + 1) % 3))
      .action('Serve', { when: (s) => s.at === 2 && s.open }, (n) => void (n.served = true))
      .temporal('Spec', and(infinitelyOften((s) => s.at === 0), leadsTo((s) => s.at === 1, (s) => s.served)))
      .fairness('WF', { action: 'Move' })
      .fairness('WF', { action: 'Serve' }),
});

test('an and(...) property names its failing conjunct, and P ~> Q says where P holds and that Q never does after', (t) => {
  const result = check(ring, {});
  t.is(result.exitCode, 13);
  t.is(result.message, 'Temporal properties were violated. Property Spec (conjunct 2 of 2: P ~> Q) does not hold.');
  const lines = explained(ring);
  t.deepEqual(lines, [
    'Why it broke: Spec, conjunct 2 of 2, is P ~> Q (test/liveness-explain.test.ts:58)',
    '  P == s.at === 1',
    '  Q == s.served',
    '  P holds in state 2 and Q holds in no state from there on: states 2-4 repeat for ever (back to state 2).',
    '  Fairness on the loop:',
    '    WF(Move): taken on the loop (Move)',
    '    WF(Serve): disabled in every state of the loop; in state 3: Serve disabled: at = 2, open = FALSE (guard: s.at === 2 && s.open)',
  ]);
});

test('the check command prints the explanation after the lasso', (t) => {
  const run = vigil(['check', 'missed-wakeup']);
  t.is(run.status, 13);
  t.true(run.stdout.includes('State 6: Stuttering\n\nWhy it broke: Wakes is <>P (models/examples/missed-wakeup.ts:39)\n'));
  t.true(run.stdout.includes('WF(W): disabled in state 5: W: schedule() disabled: task = "UNINTERRUPTIBLE"'));
  // The library's formatResult prints it only when given (it has no model to re-execute).
  t.false(formatResult(check(missedWakeup, {})).includes('Why it broke'));
});

test('the HTML report explains the lasso in its "Why it broke" section', (t) => {
  const result = check(missedWakeup, {});
  const html = toHtmlReport(htmlReportInput(missedWakeup, result));
  t.true(html.includes('<section id="why" class="lasso"><h2>Why it broke</h2>'));
  t.true(html.includes('<p>Temporal property <code>Wakes</code> <span class="source">models/examples/missed-wakeup.ts:39</span> is <code class="definition">&lt;&gt;P</code></p>'));
  t.true(html.includes('<li>WF(W): disabled in state 5: W: schedule() disabled: task = &quot;UNINTERRUPTIBLE&quot; (guard: s.task === &#39;RUNNING&#39;)</li>'));
  t.true(html.includes('<h2>Counterexample: 5 states, then stuttering in state 5 for ever</h2>'));
  const loop = toHtmlReport(htmlReportInput(fairWorkers, check(fairWorkers, { constants: { fairness: 'action' } })));
  t.true(loop.includes('<h2>Counterexample: 2 states, looping back to state 1</h2>'));
  t.true(loop.includes('<li>Work(w = 2): WF(Work) covers it and is met by Work(w = 1)</li>'));
});

test('a temporal always(P) violation is explained like an invariant: its predicate, file:line and the values read', (t) => {
  const counter = defineSpec({
    name: 'counter',
    constants: {},
    build: () =>
      model({ x: types.int(0, 3) })
        .initial({ x: 0 })
        .action('Inc', { when: (s) => s.x < 3 }, (n, _p, s) => void (n.x = s.x + 1))
        .deadlock(false)
        .temporal('Small', and(always((s) => s.x < 2), eventually((s) => s.x === 3))),
  });
  const result = check(counter, {});
  t.is(result.verdict, 'invariant');
  t.is(result.message, 'Invariant Small is violated (temporal property conjunct 1 of 2: []P).');
  const explanation = explainViolation(prepare(counter, {}).runtime, result)!;
  t.is(explanation.definition, 's.x < 2');
  t.deepEqual(explanation.source, { file: 'test/liveness-explain.test.ts', line: 109 });
  t.deepEqual(explanation.reads, [{ variable: 'x', value: '2' }]);
});
