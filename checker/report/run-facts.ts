import { searchedEverything, type CheckResult } from '../result.js';
import { escapeHtml } from './html-escape.js';

/**
 * The statistics both HTML reports (counterexample and passing run) list in their
 * header, as `<dt>/<dd>` rows: constants, TLC's three counts, the queue left,
 * whether the search was exhaustive and how long it took.
 */
export function runFactRows(result: Pick<CheckResult, 'constants' | 'distinctStates' | 'generatedStates' | 'depth' | 'queueLeft' | 'complete' | 'durationMs' | 'verdict'>): string[] {
  const constants = Object.entries(result.constants);
  return [
    `<dt>constants</dt><dd id="constants">${constants.length ? constants.map(([k, v]) => `<code>${escapeHtml(k)} = ${escapeHtml(String(v))}</code>`).join(', ') : 'none'}</dd>`,
    `<dt>distinct states</dt><dd id="distinct">${result.distinctStates}</dd>`,
    `<dt>states generated</dt><dd id="generated">${result.generatedStates}</dd>`,
    `<dt>depth</dt><dd id="depth">${result.depth}</dd>`,
    `<dt>states left on queue</dt><dd>${result.queueLeft}</dd>`,
    `<dt>search</dt><dd>${searchedEverything(result) ? 'exhaustive' : result.complete ? `stopped at the violation (${result.queueLeft} states left on the queue)` : 'NOT exhaustive'}</dd>`,
    `<dt>time</dt><dd>${result.durationMs} ms</dd>`,
  ];
}
