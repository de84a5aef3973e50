import type { SuiteOutcome } from '../config/suite.js';

/** JUnit XML for CI dashboards: one testcase per suite entry. */
export function toJUnitXml(outcome: SuiteOutcome): string {
  const failures = outcome.entries.filter((e) => !e.passed).length;
  const cases = outcome.entries.map((e) => {
    const seconds = ((e.result?.durationMs ?? 0) / 1000).toFixed(3);
    const open = `  <testcase classname="${xml(outcome.suite.name)}" name="${xml(e.entry.name)}" time="${seconds}">`;
    if (e.passed) return `${open}</testcase>`;
    const message = e.mismatches.join('; ');
    return `${open}\n    <failure message="${xml(message)}">${xml(e.result?.message ?? e.error ?? message)}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(outcome.suite.name)}" tests="${outcome.entries.length}" failures="${failures}" errors="0" time="${(outcome.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
