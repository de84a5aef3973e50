import test from 'ava';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';

test('vigil check --report writes the HTML report and keeps the exit code', (t) => {
  const file = writeTemp('lock.html', '');
  const run = vigil(['check', 'lock-order', '--report', file]);
  t.is(run.status, 11);
  const html = readFileSync(file, 'utf8');
  t.deepEqual([...html.matchAll(/<g class="lane" data-lane="([^"]+)"/g)].map((m) => m[1]), ['T1', 'T2']);
  t.regex(html, /<g class="step violation" data-step="2" data-lane="T2">/);
  // A report counts coverage; the counterexample report shows it after the trace.
  t.deepEqual([...html.matchAll(/<g class="coverage-row[^"]*" data-action="([^"]+)"/g)].map((m) => m[1]), [
    'T1: take first lock', 'T2: take first lock', 'T1: take second lock', 'T2: take second lock', 'T1: release both locks', 'T2: release both locks',
  ]);
});

test('vigil suite --report-dir writes one report per failing entry', (t) => {
  const dir = dirname(writeTemp('suite.yaml', ''));
  const suite = join(dir, 'suite.yaml');
  writeFileSync(
    suite,
    ['name: reports', 'entries:', '  - name: jugs expected ok', '    model: diehard', '    expect: ok', '  - name: locks', '    model: lock-order', '    expect: deadlock', ''].join('\n'),
  );
  const reports = join(dir, 'reports');
  const run = vigil(['suite', suite, '--report-dir', reports]);
  t.is(run.status, 1);
  t.deepEqual(readdirSync(reports).sort(), ['index.html', 'jugs_expected_ok.html']);
  const index = readFileSync(join(reports, 'index.html'), 'utf8');
  t.true(index.includes('<p id="suite-summary">1 passed, 1 failed'));
  t.true(index.includes('<tr class="fail"><td>FAIL</td><td><a href="jugs_expected_ok.html">jugs expected ok</a></td><td>invariant</td><td>NotSolved</td><td>14</td>'));
  t.true(index.includes('<tr class="pass"><td>PASS</td><td>locks</td><td>deadlock</td>'));
  t.regex(readFileSync(join(reports, 'jugs_expected_ok.html'), 'utf8'), /data-verdict="invariant"/);
  t.false(existsSync(join(reports, 'locks.html')));
});
