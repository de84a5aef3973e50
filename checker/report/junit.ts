import type { SuiteOutcome } from '../config/suite.js';

/**
 * JUnit XML for CI dashboards: one testcase per suite entry. An entry whose check
 * ran and missed its expectation is a <failure>; one that could not run (its model
 * failed to load or build, a bad constant) is an <error>.
 */
export function toJUnitXml(outcome: SuiteOutcome): string {
  const failures = outcome.entries.filter((e) => !e.passed && e.result).length;
  const errors = outcome.entries.filter((e) => !e.passed && !e.result).length;
  const cases = outcome.entries.map((e) => {
    const seconds = ((e.result?.durationMs ?? 0) / 1000).toFixed(3);
    const open = `  <testcase classname="${xml(outcome.suite.name)}" name="${xml(e.entry.name)}" time="${seconds}">`;
    if (e.passed) return `${open}</testcase>`;
    const message = e.mismatches.join('; ');
    const element = e.result ? 'failure' : 'error';
    return `${open}\n    <${element} message="${xml(message)}">${xml(e.result?.message ?? e.error ?? message)}</${element}>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(outcome.suite.name)}" tests="${outcome.entries.length}" failures="${failures}" errors="${errors}" time="${(outcome.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}

/** Escapes markup, and writes characters XML 1.0 cannot hold (controls, lone surrogates) as \uXXXX. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
