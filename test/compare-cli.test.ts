import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { writeTemp } from './helpers/traces.js';
import { SMOKE } from '../models/vfio-pm/config.js';

/** The smoke configuration (smoke.yaml) as flags: two vCPU accesses, so M1 also reaches an MMIO through the mapping. */
const smoke = Object.entries(SMOKE).flatMap(([name, value]) => ['--const', `${name}=${value}`]);

/**
 * Issue 13, "compare that shows the divergence": witnesses replayed on the other
 * configuration, --fail-on-diff exit codes, assertion messages, --report.
 * vfio-pm M1 against the merged design, in the smoke configuration: S1, S2 and the
 * S7 assertion differ (the whole-protocol default has one vCPU access, so no S7).
 */
test('--fail-on-diff exits 1 when a verdict differs, 0 when none does, and 0 without the flag', (t) => {
  const differs = vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M1', '--vs', 'mutant=NONE', '--fail-on-diff']);
  t.is(differs.status, 1, differs.stderr);
  t.regex(differs.stdout, /^3 properties have a different verdict\.$/m);
  t.is(vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M1', '--vs', 'mutant=NONE']).status, 0);
  // M7c only deadlocks with the hot-reset actors, which this configuration leaves out.
  const same = vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M7c', '--vs', 'mutant=NONE', '--fail-on-diff']);
  t.is(same.status, 0, same.stdout);
  t.regex(same.stdout, /^No property has a different verdict\.$/m);
});

test('the witness is replayed on the other configuration and shown from where they part; assertion messages are kept', (t) => {
  const run = vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M1', '--vs', 'mutant=NONE', '--json']);
  t.is(run.status, 0);
  const json = JSON.parse(run.stdout);
  t.true(json.differs);
  const s1 = json.properties.find((p: any) => p.name === 'S1');
  t.like(s1.witness.replay, { legal: false, divergesAt: 12 });
  t.regex(s1.witness.replay.problem, /^states\[11\]: not a legal step from states\[10\]: no enabled step leads to it \(closest: V: fault: engaged or memory disabled -> SIGBUS; .* gives mapped = FALSE, but states\[11\] has mapped = TRUE\)$/);
  const s7 = json.properties.find((p: any) => p.name === 'S7' && p.kind === 'assertion');
  t.is(s7.a.message, 'Assertion S7 failed in action V: MMIO access through the existing mapping, no kernel involved (V0): vCPU MMIO through the mapping: MMIO access while SUSPENDING.');
  const text = vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M1', '--vs', 'mutant=NONE']).stdout;
  t.regex(text, /^Replayed with mutant=NONE: the behaviours part at state 12: states\[11\]: /m);
  t.regex(text, /^\(states 1\.\.10 are the same in both; see --json for them\)\nState 11: <V: BAR access page-faults/m);
  t.regex(text, /^With mutant=M1: Assertion S7 failed in action V: MMIO access through the existing mapping/m);
});

test('--report writes the comparison as HTML', (t) => {
  const file = join(writeTemp('keep.txt', ''), '..', 'compare.html');
  const run = vigil(['compare', 'vfio-pm', ...smoke, '--const', 'mutant=M1', '--vs', 'mutant=NONE', '--report', file]);
  t.is(run.status, 0, run.stderr);
  const html = readFileSync(file, 'utf8');
  t.regex(html, /<strong id="difference-count">3<\/strong> properties have a different verdict/);
  t.deepEqual([...html.matchAll(/<tr class="differs" data-property="(\w+)">/g)].map((m) => m[1]), ['S1', 'S2', 'S7']);
  t.regex(html, /the behaviours part at state <strong>12<\/strong>/);
  t.notRegex(html, /https?:|<link|src=/);
});
