import type { CheckResult } from '../result.js';
import { htmlPage } from './html-page.js';
import { runFactRows } from './run-facts.js';
import { escapeHtml } from './html-escape.js';
import { reportScript } from './html-script.js';
import { reportStyle } from './html-style.js';
import { layoutSequence, renderSequenceDiagram } from './sequence-diagram.js';
import { buildStateTable, renderStateTable } from './state-table.js';
import type { Explanation } from './explain.js';
import type { LassoExplanation } from './explain-lasso.js';
import type { FoldedRun, TrackSeries } from './presentation-view.js';
import type { TraceStep } from '../trace/trace.js';

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
  /** The explorer URL fragment for this trace in this model and configuration (explorer/permalink.ts). */
  readonly permalink?: string | null;
  /** `vigil explore <model> --const ...`: the explorer command for the same configuration. */
  readonly exploreCommand?: string;
  /** Index where a lasso's cycle starts (liveness traces). */
  readonly loop?: number | null;
  /** Why the last state breaks the property: definition, source line, variables read (explain.ts). */
  readonly explanation?: Explanation | null;
  /** A liveness counterexample's explanation: the property's predicates, where it fails, the fairness on the loop (explain-lasso.ts). */
  readonly lasso?: LassoExplanation | null;
  /** Columns hidden until "all columns": ghosts and variables that never change. */
  readonly quiet?: readonly string[];
  readonly folds?: readonly FoldedRun[];
  readonly tracks?: readonly TrackSeries[];
  readonly legends?: Readonly<Record<string, string>>;
  /** Per trace step: where its action is declared (`models/x.ts:42`). */
  readonly sources?: readonly (string | null)[];
  /** The diagram's changes column without ghost fields. */
  readonly changesOf?: (before: TraceStep, after: TraceStep) => string[];
  readonly watches?: readonly { readonly name: string; readonly values: readonly string[] }[];
  /** For a deadlock: who waits for what (wait-for.ts). */
  readonly waiting?: readonly string[];
}

export function toHtmlReport(input: HtmlReportInput): string {
  const { result } = input;
  const title = `${result.model}: ${result.verdict}${result.property ? ` ${result.property}` : ''}`;
  return htmlPage(`Vigil: ${title}`, reportStyle, [
    summarySection(input),
    explanationSection(input),
    traceSections(input),
    `<script>${reportScript}</script>`,
  ]);
}

function summarySection(input: HtmlReportInput): string {
  const { result, property } = input;
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
    ...runFactRows(result),
    input.path ? `<dt>path</dt><dd><code id="path">${escapeHtml(input.path)}</code> <span class="note">(open it with <code id="explore-command">${escapeHtml(input.exploreCommand ?? `vigil explore ${result.model}`)}</code>, then URL <code id="permalink">#${escapeHtml(input.permalink ?? input.path)}</code>)</span></dd>` : '',
    '</dl>',
    '</header>',
  ].join('\n');
}

function traceSections(input: HtmlReportInput): string {
  const { result } = input;
  const trace = result.trace;
  if (!trace || trace.length === 0) return '<p class="note">No counterexample: there is no trace to show.</p>';
  const violationIndex = result.verdict === 'ok' || result.verdict === 'incomplete' ? null : trace.length - 1;
  const explanation = input.explanation ?? null;
  const failure = result.verdict === 'assertion' ? (explanation?.message ?? result.message) : null;
  const detail = [
    ...(failure ? [failure] : []),
    ...(explanation && explanation.kind !== 'assertion' ? explanation.reads.filter((r) => r.value.length < 40).map((r) => `${r.variable} = ${r.value}`) : []),
    ...(input.waiting ?? []),
  ];
  const layout = layoutSequence(trace, {
    environment: result.model,
    actorOrder: input.actorOrder,
    violation: violationIndex === null ? null : { index: violationIndex, text: violationText(input) },
    loop: input.loop ?? null,
    variables: input.variables,
    violationDetail: detail,
    sources: input.sources,
    changesOf: input.changesOf,
    legends: input.legends,
    tracks: input.tracks,
  });
  const table = buildStateTable(trace, input.variables, violationIndex, {
    quiet: new Set(input.quiet ?? []),
    reads: explanation?.reads.map((r) => r.variable),
    folds: input.folds,
    sources: input.sources,
    failure,
    watches: input.watches,
  });
  const quiet = input.quiet?.length ?? 0;
  return [
    `<section id="diagram"><h2>Counterexample: ${trace.length} states${loopTitle(input)}</h2>`,
    `<div class="diagram">${renderSequenceDiagram(layout)}</div></section>`,
    '<section id="states"><h2>States</h2>',
    '<div class="toggle">',
    '<label><input type="radio" name="table-mode" value="changed-only" checked> changed only</label>',
    '<label><input type="radio" name="table-mode" value="all"> all variables</label>',
    quiet ? `<label><input type="checkbox" id="show-quiet"> all columns (${quiet} hidden: ghosts, bookkeeping and unchanged)</label>` : '',
    input.folds?.length ? '<label><input type="checkbox" id="unfold-all"> unfold every folded run</label>' : '',
    '<span class="note">(changed values are highlighted; the variables the property read are outlined)</span>',
    '</div>',
    renderStateTable(table),
    '</section>',
  ].join('\n');
}

