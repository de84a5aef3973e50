import type { SuiteOutcome } from '../config/suite.js';
import { htmlPage } from './html-page.js';
import { escapeHtml } from './html-escape.js';
import { reportStyle } from './html-style.js';

/**
 * `suite --report-dir DIR`'s index.html: one row per entry with its expectation's
 * outcome and a summary of the run (verdict, property, counts, trace length, time),
 * linking to the entry's own report when one was written.
 */
const SUITE_STYLE =
  'table.suite { border-collapse: collapse; } table.suite td, table.suite th { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; text-align: left; } tr.fail td:first-child { color: #c00000; font-weight: 600; } tr.pass td:first-child { color: #0a7a3c; }';

export function toSuiteIndex(suiteName: string, outcome: SuiteOutcome, reportOf: (entryName: string) => string | undefined): string {
  const rows = outcome.entries.map((entry) => {
    const r = entry.result;
    const report = reportOf(entry.entry.name);
    const name = report ? `<a href="${escapeHtml(report)}">${escapeHtml(entry.entry.name)}</a>` : escapeHtml(entry.entry.name);
    const cells = r
      ? [r.verdict, r.property ?? '–', String(r.distinctStates), String(r.generatedStates), String(r.depth), r.trace ? String(r.trace.length) : '–', `${r.durationMs} ms`]
      : ['did not run', '–', '–', '–', '–', '–', '–'];
    const problem = entry.passed ? '' : escapeHtml(entry.error ?? entry.mismatches.join('; '));
    return `<tr class="${entry.passed ? 'pass' : 'fail'}"><td>${entry.passed ? 'PASS' : 'FAIL'}</td><td>${name}</td>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}<td>${problem}</td></tr>`;
  });
  const passed = outcome.entries.filter((e) => e.passed).length;
  return htmlPage(`Vigil suite: ${suiteName}`, `${reportStyle}\n${SUITE_STYLE}`, [
    `<h1>Vigil suite: ${escapeHtml(suiteName)}</h1>`,
    `<p id="suite-summary">${passed} passed, ${outcome.entries.length - passed} failed (${outcome.durationMs} ms)</p>`,
    '<table class="suite" id="suite-table"><thead><tr><th></th><th>entry</th><th>verdict</th><th>property</th><th>distinct</th><th>generated</th><th>depth</th><th>trace</th><th>time</th><th>unmet expectation</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ]);
}
