import type { TraceStep } from '../trace/trace.js';
import { formatValue } from '../state/format-value.js';
import { diffStates, formatLeaf } from '../state/state-diff.js';
import { escapeHtml } from './html-escape.js';

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
}

export interface DiagramLayout {
  readonly lanes: readonly string[];
  readonly steps: readonly DiagramStep[];
  readonly loop: number | null;
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
    const changes = index === 0 ? [] : changedLeaves(options.variables ?? Object.keys(step.state), trace[index - 1]!, step);
    return index === 0 ? { index, lane: null, name: 'Initial state', params: '', violation, changes } : { index, lane: laneOf(step), name, params, violation, changes };
  });
  return { lanes: environmentFirst.length > 0 ? environmentFirst : [options.environment], steps, loop: options.loop ?? null };
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
const LANE = 250;
const BOX = 226;
const HEADER = 44;
const LINE = 15;
const GAP = 14;
const LASSO_MARGIN = 60;
const CHANGES = 330;
const MAX_CHARS = 32;
/** The violation line is bold, so it holds fewer characters. */
const MAX_BOLD_CHARS = 28;
/** Long action titles (the vfio model's run to 90 characters) wrap rather than vanish. */
const MAX_NAME_LINES = 3;
const MAX_CHANGE_CHARS = 46;
const MAX_CHANGE_LINES = 2;

interface Placed {
  readonly step: DiagramStep;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly height: number;
}

export function renderSequenceDiagram(layout: DiagramLayout): string {
  const changesX = GUTTER + layout.lanes.length * LANE + (layout.loop !== null ? LASSO_MARGIN : 10);
  const width = changesX + CHANGES;
  const placed = place(layout);
  const height = (placed.length ? placed[placed.length - 1]!.y + placed[placed.length - 1]!.height : HEADER) + 20;
  const parts = [
    `<svg class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="sequence diagram of the counterexample">`,
    '<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...layout.lanes.map((lane, i) => renderLane(lane, i, height)),
    ...placed.slice(1).map((box, i) => renderConnector(placed[i]!, box)),
    ...placed.map(renderStep),
    `<text class="changes-head" x="${changesX}" y="${HEADER / 2 + 4}">changes</text>`,
    ...placed.map((box) => renderChanges(box, changesX)),
  ];
  if (layout.loop !== null && placed.length > 0) parts.push(renderLasso(placed[placed.length - 1]!, placed[layout.loop]!, changesX - 10));
  parts.push('</svg>');
  return parts.join('\n');
}

function place(layout: DiagramLayout): Placed[] {
  let y = HEADER + 8;
  return layout.steps.map((step) => {
    const lines = wrap(step.name, MAX_NAME_LINES).length + (step.params ? 1 : 0) + (step.violation ? 1 : 0);
    const height = 10 + lines * LINE;
    const lane = step.lane === null ? -1 : layout.lanes.indexOf(step.lane);
    const x = lane < 0 ? GUTTER + 6 : GUTTER + lane * LANE + (LANE - BOX) / 2;
    const width = lane < 0 ? layout.lanes.length * LANE - 12 : BOX;
    const placed = { step, x, width, y, height };
    y += height + GAP;
    return placed;
  });
}

function renderLane(lane: string, i: number, height: number): string {
  const center = GUTTER + i * LANE + LANE / 2;
  return [
    `<g class="lane" data-lane="${escapeHtml(lane)}">`,
    `<line class="lifeline" x1="${center}" y1="${HEADER - 8}" x2="${center}" y2="${height - 6}"/>`,
    `<rect class="lane-head" x="${center - BOX / 2}" y="6" width="${BOX}" height="${HEADER - 14}" rx="4"/>`,
    `<text class="lane-name" x="${center}" y="${HEADER / 2 + 4}" text-anchor="middle">${escapeHtml(fit(lane))}</text>`,
    '</g>',
  ].join('');
}

function renderStep(box: Placed): string {
  const { step } = box;
  const classes = ['step', step.lane === null ? 'initial' : '', step.violation ? 'violation' : ''].filter(Boolean).join(' ');
  const center = box.x + box.width / 2;
  const lines = wrap(step.name, MAX_NAME_LINES).map((line, i) => `<tspan class="step-name"${i > 0 ? ` x="${center}" dy="${LINE}"` : ''}>${escapeHtml(line)}</tspan>`);
  if (step.params) lines.push(`<tspan class="step-params" x="${center}" dy="${LINE}">${escapeHtml(fit(step.params))}</tspan>`);
  if (step.violation) lines.push(`<tspan class="step-violation" x="${center}" dy="${LINE}">${escapeHtml(fit(`\u2717 ${step.violation}`, MAX_BOLD_CHARS))}</tspan>`);
  const title = [step.lane ? `${step.lane}: ` : '', step.name, step.params ? `(${step.params})` : '', step.violation ? ` \u2014 ${step.violation}` : ''].join('');
  return [
    `<g class="${classes}" data-step="${step.index}" data-lane="${escapeHtml(step.lane ?? '')}">`,
    `<title>${escapeHtml(`State ${step.index + 1}: ${title}`)}</title>`,
    `<text class="state-number" x="${GUTTER - 10}" y="${box.y + 17}" text-anchor="end">${step.index + 1}</text>`,
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="5"/>`,
    `<text x="${center}" y="${box.y + 17}" text-anchor="middle">${lines.join('')}</text>`,
    '</g>',
  ].join('');
}

function renderChanges(box: Placed, x: number): string {
  const items = box.step.changes;
  if (items.length === 0) return '';
  const lines = packItems(items, MAX_CHANGE_LINES, MAX_CHANGE_CHARS);
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

/** Words into at most `maxLines` lines of MAX_CHARS, the last one cut with an ellipsis. */
function wrap(text: string, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > MAX_CHARS) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  // What spills past the last line is longer than a line, so fit() ends it with an ellipsis.
  const kept = lines.length <= maxLines ? lines : [...lines.slice(0, maxLines - 1), lines.slice(maxLines - 1).join(' ')];
  return kept.map((line) => fit(line));
}

function fit(text: string, max = MAX_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}
