import type { TraceStep } from '../trace/trace.js';
import { formatValue } from '../state/format-value.js';
import { diffStates, formatLeaf } from '../state/state-diff.js';
import { escapeHtml } from './html-escape.js';
import type { TrackSeries } from './presentation-view.js';

/**
 * The counterexample as a sequence diagram: one lane per actor (steps without an
 * actor go to a lane named after the model, the environment), time flowing down,
 * one box per step labelled with its action and parameters, a thin arrow from
 * each step to the next so the interleaving reads top to bottom. The violating
 * step is drawn red; a lasso's loop is an arrow back to the state it returns to.
 * Layout (pure data, unit-tested) is separate from drawing (SVG text).
 */
export interface DiagramStep {
  readonly index: number;
  /** Null for the initial state, drawn across every lane. */
  readonly lane: string | null;
  readonly name: string;
  readonly params: string;
  readonly violation: string | null;
  /** What the step changed (`big = 5`, `T[1].pc = "second"`), written beside the lanes. */
  readonly changes: readonly string[];
  /** More lines for the violating step: the failed assertion's message, the values the property read. */
  readonly detail?: readonly string[];
  /** `models/x.ts:42`: where the step's action is declared. */
  readonly source?: string | null;
}

export interface DiagramLayout {
  readonly lanes: readonly string[];
  readonly steps: readonly DiagramStep[];
  readonly loop: number | null;
  /** One line under each lane's name (`W` → `pm_runtime_work`). */
  readonly legends?: Readonly<Record<string, string>>;
  /** Locks as held-bars in the holders' lanes, counts as step lines, states as bands. */
  readonly tracks?: readonly TrackSeries[];
}

export interface DiagramOptions {
  /** Lane of steps that have no actor. */
  readonly environment: string;
  /** Preferred lane order (the model's declaration order); other actors follow in order of appearance. */
  readonly actorOrder?: readonly string[];
  /** Index of the violating step and what it violates. */
  readonly violation?: { readonly index: number; readonly text: string } | null;
  readonly loop?: number | null;
  /** Variables in display order, for the changes column. */
  readonly variables?: readonly string[];
  /** Extra lines on the violating step (assertion message, values read). */
  readonly violationDetail?: readonly string[];
  /** Per trace step: where its action is declared. */
  readonly sources?: readonly (string | null)[];
  /** The changes column leaves these out (ghost fields); by default every change is shown. */
  readonly changesOf?: (before: TraceStep, after: TraceStep) => string[];
  readonly legends?: Readonly<Record<string, string>>;
  readonly tracks?: readonly TrackSeries[];
}

export function layoutSequence(trace: readonly TraceStep[], options: DiagramOptions): DiagramLayout {
  const laneOf = (step: TraceStep) => step.actor ?? options.environment;
  const used = new Set(trace.slice(1).map(laneOf));
  const ordered = [...(options.actorOrder ?? []), ...trace.slice(1).map(laneOf)];
  const lanes = [...new Set(ordered)].filter((lane) => used.has(lane));
  const environmentFirst = lanes.includes(options.environment) ? [options.environment, ...lanes.filter((l) => l !== options.environment)] : lanes;
  const steps = trace.map((step, index): DiagramStep => {
    const [name, params] = splitLabel(step);
    const violation = options.violation?.index === index ? options.violation.text : null;
    const changes = index === 0 ? [] : options.changesOf ? options.changesOf(trace[index - 1]!, step) : changedLeaves(options.variables ?? Object.keys(step.state), trace[index - 1]!, step);
    const extra = { ...(violation && options.violationDetail ? { detail: options.violationDetail } : {}), ...(options.sources?.[index] ? { source: options.sources[index] } : {}) };
    return index === 0 ? { index, lane: null, name: 'Initial state', params: '', violation, changes } : { index, lane: laneOf(step), name, params, violation, changes, ...extra };
  });
  return { lanes: environmentFirst.length > 0 ? environmentFirst : [options.environment], steps, loop: options.loop ?? null, ...(options.legends ? { legends: options.legends } : {}), ...(options.tracks?.length ? { tracks: options.tracks } : {}) };
}

