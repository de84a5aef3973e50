import type { CoverageRow } from '../search/coverage.js';
import type { LevelPoint } from '../search/outcome.js';
import { escapeHtml } from './html-escape.js';

/**
 * The SVG charts of a run report, drawn as plain SVG so the page needs no script
 * library and opens from disk: the state space per BFS level, and the coverage.
 */

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 64, right: 16, top: 16, bottom: 36 };

/** Distinct states (so far) and queue size as each BFS level starts: two lines over the levels. */
export function levelChart(levels: readonly LevelPoint[]): string {
  const maxY = Math.max(1, ...levels.map((p) => Math.max(p.distinctStates, p.queueSize)));
  const maxLevel = Math.max(2, ...levels.map((p) => p.level));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (level: number) => MARGIN.left + ((level - 1) / (maxLevel - 1)) * plotW;
  const y = (value: number) => MARGIN.top + plotH - (value / maxY) * plotH;
  const line = (pick: (p: LevelPoint) => number) => levels.map((p) => `${x(p.level).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(maxY * f));
  return [
    `<svg class="chart" id="level-chart" role="img" aria-label="distinct states and queue size per BFS level" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">`,
    ...ticks.map((v) => `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`),
    `<text class="tick" x="${MARGIN.left}" y="${HEIGHT - 8}">level 1</text>`,
    `<text class="tick" x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end">level ${maxLevel}</text>`,
    `<polyline class="series distinct" data-points="${levels.length}" points="${line((p) => p.distinctStates)}"/>`,
    `<polyline class="series queue" data-points="${levels.length}" points="${line((p) => p.queueSize)}"/>`,
    `<g class="legend"><rect class="distinct" x="${MARGIN.left + 10}" y="${MARGIN.top}" width="12" height="4"/><text x="${MARGIN.left + 28}" y="${MARGIN.top + 6}">distinct states</text>`,
    `<rect class="queue" x="${MARGIN.left + 140}" y="${MARGIN.top}" width="12" height="4"/><text x="${MARGIN.left + 158}" y="${MARGIN.top + 6}">queue size</text></g>`,
    '</svg>',
  ].join('\n');
}

const PALETTE = ['#2d5bd3', '#d37a2d', '#2a9d5b', '#b0369c', '#7a6a1f', '#1f8a9c', '#c0392b', '#555555'];

/**
 * Several named series over the BFS levels (a cluster's states/s per worker, or
 * queue per shard), one polyline each, colours from a fixed palette.
 */
export function seriesChart(id: string, label: string, series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[]): string {
  const all = series.flatMap((s) => s.points);
  const maxY = Math.max(1, ...all.map(([, value]) => value));
  const minLevel = Math.min(...all.map(([level]) => level), 0);
  const maxLevel = Math.max(minLevel + 1, ...all.map(([level]) => level));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (level: number) => MARGIN.left + ((level - minLevel) / (maxLevel - minLevel)) * plotW;
  const y = (value: number) => MARGIN.top + plotH - (value / maxY) * plotH;
  const ticks = [0, 0.5, 1].map((f) => Math.round(maxY * f));
  const colour = (i: number) => PALETTE[i % PALETTE.length]!;
  return [
    `<svg class="chart" id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${WIDTH} ${HEIGHT + 18 * Math.ceil(series.length / 4)}" width="${WIDTH}" height="${HEIGHT + 18 * Math.ceil(series.length / 4)}">`,
    ...ticks.map((v) => `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`),
    `<text class="tick" x="${MARGIN.left}" y="${HEIGHT - 8}">level ${minLevel}</text>`,
    `<text class="tick" x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end">level ${maxLevel}</text>`,
    ...series.map((s, i) => `<polyline class="series" style="stroke: ${colour(i)}" data-series="${escapeHtml(s.name)}" data-points="${s.points.length}" points="${s.points.map(([level, value]) => `${x(level).toFixed(1)},${y(value).toFixed(1)}`).join(' ')}"/>`),
    ...series.map((s, i) => `<g class="legend"><rect x="${MARGIN.left + 140 * (i % 4)}" y="${HEIGHT + 4 + 18 * Math.floor(i / 4)}" width="12" height="4" style="fill: ${colour(i)}"/><text x="${MARGIN.left + 18 + 140 * (i % 4)}" y="${HEIGHT + 10 + 18 * Math.floor(i / 4)}">${escapeHtml(s.name)}</text></g>`),
    '</svg>',
  ].join('\n');
}

/** One row per action: a bar for its successors generated, and inside it one for its new distinct states. */
export function coverageChart(rows: readonly CoverageRow[]): string {
  const rowHeight = 22;
  const labelWidth = Math.min(320, 12 + 7 * Math.max(6, ...rows.map((r) => r.action.length)));
  const barSpace = WIDTH - labelWidth - 90;
  const max = Math.max(1, ...rows.map((r) => r.generated));
  const height = rows.length * rowHeight + 30;
  const bars = rows.map((row, i) => {
    const top = 24 + i * rowHeight;
    const generated = (row.generated / max) * barSpace;
    const distinct = (row.distinct / max) * barSpace;
    const dead = row.enabled === 0;
    return [
      `<g class="coverage-row${dead ? ' never-enabled' : ''}" data-action="${escapeHtml(row.action)}">`,
      `<text class="label" x="${labelWidth - 8}" y="${top + 14}" text-anchor="end">${escapeHtml(row.action)}</text>`,
      `<rect class="bar generated" x="${labelWidth}" y="${top + 2}" width="${generated.toFixed(1)}" height="16"><title>${row.generated} generated</title></rect>`,
      `<rect class="bar distinct" x="${labelWidth}" y="${top + 6}" width="${distinct.toFixed(1)}" height="8"><title>${row.distinct} new distinct states</title></rect>`,
      `<text class="value" x="${labelWidth + generated + 6}" y="${top + 14}">${dead ? 'never enabled' : `${row.distinct} / ${row.generated}`}</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<svg class="chart" id="coverage-chart" role="img" aria-label="successors generated and new states per action" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">`,
    `<g class="legend"><rect class="generated" x="${labelWidth}" y="4" width="12" height="10"/><text x="${labelWidth + 16}" y="13">generated</text>`,
    `<rect class="distinct" x="${labelWidth + 100}" y="6" width="12" height="6"/><text x="${labelWidth + 116}" y="13">new distinct states</text></g>`,
    ...bars,
    '</svg>',
  ].join('\n');
}

export const chartStyle = `
svg.chart { font: 12px system-ui, sans-serif; background: #fcfcfc; border: 1px solid #e3e3e3; border-radius: 6px; }
svg.chart .grid { stroke: #ececec; } svg.chart .tick { fill: #666; }
svg.chart .series { fill: none; stroke-width: 2; }
svg.chart .series.distinct, svg.chart .legend .distinct { stroke: #2d5bd3; fill: #2d5bd3; }
svg.chart polyline.series.distinct { fill: none; }
svg.chart .series.queue, svg.chart .legend .queue { stroke: #d37a2d; fill: #d37a2d; }
svg.chart polyline.series.queue { fill: none; }
svg.chart .bar.generated, svg.chart .legend .generated { fill: #c8d3ef; }
svg.chart .bar.distinct { fill: #2d5bd3; }
svg.chart .never-enabled .label, svg.chart .never-enabled .value { fill: #c00000; font-weight: 600; }
`;