/** At the top: why it broke, in the property's own words and values. */
function explanationSection(input: HtmlReportInput): string {
  const e = input.explanation;
  const waiting = input.waiting ?? [];
  if (input.lasso) return lassoSection(input.lasso);
  if (!e && waiting.length === 0) return '';
  const parts = ['<section id="why"><h2>Why it broke</h2>'];
  if (e) {
    const at = e.source ? ` <span class="source">${escapeHtml(`${e.source.file}:${e.source.line}`)}</span>` : '';
    if (e.kind === 'assertion') parts.push(`<p>The step's <code>assert</code>${at} failed: <strong class="failure">${escapeHtml(e.definition)}</strong></p>`);
    else parts.push(`<p>${escapeHtml(capitalize(e.kind))} <code>${escapeHtml(e.property)}</code>${at} is <code class="definition">${escapeHtml(e.definition)}</code></p>`);
    if (e.reads.length) parts.push(`<p>It read: <span class="reads">${e.reads.map((r) => `<code class="read" data-var="${escapeHtml(r.variable)}">${escapeHtml(r.variable)} = ${escapeHtml(r.value)}</code>`).join(', ')}</span></p>`);
  }
  if (waiting.length) parts.push(`<ul class="waiting">${waiting.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** Why a lasso violates its temporal property, and why its loop is fair. */
function lassoSection(l: LassoExplanation): string {
  const at = l.source ? ` <span class="source">${escapeHtml(`${l.source.file}:${l.source.line}`)}</span>` : '';
  const which = l.conjunct ? `, conjunct ${l.conjunct.index} of ${l.conjunct.of},` : '';
  const list = (items: readonly string[], cls: string) => `<ul class="${cls}">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  return [
    '<section id="why" class="lasso"><h2>Why it broke</h2>',
    `<p>Temporal property <code>${escapeHtml(l.property)}</code>${which}${at} is <code class="definition">${escapeHtml(l.formula)}</code></p>`,
    l.definitions.length ? `<ul class="definitions">${l.definitions.map((d) => `<li><code>${escapeHtml(d.letter)} == ${escapeHtml(d.text)}</code></li>`).join('')}</ul>` : '',
    ...l.facts.map((f) => `<p class="fact">${escapeHtml(f)}</p>`),
    l.fairness.length ? `<p>${l.stuttering ? 'Fairness in the last state' : 'Fairness on the loop'}:</p>${list(l.fairness, 'fairness')}` : '<p class="fairness-none">No fairness condition applies to these steps.</p>',
    l.neglected.length ? `<p>${l.stuttering ? 'Enabled there and never taken' : 'Enabled in every state of the loop and never taken'}:</p>${list(l.neglected, 'neglected')}` : '',
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

function loopTitle(input: HtmlReportInput): string {
  if (input.loop == null) return '';
  return input.lasso?.stuttering ? `, then stuttering in state ${input.loop + 1} for ever` : `, looping back to state ${input.loop + 1}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