function changedLeaves(variables: readonly string[], before: TraceStep, after: TraceStep): string[] {
  const changes = diffStates(variables, before.state, after.state);
  return changes.flatMap((change) => change.leaves.map((leaf) => formatLeaf(change.variable, leaf)));
}

/** `T1: RMPrepare(r = "r1")` into `RMPrepare` and `r = "r1"`, using the step's own parameters. */
function splitLabel(step: TraceStep): [string, string] {
  const label = step.actor && step.action.startsWith(`${step.actor}: `) ? step.action.slice(step.actor.length + 2) : step.action;
  const names = Object.keys(step.params);
  if (names.length === 0) return [label, ''];
  const params = names.map((name) => `${name} = ${formatValue(step.params[name])}`).join(', ');
  return label.endsWith(`(${params})`) ? [label.slice(0, -params.length - 2), params] : [label, params];
}

const GUTTER = 56;
/** Widest lane; lanes narrow so the whole diagram fits PAGE_WIDTH (8 lanes in a 1400 px window). */
const LANE = 250;
const MIN_LANE = 100;
const PAGE_WIDTH = 1330;
const TRACK = 64;
const CHAR = 6.4;
const HEADER = 44;
const LEGEND_HEADER = 60;
const LINE = 15;
const GAP = 14;
const LASSO_MARGIN = 60;
const CHANGES = 330;
const NARROW_CHANGES = 250;
/** Long action titles (the vfio model's run to 90 characters) wrap rather than vanish. */
const MAX_NAME_LINES = 3;
const MAX_CHANGE_LINES = 2;

/** Sizes that depend on the number of lanes and tracks. */
interface Geometry {
  readonly lane: number;
  readonly box: number;
  readonly header: number;
  readonly chars: number;
  readonly boldChars: number;
  readonly changes: number;
  readonly changeChars: number;
  /** x of the first track column (count and band tracks sit between the lanes and the changes). */
  readonly tracksX: number;
  readonly columnTracks: readonly TrackSeries[];
}

function geometry(layout: DiagramLayout): Geometry {
  const columnTracks = (layout.tracks ?? []).filter((t) => t.kind !== 'holders');
  const changes = layout.lanes.length > 4 ? NARROW_CHANGES : CHANGES;
  const room = PAGE_WIDTH - GUTTER - columnTracks.length * TRACK - changes - (layout.loop !== null ? LASSO_MARGIN : 10);
  const lane = Math.max(MIN_LANE, Math.min(LANE, Math.floor(room / layout.lanes.length)));
  const box = lane - Math.max(10, Math.round(lane * 0.1));
  const chars = Math.max(10, Math.floor((box - 10) / CHAR));
  const header = layout.legends && layout.lanes.some((l) => layout.legends![l]) ? LEGEND_HEADER : HEADER;
  return { lane, box, header, chars, boldChars: Math.max(8, chars - 3), changes, changeChars: Math.floor((changes - 6) / CHAR), tracksX: GUTTER + layout.lanes.length * lane + (layout.loop !== null ? LASSO_MARGIN : 8), columnTracks };
}

interface Placed {
  readonly step: DiagramStep;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly height: number;
}

/**
 * The diagram as two SVGs: the lane heads (names and legends) in their own
 * element, so the page can keep them in view while the steps scroll under them,
 * and the steps with their lifelines, tracks and changes.
 */
