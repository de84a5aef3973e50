import type { Comparison, PropertyComparison, PropertyStatus } from '../compare.js';
import { htmlPage } from './html-page.js';
import { escapeHtml } from './html-escape.js';
import { reportStyle } from './html-style.js';
import { layoutSequence, renderSequenceDiagram } from './sequence-diagram.js';

/**
 * `vigil compare --report FILE.html`: the comparison as one self-contained page:
 * the verdict table with the differences marked, and for each difference the
 * witness as a sequence diagram with the state where the other configuration
 * parts from it marked.
 */
const COMPARE_STYLE =
  'table.compare td, table.compare th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; } tr.differs td { background: #fff0f0; font-weight: 600; }';

export function toCompareHtml(comparison: Comparison): string {
  const { a, b } = comparison;
  const rows = comparison.properties.map(
    (p) =>
      `<tr class="${p.differs ? 'differs' : ''}" data-property="${escapeHtml(p.name)}"><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.kind)}</td><td>${escapeHtml(statusText(p, p.a))}</td><td>${escapeHtml(statusText(p, p.b))}</td><td>${p.differs ? 'differs' : ''}</td></tr>`,
  );
  const differing = comparison.properties.filter((p) => p.differs);
  return htmlPage(`Vigil compare: ${comparison.model}`, `${reportStyle}\n${COMPARE_STYLE}`, [
    `<h1>Vigil compare: ${escapeHtml(comparison.model)}</h1>`,
    `<p>A = <code>${escapeHtml(a.label)}</code>, B = <code>${escapeHtml(b.label)}</code>: <strong id="difference-count">${differing.length}</strong> ${differing.length === 1 ? 'property has' : 'properties have'} a different verdict.</p>`,
    `<table class="compare"><thead><tr><th>property</th><th>kind</th><th>A: ${escapeHtml(a.label)}</th><th>B: ${escapeHtml(b.label)}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...differing.map((p) => differenceSection(comparison, p)),
  ]);
}

function differenceSection(comparison: Comparison, property: PropertyComparison): string {
  const witness = property.witness;
  const parts = [`<section class="difference" data-property="${escapeHtml(property.name)}"><h2>${escapeHtml(property.name)} (${escapeHtml(property.kind)})</h2>`];
  if (property.description) parts.push(`<p class="description">${escapeHtml(property.description)}</p>`);
  for (const side of ['a', 'b'] as const) if (property[side].message) parts.push(`<p class="message">With <code>${escapeHtml(comparison[side].label)}</code>: ${escapeHtml(property[side].message!)}</p>`);
  if (!witness?.trace) return [...parts, `<p>No witness: ${escapeHtml(witness?.note ?? 'none was needed')}</p></section>`].join('\n');
  const label = witness.side === 'a' ? comparison.a.label : comparison.b.label;
  const other = witness.side === 'a' ? comparison.b.label : comparison.a.label;
  const replay = witness.replay;
  if (replay) {
    parts.push(
      replay.legal && replay.lasso !== undefined
        ? `<p class="divergence">Replayed with <code>${escapeHtml(other)}</code>: every step is possible there too, ${escapeHtml(replay.lasso === null ? 'and the lasso violates the property there as well' : `but it is no counterexample there: ${replay.lasso}`)}.</p>`
        : replay.legal
        ? `<p class="divergence">Replayed with <code>${escapeHtml(other)}</code>: every step is possible there too${replay.violates.length ? `; it violates ${escapeHtml(replay.violates.join(', '))}` : '; nothing is violated'}.</p>`
        : `<p class="divergence">Replayed with <code>${escapeHtml(other)}</code>: the behaviours part at state <strong>${replay.divergesAt ?? '?'}</strong>: ${escapeHtml(replay.problem ?? '')}</p>`,
    );
  }
  const last = witness.trace.length - 1;
  const parting = replay && !replay.legal && replay.divergesAt ? replay.divergesAt - 1 : null;
  const layout = layoutSequence(witness.trace, {
    environment: comparison.model,
    violation: witness.kind === 'counterexample' && !witness.loop ? { index: last, text: `${property.kind} ${property.name}` } : null,
    loop: witness.loop?.start ?? null,
    sources: witness.trace.map((_, i) => (i === parting ? `${other} parts here` : null)),
  });
  parts.push(`<p>Shortest ${escapeHtml(witness.kind)} with <code>${escapeHtml(label)}</code> (${witness.trace.length} states):</p>`, `<div class="diagram">${renderSequenceDiagram(layout)}</div>`, '</section>');
  return parts.join('\n');
}

function statusText(property: PropertyComparison, status: PropertyStatus): string {
  if (property.kind === 'possible') return status.status === 'holds' ? 'satisfied' : status.status === 'violated' ? 'never satisfied' : status.status;
  if (status.status === 'absent') return 'not declared';
  return status.status === 'violated' && status.traceLength ? `violated (${status.traceLength} states)` : status.status;
}
