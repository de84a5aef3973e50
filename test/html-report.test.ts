import test from 'ava';
import { buildStateTable, check, htmlReportInput, layoutSequence, renderSequenceDiagram, toHtmlReport } from '../checker/index.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import lostUpdate from './fixtures/lost-update.js';

test('lanes: one per actor in declaration order; steps without an actor go to the model lane', (t) => {
  const lock = check(lockOrder);
  t.deepEqual(layoutSequence(lock.trace!, { environment: 'lock-order', actorOrder: ['T1', 'T2'] }).lanes, ['T1', 'T2']);
  t.deepEqual(layoutSequence(lock.trace!, { environment: 'lock-order', actorOrder: ['T2', 'T1'] }).lanes, ['T2', 'T1']);
  const jugs = check(diehard);
  t.deepEqual(layoutSequence(jugs.trace!, { environment: 'diehard' }).lanes, ['diehard']);
});

test('steps: the initial state spans the lanes, each step sits on its actor lane with its action and parameters', (t) => {
  const layout = layoutSequence(check(lockOrder).trace!, { environment: 'lock-order', violation: { index: 2, text: 'deadlock: nothing enabled' } });
  t.deepEqual(
    layout.steps.map((s) => [s.index, s.lane, s.name, s.params, s.violation, s.changes]),
    [
      [0, null, 'Initial state', '', null, []],
      [1, 'T1', 'take first lock', '', null, ['owner.A = 1', 'T[1].pc = "second"']],
      [2, 'T2', 'take first lock', '', 'deadlock: nothing enabled', ['owner.B = 2', 'T[2].pc = "second"']],
    ],
  );
});

test('the SVG has one lane group per lane and highlights exactly the violating step', (t) => {
  const result = check(lostUpdate, { constants: { variant: 'SPLIT' } });
  const svg = renderSequenceDiagram(layoutSequence(result.trace!, { environment: 'lost-update', violation: { index: 4, text: 'violates NoLostUpdate' } }));
  t.deepEqual([...svg.matchAll(/<g class="lane" data-lane="([^"]+)"/g)].map((m) => m[1]), ['W1', 'W2']);
  t.deepEqual([...svg.matchAll(/<g class="step violation" data-step="(\d+)" data-lane="([^"]+)"/g)].map((m) => [m[1], m[2]]), [['4', 'W2']]);
  t.is([...svg.matchAll(/<g class="step[ "]/g)].length, 5);
  t.regex(svg, /\u2717 violates NoLostUpdate/);
});

test('a lasso trace draws the loop back to the state it returns to', (t) => {
  const trace = check(diehard).trace!;
  const svg = renderSequenceDiagram(layoutSequence(trace, { environment: 'diehard', loop: 2 }));
  t.regex(svg, /<g class="lasso" data-loop="2">/);
  t.regex(svg, />back to state 3</);
  t.notRegex(renderSequenceDiagram(layoutSequence(trace, { environment: 'diehard' })), /lasso/);
});

test('state table: changed cells are marked and carry the changed leaves', (t) => {
  const table = buildStateTable(check(diehard).trace!, ['big', 'small'], 6);
  t.deepEqual(
    table.rows.map((row) => [row.action, row.violation, ...row.cells.map((c) => `${c.full}${c.changed ? '*' : ''}`)]),
    [
      ['Init', false, '0', '0'],
      ['FillBigJug', false, '5*', '0'],
      ['BigToSmall', false, '2*', '3*'],
      ['EmptySmallJug', false, '2', '0*'],
      ['BigToSmall', false, '0*', '2*'],
      ['FillBigJug', false, '5*', '2'],
      ['BigToSmall', true, '4*', '3*'],
    ],
  );
  const lock = buildStateTable(check(lockOrder).trace!, ['owner', 'T'], 2);
  t.deepEqual(lock.rows[1]!.cells.map((c) => c.delta), [['.A = 1'], ['[1].pc = "second"']]);
  t.deepEqual(lock.rows[0]!.cells.map((c) => c.full), ['[A |-> 0, B |-> 0]', '[1 |-> [pc |-> "first"], 2 |-> [pc |-> "first"]]']);
});

test('the page is self-contained and shows verdict, property description, constants and counts', (t) => {
  const result = check(diehard);
  const html = toHtmlReport(htmlReportInput(diehard, result));
  t.notRegex(html, /https?:|<link|src=/, 'no network references');
  t.regex(html, /<span class="verdict" data-verdict="invariant">invariant<\/span>/);
  t.regex(html, /Invariant <code>NotSolved<\/code>: <span class="description">the big jug never holds exactly 4 gallons<\/span>/);
  t.regex(html, /<dd id="distinct">14<\/dd>/);
  t.regex(html, /<dd id="generated">73<\/dd>/);
  t.regex(html, /<code id="path">0\/1\/5\/2\/5\/1\/5<\/code>/);
  t.regex(html, /<input type="radio" name="table-mode" value="all">/);
  t.deepEqual([...html.matchAll(/<tr class="[^"]*violation[^"]*" data-state="(\d+)">/g)].map((m) => m[1]), ['6'], 'only the last state is marked');
  const constants = toHtmlReport(htmlReportInput(lostUpdate, check(lostUpdate, { constants: { variant: 'SPLIT' } })));
  t.regex(constants, /<dd id="constants"><code>variant = SPLIT<\/code>, <code>checkWrite = false<\/code><\/dd>/);
});

test('a passing check gives a report without a counterexample', (t) => {
  const html = toHtmlReport(htmlReportInput(lostUpdate, check(lostUpdate)));
  t.regex(html, /data-verdict="ok"/);
  t.regex(html, /No counterexample/);
  t.notRegex(html, /<svg/);
});

test('an assertion report marks the failing step', (t) => {
  const result = check(lostUpdate, { constants: { variant: 'SPLIT', checkWrite: 'true' } });
  const html = toHtmlReport(htmlReportInput(lostUpdate, result));
  t.regex(html, /Assertion <code>FreshRead<\/code>: <span class="description">a worker writes back a count it read since the last write<\/span>/);
  t.regex(html, /<g class="step violation" data-step="4" data-lane="W2">/);
  t.regex(html, /\u2717 assertion FreshRead fails/);
});