export function renderSequenceDiagram(layout: DiagramLayout): string {
  const g = geometry(layout);
  const changesX = g.tracksX + g.columnTracks.length * TRACK + 4;
  const width = changesX + g.changes;
  const placed = place(layout, g);
  const height = (placed.length ? placed[placed.length - 1]!.y + placed[placed.length - 1]!.height : g.header) + 20;
  const parts = [
    `<svg class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="margin-top: -${((g.header / width) * 100).toFixed(4)}%" role="img" aria-label="sequence diagram of the counterexample">`,
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...layout.lanes.map((lane, i) => renderLane(layout, lane, i, height, g)),
    ...renderTracks(layout, placed, g),
    ...placed.slice(1).map((box, i) => renderConnector(placed[i]!, box)),
    ...placed.map((box) => renderStep(box, g)),
    `<text class="changes-head" x="${changesX}" y="${g.header / 2 + 4}">changes</text>`,
    ...placed.map((box) => renderChanges(box, changesX, g)),
  ];
  if (layout.loop !== null && placed.length > 0) parts.push(renderLasso(placed[placed.length - 1]!, placed[layout.loop]!, g.tracksX - 8));
  parts.push('</svg>');
  return [renderHead(layout, g, width, changesX), ...parts].join('\n');
}

/** A copy of the lane heads that the page keeps in view (sticky) above the scrolling steps. */
function renderHead(layout: DiagramLayout, g: Geometry, width: number, changesX: number): string {
  const heads = layout.lanes.map((lane, i) => renderLane(layout, lane, i, g.header, g).replace('<g class="lane"', '<g class="lane-head-copy"').replace(/<line [^>]*\/>/, ''));
  const tracks = g.columnTracks.map((track, c) => `<text class="track-head" x="${g.tracksX + c * TRACK + TRACK / 2}" y="${g.header / 2 + 4}" text-anchor="middle">${escapeHtml(fit(track.name, 9))}</text>`);
  return [
    `<svg class="sequence-head" width="${width}" height="${g.header}" viewBox="0 0 ${width} ${g.header}" aria-hidden="true">`,
    ...heads,
    ...tracks,
    `<text class="changes-head" x="${changesX}" y="${g.header / 2 + 4}">changes</text>`,
    '</svg>',
  ].join('');
}

function place(layout: DiagramLayout, g: Geometry): Placed[] {
  let y = g.header + 8;
  return layout.steps.map((step) => {
    const lines = stepLines(step, g).length;
    const height = 10 + lines * LINE;
    const lane = step.lane === null ? -1 : layout.lanes.indexOf(step.lane);
    const x = lane < 0 ? GUTTER + 6 : GUTTER + lane * g.lane + (g.lane - g.box) / 2;
    const width = lane < 0 ? layout.lanes.length * g.lane - 12 : g.box;
    const placed = { step, x, width, y, height };
    y += height + GAP;
    return placed;
  });
}

/** The box's text lines: the actor and the action (wrapped; never cut on the violating step), parameters, violation, detail. */
function stepLines(step: DiagramStep, g: Geometry): { text: string; kind: string }[] {
  const chars = step.lane === null ? g.chars * 3 : g.chars;
  const named = step.lane ? `${step.lane}: ${step.name}` : step.name;
  const lines = wrap(named, step.violation ? 99 : MAX_NAME_LINES, chars).map((text) => ({ text, kind: 'step-name' }));
  if (step.params) lines.push(...wrap(step.params, step.violation ? 99 : 1, chars).map((text) => ({ text, kind: 'step-params' })));
  if (step.violation) lines.push(...wrap(`\u2717 ${step.violation}`, 99, g.boldChars).map((text) => ({ text, kind: 'step-violation' })));
  for (const detail of step.detail ?? []) lines.push(...wrap(detail, 99, chars).map((text) => ({ text, kind: 'step-detail' })));
  return lines;
}

function renderLane(layout: DiagramLayout, lane: string, i: number, height: number, g: Geometry): string {
  const center = GUTTER + i * g.lane + g.lane / 2;
  const legend = layout.legends?.[lane];
  return [
    `<g class="lane" data-lane="${escapeHtml(lane)}">`,
    `<line class="lifeline" x1="${center}" y1="${g.header - 8}" x2="${center}" y2="${height - 6}"/>`,
    `<rect class="lane-head" x="${center - g.box / 2}" y="6" width="${g.box}" height="${g.header - 14}" rx="4"/>`,
    `<text class="lane-name" x="${center}" y="${HEADER / 2 + 4}" text-anchor="middle">${escapeHtml(fit(lane, g.chars))}</text>`,
    legend ? `<text class="lane-legend" x="${center}" y="${HEADER / 2 + 20}" text-anchor="middle"><title>${escapeHtml(`${lane} = ${legend}`)}</title>${escapeHtml(fit(legend, g.chars + 2))}</text>` : '',
    '</g>',
  ].join('');
}

