import test from 'ava';
import { check, htmlReportInput, prepare, toHtmlReport } from '../checker/index.js';
import { explainViolation } from '../checker/report/explain.js';
import { parseWatch } from '../checker/report/watch.js';
import { formatWaiting, waitsFor } from '../checker/report/wait-for.js';
import vfio from '../models/vfio-pm/index.js';

/** Issue 13: the report explains the violation; the vfio traces are pinned in the constants below. */
const M1 = { mutant: 'M1' };
/** scenarios/h1-unmask-eventfd.yaml: H1 with every other actor and the failure paths off. */
const H1 = { script: 'INTX_ON,ENTRY', unmaskfd: 1, vcpu: 0, host: 0, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false, intxAtOpen: false };

test('an invariant is explained by its definition, its source line and the values it read', (t) => {
  const result = check(vfio, { constants: M1 });
  t.deepEqual(explainViolation(prepare(vfio, M1).runtime, result), {
    property: 'S1',
    kind: 'invariant',
    definition: '!(s.engaged && s.mapped)',
    source: { file: 'models/vfio-pm/properties.ts', line: 61 },
    reads: [
      { variable: 'engaged', value: 'TRUE' },
      { variable: 'mapped', value: 'TRUE' },
    ],
    paths: [
      { path: 'engaged', value: 'TRUE' },
      { path: 'mapped', value: 'TRUE' },
    ],
    message: null,
  });
  const html = toHtmlReport(htmlReportInput(vfio, result));
  t.regex(html, /Invariant <code>S1<\/code> <span class="source">models\/vfio-pm\/properties\.ts:61<\/span> is <code class="definition">!\(s\.engaged &amp;&amp; s\.mapped\)<\/code>/);
  t.deepEqual([...html.matchAll(/<th class="read" data-var="(\w+)">/g)].map((m) => m[1]), ['engaged', 'mapped'], 'the columns read are outlined');
});

test('defect 7: an assertion\'s message is on the failing step itself, with the assert\'s line', (t) => {
  const result = check(vfio, { constants: H1 });
  const html = toHtmlReport(htmlReportInput(vfio, result));
  const row = /<tr class="violation" data-state="20">(.*?)<\/tr>/.exec(html)?.[1] ?? '';
  t.regex(row, /<td class="num">21<\/td>/);
  t.regex(row, /<span class="failure">assertion S7 failed: INTx unmask eventfd: pci_check_and_unmask_intx: config access while the device is in D3cold<\/span>/);
  t.regex(html, /The step's <code>assert<\/code> <span class="source">models\/vfio-pm\/access\.ts:15<\/span> failed/);
  t.regex(html, /<tspan class="step-detail"[^>]*>assertion S7 failed: INTx/, 'the diagram box carries the message too');
  t.deepEqual([...html.matchAll(/<th class="read" data-var="(\w+)">/g)].map((m) => m[1]), ['power', 'irq', 'intxMasked'], 'in column order');
});

test('ghost and never-changing columns are hidden by default; folded runs and tracks come from the model', (t) => {
  const result = check(vfio, { constants: M1 });
  const input = htmlReportInput(vfio, result);
  t.true(input.quiet!.includes('openRef'), 'a ghost');
  t.true(input.quiet!.includes('vfs'), 'never changes in M1');
  t.false(input.quiet!.includes('usage'));
  t.deepEqual(input.folds, [{ title: 'open(): vfio_pci_core_enable, resume to D0, device open', first: 1, last: 6 }]);
  t.deepEqual(input.tracks!.map((track) => [track.name, track.kind, track.values.length]), [['memory_lock', 'holders', 12], ['usage', 'count', 12], ['power', 'band', 12]]);
  t.deepEqual(input.tracks![0]!.values.slice(8, 12), [['U1 (w)'], [], ['V (r)'], []]);
  t.is(input.sources![1], 'models/vfio-pm/lifecycle.ts:28');
  const html = toHtmlReport(input);
  t.regex(html, /<table id="state-table" class="changed-only quiet-hidden folds-closed">/);
  t.regex(html, /<rect class="held" data-holder="U1 \(w\)" data-state="8"/);
  t.regex(html, /<text class="lane-legend"[^>]*><title>V = vCPU: mmap fault \(vfio_pci_mmap_fault\)<\/title>/);
});

test('--watch expressions become report columns, evaluated per state', (t) => {
  const result = check(vfio, { constants: M1 });
  const html = toHtmlReport(htmlReportInput(vfio, result, { watches: [parseWatch('drift=s.usage - (s.openRef ? 1 : 0)')] }));
  const values = [...html.matchAll(/<td class="watch-value" data-watch="drift">([^<]*)<\/td>/g)].map((m) => m[1]);
  // usage minus the open reference: 1 only while the ENTRY ioctl holds its wrapper reference (states 8 and 9).
  t.deepEqual(values, ['0', '0', '0', '0', '0', '0', '0', '1', '1', '0', '0', '0']);
  t.throws(() => parseWatch('drift'), { message: '--watch drift: expected NAME=EXPRESSION, such as drift=s.usage-1' });
  t.throws(() => parseWatch('x=s.('), { message: /^--watch x: not a JavaScript expression: / });
});

test('a deadlock says who waits for what, through the model\'s tracks', (t) => {
  const result = check(vfio, { constants: { mutant: 'M7a' } });
  const waiting = formatWaiting(waitsFor(prepare(vfio, { mutant: 'M7a' }).runtime, result.trace!.at(-1)!.state));
  t.deepEqual(waiting.map((line) => line.replace(/ at ".*" for /, ' for ')), [
    'V waits for status = "SUSPENDING"',
    'H waits for status = "SUSPENDING"',
    'C waits for every U idle, V at V_rpm_wait',
    'S waits for status = "SUSPENDING"',
    'W waits for memory_lock held by V (r)',
  ]);
});
