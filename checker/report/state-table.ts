import { formatValue } from '../state/format-value.js';
import { diffStates } from '../state/state-diff.js';
import type { TraceStep } from '../trace/trace.js';
import { escapeHtml } from './html-escape.js';

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
}

export interface StateTable {
  readonly variables: readonly string[];
  readonly rows: readonly TableRow[];
}

export function buildStateTable(trace: readonly TraceStep[], variables: readonly string[], violationIndex: number | null): StateTable {
  const rows = trace.map((step, index): TableRow => {
    const changes = index === 0 ? [] : diffStates(variables, trace[index - 1]!.state, step.state);
    const cells = variables.map((variable): TableCell => {
      const change = changes.find((c) => c.variable === variable);
      const delta = change ? change.leaves.map((leaf) => (leaf.path ? `${leaf.path} = ${formatValue(leaf.after)}` : formatValue(leaf.after))) : [];
      return { variable, full: formatValue(step.state[variable]), changed: change !== undefined, delta };
    });
    return { index, action: step.action, violation: index === violationIndex, cells };
  });
  return { variables, rows };
}

export function renderStateTable(table: StateTable): string {
  const head = `<thead><tr><th>#</th><th>step</th>${table.variables.map((v) => `<th>${escapeHtml(v)}</th>`).join('')}</tr></thead>`;
  const rows = table.rows.map((row) => {
    const classes = [row.index === 0 ? 'initial' : '', row.violation ? 'violation' : ''].filter(Boolean).join(' ');
    const cells = row.cells.map(
      (cell) =>
        `<td class="var${cell.changed ? ' changed' : ''}" data-var="${escapeHtml(cell.variable)}">` +
        `<span class="full">${escapeHtml(cell.full)}</span>` +
        (cell.changed ? `<span class="delta">${cell.delta.map(escapeHtml).join('<br>')}</span>` : '') +
        '</td>',
    );
    return `<tr${classes ? ` class="${classes}"` : ''} data-state="${row.index}"><td class="num">${row.index + 1}</td><td class="action">${escapeHtml(row.action)}</td>${cells.join('')}</tr>`;
  });
  return `<table id="state-table" class="changed-only">${head}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