/** Holders tracks as bars beside the holder's lifeline; count and band tracks in their own columns. */
function renderTracks(layout: DiagramLayout, placed: readonly Placed[], g: Geometry): string[] {
  const parts: string[] = [];
  const rowTop = (i: number) => placed[i]!.y;
  const rowBottom = (i: number) => (i + 1 < placed.length ? placed[i + 1]!.y : placed[i]!.y + placed[i]!.height);
  for (const [t, track] of (layout.tracks ?? []).entries()) {
    if (track.kind !== 'holders') continue;
    parts.push(`<g class="track holders" data-track="${escapeHtml(track.name)}">`);
    track.values.forEach((value, i) => {
      for (const holder of Array.isArray(value) ? value.map(String) : []) {
        const lane = layout.lanes.indexOf(holder.split(' ')[0]!);
        if (lane < 0) continue;
        const x = GUTTER + lane * g.lane + (g.lane - g.box) / 2 - 6 - t * 5;
        parts.push(`<rect class="held" data-holder="${escapeHtml(holder)}" data-state="${i}" x="${x}" y="${rowTop(i)}" width="4" height="${rowBottom(i) - rowTop(i)}"><title>${escapeHtml(`state ${i + 1}: ${track.name} held by ${holder}`)}</title></rect>`);
      }
    });
    parts.push('</g>');
  }
  for (const [c, track] of g.columnTracks.entries()) {
    const x = g.tracksX + c * TRACK;
    parts.push(`<g class="track ${track.kind}" data-track="${escapeHtml(track.name)}">`, `<text class="track-head" x="${x + TRACK / 2}" y="${g.header / 2 + 4}" text-anchor="middle">${escapeHtml(fit(track.name, 9))}</text>`);
    const numbers = track.values.filter((v): v is number => typeof v === 'number');
    const [lo, hi] = [Math.min(0, ...numbers), Math.max(1, ...numbers)];
    track.values.forEach((value, i) => {
      const [top, bottom] = [rowTop(i), rowBottom(i)];
      if (track.kind === 'count' && typeof value === 'number') {
        const vx = x + 6 + ((value - lo) / (hi - lo)) * (TRACK - 24);
        parts.push(`<path class="count-line" d="M${vx},${top} L${vx},${bottom}"/>`, `<text class="count-value" data-state="${i}" x="${vx + 3}" y="${top + 12}">${escapeHtml(String(value))}</text>`);
        const next = track.values[i + 1];
        if (typeof next === 'number') parts.push(`<path class="count-line" d="M${vx},${bottom} L${x + 6 + ((next - lo) / (hi - lo)) * (TRACK - 24)},${bottom}"/>`);
      } else {
        const text = formatValue(value).replace(/^"(.*)"$/, '$1');
        const changed = i === 0 || formatValue(track.values[i - 1]) !== formatValue(value);
        parts.push(`<rect class="band band-${bandClass(text)}" data-state="${i}" x="${x + 4}" y="${top}" width="${TRACK - 8}" height="${bottom - top}"><title>${escapeHtml(`state ${i + 1}: ${track.name} = ${text}`)}</title></rect>`);
        if (changed) parts.push(`<text class="band-value" x="${x + TRACK / 2}" y="${top + 12}" text-anchor="middle">${escapeHtml(fit(text, 9))}</text>`);
      }
    });
    parts.push('</g>');
  }
  return parts;
}

/** A stable colour class per value (`D0`, `D3cold`, ...). */
function bandClass(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 6;
}

