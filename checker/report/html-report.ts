import type { CheckResult } from '../result.js';
import { escapeHtml } from './html-escape.js';
import { reportScript } from './html-script.js';
import { reportStyle } from './html-style.js';
import { layoutSequence, renderSequenceDiagram } from './sequence-diagram.js';
import { buildStateTable, renderStateTable } from './state-table.js';

/**
 * `--report FILE.html`: one self-contained page (inline CSS, SVG and script; no
 * network) for a patch reviewer: the verdict, the property and what it means, the
 * constants and counts, the counterexample as a sequence diagram, and its states
 * as a table.
 */
export interface PropertyInfo {
  readonly name: string;
  readonly kind: 'invariant' | 'action property' | 'possible' | 'assertion' | 'temporal property';
  readonly description: string | null;
}

export interface HtmlReportInput {
  readonly result: Pick<CheckResult, 'model' | 'constants' | 'verdict' | 'complete' | 'property' | 'message' | 'distinctStates' | 'generatedStates' | 'depth' | 'queueLeft' | 'durationMs' | 'trace' | 'violations'>;
  /** The violated property, looked up in the model. */
  readonly property: PropertyInfo | null;
  readonly variables: readonly string[];
  /** Lane order: the model's actors in declaration order. */
  readonly actorOrder?: readonly string[];
  /** The path of the trace (`0/1/5`), for `vigil explore`. */
  readonly path?: string | null;
  /** Index where a lasso's cycle starts (liveness traces). */
  readonly loop?: number | null;
}

export function toHtmlReport(input: HtmlReportInput): string {
  const { result } = input;
  const title = `${result.model}: ${result.verdict}${result.property ? ` ${result.property}` : ''}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Vigil: ${escapeHtml(title)}</title>`,
    `<style>${reportStyle}</style>`,
    '</head>',
    '<body>',
    summarySection(input),
    traceSections(input),
    `<script>${reportScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summarySection(input: HtmlReportInput): string {
  const { result, property } = input;
  const constants = Object.entries(result.constants);
  const others = result.violations.slice(1).map((v) => `<li>${escapeHtml(v.message)}${v.traceLength ? ` (trace of ${v.traceLength} states)` : ''}</li>`);
  return [
    '<header id="summary">',
    `<h1>Vigil report: ${escapeHtml(result.model)}</h1>`,
    `<p><span class="verdict" data-verdict="${escapeHtml(result.verdict)}">${escapeHtml(result.verdict)}</span></p>`,
    `<p class="message">${escapeHtml(result.message ?? (result.verdict === 'ok' ? 'No error has been found.' : result.verdict))}</p>`,
    property
      ? `<p class="property">${escapeHtml(capitalize(property.kind))} <code>${escapeHtml(property.name)}</code>${property.description ? `: <span class="description">${escapeHtml(property.description)}</span>` : ''}</p>`
      : '',
    others.length ? `<p>Also violated:</p><ul class="also">${others.join('')}</ul>` : '',
    '<dl class="facts">',
    `<dt>constants</dt><dd id="constants">${constants.length ? constants.map(([k, v]) => `<code>${escapeHtml(k)} = ${escapeHtml(String(v))}</code>`).join(', ') : 'none'}</dd>`,
    `<dt>distinct states</dt><dd id="distinct">${result.distinctStates}</dd>`,
    `<dt>states generated</dt><dd id="generated">${result.generatedStates}</dd>`,
    `<dt>depth</dt><dd id="depth">${result.depth}</dd>`,
    `<dt>states left on queue</dt><dd>${result.queueLeft}</dd>`,
    `<dt>search</dt><dd>${result.complete ? 'exhaustive' : 'NOT exhaustive (bounded)'}</dd>`,
    `<dt>time</dt><dd>${result.durationMs} ms</dd>`,
    input.path ? `<dt>path</dt><dd><code id="path">${escapeHtml(input.path)}</code> <span class="note">(open it with <code>vigil explore ${escapeHtml(result.model)}</code>, URL <code>#${escapeHtml(input.path)}</code>)</span></dd>` : '',
    '</dl>',
    '</header>',
  ].join('\n');
}

function traceSections(input: HtmlReportInput): string {
  const { result } = input;
  const trace = result.trace;
  if (!trace || trace.length === 0) return '<p class="note">No counterexample: there is no trace to show.</p>';
  const violationIndex = result.verdict === 'ok' || result.verdict === 'incomplete' ? null : trace.length - 1;
  const layout = layoutSequence(trace, {
    environment: result.model,
    actorOrder: input.actorOrder,
    violation: violationIndex === null ? null : { index: violationIndex, text: violationText(input) },
    loop: input.loop ?? null,
    variables: input.variables,
  });
  const table = buildStateTable(trace, input.variables, violationIndex);
  return [
    `<section id="diagram"><h2>Counterexample: ${trace.length} states${input.loop != null ? `, looping back to state ${input.loop + 1}` : ''}</h2>`,
    `<div class="diagram">${renderSequenceDiagram(layout)}</div></section>`,
    '<section id="states"><h2>States</h2>',
    '<div class="toggle">',
    '<label><input type="radio" name="table-mode" value="changed-only" checked> changed only</label>',
    '<label><input type="radio" name="table-mode" value="all"> all variables</label>',
    '<span class="note">(changed values are highlighted)</span>',
    '</div>',
    renderStateTable(table),
    '</section>',
  ].join('\n');
}

function violationText(input: HtmlReportInput): string {
  const { verdict, property } = input.result;
  if (verdict === 'deadlock') return 'deadlock: nothing enabled';
  if (verdict === 'invariant') return `violates ${property}`;
  if (verdict === 'action') return `step violates ${property}`;
  if (verdict === 'assertion') return `assertion ${property} fails`;
  if (verdict === 'error') return 'evaluation error';
  return `${verdict}${property ? ` ${property}` : ''}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
