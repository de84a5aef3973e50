import { formatValue } from '../state/format-value.js';
import { diffStates } from '../state/state-diff.js';
import type { TraceStep } from '../trace/trace.js';
import { escapeHtml } from './html-escape.js';
import type { FoldedRun } from './presentation-view.js';

/**
 * The trace as a table, one row per state and one column per variable. A changed
 * cell is highlighted and carries both renderings: the whole value, and just what
 * changed inside it (`[1].pc = "second"`), so the page can switch between
 * "changed only" and "all variables" with a class and no re-rendering.
 */
export interface TableCell {
  readonly variable: string;
  /** The whole value, TLA+ style. */
  readonly full: string;
  readonly changed: boolean;
  /** The changed leaves (`[1].pc = "second"`, or the value for a scalar); empty if unchanged. */
  readonly delta: readonly string[];
}

export interface TableRow {
  readonly index: number;
  readonly action: string;
  readonly violation: boolean;
  readonly cells: readonly TableCell[];
  /** `models/x.ts:42`: where the step's action is declared. */
  readonly source?: string | null;
  /** A failed step's message (an assertion), shown on the step itself. */
  readonly failure?: string | null;
}

export interface StateTable {
  readonly variables: readonly string[];
  readonly rows: readonly TableRow[];
  /** Columns hidden until "all columns": ghosts and variables that never change. */
  readonly quiet?: ReadonlySet<string>;
  /** Variables the violated property read: highlighted. */
  readonly reads?: readonly string[];
  readonly folds?: readonly FoldedRun[];
  /** Watch expressions computed per state (`--watch NAME=EXPR`). */
  readonly watches?: readonly { readonly name: string; readonly values: readonly string[] }[];
}

export interface TableExtras {
  readonly quiet?: ReadonlySet<string>;
  readonly reads?: readonly string[];
  readonly folds?: readonly FoldedRun[];
  readonly sources?: readonly (string | null)[];
  readonly failure?: string | null;
  readonly watches?: readonly { readonly name: string; readonly values: readonly string[] }[];
}

export function buildStateTable(trace: readonly TraceStep[], variables: readonly string[], violationIndex: number | null, extras: TableExtras = {}): StateTable {
  const rows = trace.map((step, index): TableRow => {
    const changes = index === 0 ? [] : diffStates(variables, trace[index - 1]!.state, step.state);
    const cells = variables.map((variable): TableCell => {
      const change = changes.find((c) => c.variable === variable);
      const delta = change ? change.leaves.map((leaf) => (leaf.path ? `${leaf.path} = ${formatValue(leaf.after)}` : formatValue(leaf.after))) : [];
      return { variable, full: formatValue(step.state[variable]), changed: change !== undefined, delta };
    });
    const failure = index === violationIndex && extras.failure ? extras.failure : null;
    return { index, action: step.action, violation: index === violationIndex, cells, source: extras.sources?.[index] ?? null, failure };
  });
  return { variables, rows, quiet: extras.quiet, reads: extras.reads, folds: extras.folds, watches: extras.watches };
}

export function renderStateTable(table: StateTable): string {
  const column = (v: string) => [table.quiet?.has(v) ? 'quiet' : '', table.reads?.includes(v) ? 'read' : ''].filter(Boolean).join(' ');
  const attr = (v: string) => (column(v) ? ` class="${column(v)}"` : '');
  const watchHeads = (table.watches ?? []).map((w) => `<th class="watch" data-watch="${escapeHtml(w.name)}">${escapeHtml(w.name)}</th>`).join('');
  const head = `<thead><tr><th class="num">#</th><th class="action">step</th>${watchHeads}${table.variables.map((v) => `<th${attr(v)} data-var="${escapeHtml(v)}">${escapeHtml(v)}</th>`).join('')}</tr></thead>`;
  const rows = table.rows.map((row) => {
    const fold = table.folds?.find((f) => row.index >= f.first && row.index <= f.last);
    const classes = [row.index === 0 ? 'initial' : '', row.violation ? 'violation' : '', fold ? (row.index === fold.first ? 'fold-first' : 'folded') : ''].filter(Boolean).join(' ');
    const cells = row.cells.map(
      (cell) =>
        `<td class="var${cell.changed ? ' changed' : ''}${column(cell.variable) ? ` ${column(cell.variable)}` : ''}" data-var="${escapeHtml(cell.variable)}">` +
        `<span class="full">${escapeHtml(cell.full)}</span>` +
        (cell.changed ? `<span class="delta">${cell.delta.map(escapeHtml).join('<br>')}</span>` : '') +
        '</td>',
    );
    const watches = (table.watches ?? []).map((w) => `<td class="watch-value" data-watch="${escapeHtml(w.name)}">${escapeHtml(w.values[row.index] ?? '')}</td>`).join('');
    const folded = fold && row.index === fold.first ? `<button type="button" class="unfold" data-fold="${fold.first}" title="show the ${fold.last - fold.first + 1} steps">\u25b8 ${escapeHtml(fold.title)} (states ${fold.first + 1}\u2013${fold.last + 1})</button>` : '';
    const action = `${folded}<span class="label">${escapeHtml(row.action)}</span>${row.source ? `<span class="source">${escapeHtml(row.source)}</span>` : ''}${row.failure ? `<span class="failure">${escapeHtml(row.failure)}</span>` : ''}`;
    const foldAttr = fold ? ` data-fold="${fold.first}"` : '';
    return `<tr${classes ? ` class="${classes}"` : ''} data-state="${row.index}"${foldAttr}><td class="num">${row.index + 1}</td><td class="action">${action}</td>${watches}${cells.join('')}</tr>`;
  });
  return `<div class="table-scroll"><table id="state-table" class="changed-only quiet-hidden folds-closed">${head}<tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}