function renderStep(box: Placed, g: Geometry): string {
  const { step } = box;
  const classes = ['step', step.lane === null ? 'initial' : '', step.violation ? 'violation' : ''].filter(Boolean).join(' ');
  const center = box.x + box.width / 2;
  const lines = stepLines(step, g).map((line, i) => `<tspan class="${line.kind}"${i > 0 ? ` x="${center}" dy="${LINE}"` : ''}>${escapeHtml(line.text)}</tspan>`);
  const title = [step.lane ? `${step.lane}: ` : '', step.name, step.params ? `(${step.params})` : '', step.violation ? ` \u2014 ${step.violation}` : '', step.source ? ` [${step.source}]` : ''].join('');
  return [
    `<g class="${classes}" data-step="${step.index}" data-lane="${escapeHtml(step.lane ?? '')}">`,
    `<title>${escapeHtml(`State ${step.index + 1}: ${title}`)}</title>`,
    `<text class="state-number" x="${GUTTER - 10}" y="${box.y + 17}" text-anchor="end">${step.index + 1}</text>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="5"/>`,
    `<text x="${center}" y="${box.y + 17}" text-anchor="middle">${lines.join('')}</text>`,
    '</g>',
  ].join('');
}

function renderChanges(box: Placed, x: number, g: Geometry): string {
  const items = box.step.changes;
  if (items.length === 0) return '';
  const lines = packItems(items, MAX_CHANGE_LINES, g.changeChars);
  const spans = lines.map((line, i) => `<tspan${i > 0 ? ` x="${x}" dy="${LINE}"` : ''}>${escapeHtml(line)}</tspan>`).join('');
  return `<text class="changes" data-step="${box.step.index}" x="${x}" y="${box.y + 17}"><title>${escapeHtml(items.join(', '))}</title>${spans}</text>`;
}

/** Whole items per line (never splitting a value), at most `maxLines`, the last cut with an ellipsis. */
function packItems(items: readonly string[], maxLines: number, width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]}, ${item}`.length <= width) lines[last] = `${lines[last]}, ${item}`;
    else lines.push(item);
  }
  const kept = lines.length <= maxLines ? lines : [...lines.slice(0, maxLines - 1), lines.slice(maxLines - 1).join(', ')];
  return kept.map((line) => fit(line, width));
}

/** From the bottom of one step to the top of the next: the order of the interleaving. */
function renderConnector(from: Placed, to: Placed): string {
  const x1 = to.step.lane === null || from.step.lane === null ? to.x + to.width / 2 : from.x + from.width / 2;
  const x2 = to.x + to.width / 2;
  const y1 = from.y + from.height;
  const y2 = to.y;
  const path = x1 === x2 ? `M${x1},${y1} L${x2},${y2}` : `M${x1},${y1} C${x1},${y2} ${x2},${y1} ${x2},${y2}`;
  return `<path class="connector" d="${path}" marker-end="url(#arrowhead)"/>`;
}

function renderLasso(last: Placed, target: Placed, lanesEnd: number): string {
  const right = lanesEnd - LASSO_MARGIN / 2;
  const y1 = last.y + last.height / 2;
  const y2 = target.y + target.height / 2;
  const x1 = last.x + last.width;
  const x2 = target.x + target.width;
  return [
    `<g class="lasso" data-loop="${target.step.index}">`,
    `<path d="M${x1},${y1} L${right},${y1} L${right},${y2} L${x2},${y2}" marker-end="url(#arrowhead)"/>`,
    `<text x="${right + 4}" y="${(y1 + y2) / 2}" transform="rotate(90 ${right + 4} ${(y1 + y2) / 2})" text-anchor="middle">${last === target ? 'stuttering' : `back to state ${target.step.index + 1}`}</text>`,
    '</g>',
  ].join('');
}

/** Words into at most `maxLines` lines of `chars`, the last one cut with an ellipsis (a word longer than a line is cut too). */
function wrap(text: string, maxLines: number, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > chars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  // What spills past the last line is longer than a line, so fit() ends it with an ellipsis.
  const kept = lines.length <= maxLines ? lines : [...lines.slice(0, maxLines - 1), lines.slice(maxLines - 1).join(' ')];
  return kept.map((line) => fit(line, chars));
}

function fit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}
