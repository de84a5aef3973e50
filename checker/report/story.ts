import type { Spec } from '../../spec/spec.js';
import type { CheckResult } from '../result.js';
import type { RuntimeModel } from '../runtime-model.js';
import { bareLabel, foldedRuns, visibleChanges } from './presentation-view.js';
import { reproduceCommand } from './reproduce.js';
import { explainViolation } from './explain.js';
import { explainLasso, formatLassoExplanation } from './explain-lasso.js';
import { formatWaiting, waitsFor } from './wait-for.js';

/**
 * `--format story`: the counterexample as text for a mailing list. One line of at
 * most 72 columns per step (state number as in the report, actor, what it did,
 * the key changes; runs the model folds are one line), then the verdict again
 * and the exact command that reproduces it. Ghost and bookkeeping fields are
 * left out, as in the report.
 */
export const STORY_WIDTH = 72;
const CHANGES_WIDTH = 30;

/**
 * `flags`: the options besides constants that shaped the verdict (`--no-deadlock`, `--invariant S1`, ...).
 * `baseline`: when `model` is a run config (YAML), its resolved constants: the command
 * then names the file (one line instead of a `--const` per constant it sets).
 */
export function formatStory(spec: Spec, runtime: RuntimeModel<any>, result: CheckResult, flags: readonly string[] = [], model: string = spec.name, baseline?: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  const trace = result.trace ?? [];
  const states = trace.length;
  lines.push(fit(`${result.model}: ${headline(result)}${states ? ` (${states} states)` : ''}`));
  const constants = reproduceCommand(spec, result.constants).split(' --const ').slice(1);
  if (constants.length) lines.push(...wrap(`with ${constants.join(', ')}`, '  '));
  const folds = foldedRuns(runtime, trace);
  for (let i = 1; i < trace.length; i++) {
    const fold = folds.find((f) => f.first === i);
    const last = fold ? fold.last : i;
    const step = trace[i]!;
    // A lasso breaks its property on the loop as a whole, not in its last state.
    const violating = i === trace.length - 1 && result.verdict !== 'ok' && result.verdict !== 'incomplete' && !result.loop;
    const changes = visibleChanges(runtime, trace[i - 1]!.state, trace[last]!.state).map((c) => `${c.field}=${c.value.replace(/^"(.*)"$/, '$1')}`);
    if (violating && result.property) changes.unshift(`\u2717 ${result.property}`);
    const number = fold ? `${i + 1}-${last + 1}` : String(i + 1);
    lines.push(stepLine(number, step.actor ?? '', fold ? fold.title : bareLabel(step), changes));
    i = last;
  }
  if (result.loop) lines.push(fit(result.loop.stuttering ? `      \u21ba stays in state ${states} for ever (stuttering)` : `      \u21ba back to state ${result.loop.start + 1}: ${result.loop.action}`));
  if (states) lines.push('');
  lines.push(...wrap(`Verdict: ${result.message ?? result.verdict}${result.complete ? '' : ' (the search was NOT exhaustive)'}`, '  '));
  lines.push(...why(runtime, result));
  if (!states) lines.push(fit(`${result.distinctStates} distinct states, ${result.generatedStates} generated, depth ${result.depth}.`));
  // Keep each `--const NAME=VALUE` on one line so it can be copied.
  lines.push(...wrap(`Reproduce: ${[reproduceCommand(spec, result.constants, 'check', model, baseline), ...flags].join(' ').replace(/ --(const|invariant|max-depth) /g, ' --$1\u0002')}`, '  '));
  return lines.join('\n');
}

/** The property's definition and the values it read (explain.ts), in two or three lines. */
function why(runtime: RuntimeModel<any>, result: CheckResult): string[] {
  if (result.verdict === 'deadlock' && result.trace?.length) {
    return formatWaiting(waitsFor(runtime, result.trace[result.trace.length - 1]!.state)).flatMap((line, i) => wrap(`${i === 0 ? 'Why: ' : '     '}${line}`, '       '));
  }
  const lasso = explainLasso(runtime, result);
  if (lasso) return formatLassoExplanation(lasso).flatMap((line) => wrap(line.replace(/^Why it broke:/, 'Why:'), `${/^ */.exec(line)![0]}    `));
  const explanation = explainViolation(runtime, result);
  if (!explanation) return [];
  const at = explanation.source ? ` (${explanation.source.file}:${explanation.source.line})` : '';
  // Field by field where the explanation has them (`P[0].pc=wait`), so records are not dropped.
  const shown = explanation.paths ?? explanation.reads.map((r) => ({ path: r.variable, value: r.value }));
  const reads = shown.map((r) => `${r.path}=${cut(r.value.replace(/^"(.*)"$/, '$1'), 40)}`);
  const lines = explanation.kind === 'assertion' ? [`Why: assert${at} read ${reads.join(', ')}`] : [`Why: ${explanation.property} is ${explanation.definition}${at}`, `\u0001read ${reads.join(', ')}`];
  return lines.flatMap((line) => wrap(line, '  '));
}

/** The verdict in a few words; `property` is a TLA+ check's temporal verdict (checker/tla/story.ts). */
export function headline(result: { readonly verdict: string; readonly property?: string | null }): string {
  switch (result.verdict) {
    case 'ok':
      return 'no error found';
    case 'invariant':
      return `invariant ${result.property} violated`;
    case 'action':
      return `action property ${result.property} violated`;
    case 'assertion':
      return `assertion ${result.property} failed`;
    case 'property':
      return `property ${result.property} violated`;
    case 'deadlock':
      return 'deadlock';
    default:
      return `${result.verdict}${result.property ? ` ${result.property}` : ''}`;
  }
}

/** `  12 U1  ENTRY: engage, put_noidle; unlock (E2)  usage=1, engaged=TRUE` within 72 columns. */
export function stepLine(number: string, actor: string, what: string, changes: readonly string[]): string {
  const prefix = `${number.padStart(5)} ${actor.padEnd(3)} `;
  // A short title leaves the changes more than their usual 30 columns.
  const shown = packChanges(changes, Math.max(CHANGES_WIDTH, STORY_WIDTH - prefix.length - what.length - 2));
  const room = STORY_WIDTH - prefix.length - (shown ? shown.length + 2 : 0);
  return `${prefix}${cut(what, room)}${shown ? `  ${shown}` : ''}`;
}

/** Whole changes while they fit, then `+N` for the rest. */
function packChanges(changes: readonly string[], width: number): string {
  let text = '';
  for (const [i, change] of changes.entries()) {
    const more = changes.length - i - 1;
    const next = text ? `${text} ${change}` : change;
    const tail = more > 0 ? ` +${more}` : '';
    if (`${next}${tail}`.length > width) return text ? `${text} +${changes.length - i}` : `${cut(change, width - 4)} +${more}`;
    text = next;
  }
  return text;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}\u2026` : text;
}

export function fit(text: string): string {
  return cut(text, STORY_WIDTH);
}

/** Words into lines of at most 72 columns, continuation lines indented. */
export function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = /^\s*/.exec(text)![0];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line.trim() ? `${line} ${word}` : `${line}${word}`;
    if (candidate.length > STORY_WIDTH && line.trim()) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line);
  // \u0001 starts a line with the indent; \u0002 is a space that never breaks.
  return lines.map((l) => fit(l.replace(/\u0001/g, indent).replace(/\u0002/g, ' ')));
}
