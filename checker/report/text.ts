import { canonicalKey } from '../../spec/canonical.js';
import { formatValue } from '../state/format-value.js';
import type { ProgressInfo } from '../search/outcome.js';
import type { CheckResult } from '../result.js';
import type { TraceStep } from '../trace/trace.js';
import { formatActionLines } from './coverage-text.js';

/**
 * TLC-style console text: the violation, the behaviour as numbered states with one
 * `/\ var = value` line per variable (changed ones marked), and the closing
 * statistics in TLC's wording.
 */
export interface TextOptions {
  /** Print only the variables that changed (TLC's -difftrace). */
  readonly diffOnly?: boolean;
  /** The error's one line already went to stderr: do not print it again. */
  readonly errorLineShown?: boolean;
  /** "Why it broke" lines printed after the trace (a liveness counterexample's explanation, explain-lasso.ts). */
  readonly explanation?: readonly string[];
  /** A random simulation: no model-checking wording, and none of the exhaustive search's statistics (fingerprints, queue, bytes per state). */
  readonly simulation?: boolean;
  /** The run's model values, printed bare as TLC prints them (modelValuesOf). */
  readonly modelValues?: ReadonlySet<string>;
}

/** The model values among a run's constants (those declared with `c.modelValues`). */
export function modelValuesOf(constants: Readonly<Record<string, { readonly kind: string }>>, values: Readonly<Record<string, unknown>>): Set<string> {
  const names = Object.keys(constants).filter((name) => constants[name]!.kind === 'modelValues');
  return new Set(names.flatMap((name) => (Array.isArray(values[name]) ? (values[name] as unknown[]).filter((v): v is string => typeof v === 'string') : [])));
}

export function formatResult(result: CheckResult, options: TextOptions = {}): string {
  const lines: string[] = [];
  if (result.verdict === 'ok') lines.push(options.simulation ? 'Simulation completed. No error has been found on the walks taken.' : 'Model checking completed. No error has been found.');
  else if (result.verdict === 'incomplete') lines.push(`Model checking stopped: ${result.message}`);
  else if (!(options.errorLineShown && result.verdict === 'error')) lines.push(`Error: ${result.message}`);
  if (result.trace) {
    lines.push('Error: The behavior up to this point is:');
    // One by one: a long trace has millions of lines, too many to spread into push().
    for (const line of formatTrace(result.trace, options)) lines.push(line);
    if (result.loop) lines.push(formatLoopEnd(result.loop, result.trace.length), '');
  }
  if (options.explanation?.length) lines.push(...options.explanation, '');
  for (const warning of result.warnings ?? []) lines.push(warning);
  for (const extra of result.violations.slice(1)) lines.push(`Also violated: ${extra.message}${extra.traceLength ? ` (trace of ${extra.traceLength} states)` : ''}`);
  // Why an ok run is partial; a violation's message is already the first line.
  if (!result.complete && result.verdict === 'ok' && result.message) lines.push(result.message);
  if (!result.complete && result.verdict === 'ok' && !result.message) lines.push('Note: the search was bounded and is NOT exhaustive.');
  lines.push(...formatActionLines(result));
  if (result.symmetry) lines.push(result.symmetry.note);
  if (result.queueSpill) lines.push(queueSpillLine(result.queueSpill));
  lines.push(...(options.simulation ? [`${result.generatedStates} states generated, ${result.distinctStates} distinct states seen, longest walk ${result.depth} states.`] : formatStatistics(result)));
  return lines.join('\n');
}

export function formatTrace(trace: readonly TraceStep[], options: TextOptions = {}): string[] {
  const lines: string[] = [];
  trace.forEach((step, index) => {
    const label = index === 0 ? '<Initial predicate>' : `<${step.action}>`;
    lines.push(`State ${index + 1}: ${label}`);
    const previous = index > 0 ? trace[index - 1]!.state : undefined;
    for (const [name, value] of Object.entries(step.state)) {
      const changed = previous !== undefined && canonicalKey(previous[name]) !== canonicalKey(value);
      if (options.diffOnly && previous !== undefined && !changed) continue;
      lines.push(`/\\ ${name} = ${formatValue(value, options.modelValues)}${changed ? '    <- changed' : ''}`);
    }
    lines.push('');
  });
  return lines;
}

/** TLC's lasso ending: `State N: Stuttering` or `Back to state N: <action>` (1-based). */
export function formatLoopEnd(loop: { start: number; stuttering: boolean; action: string | null }, length: number): string {
  return loop.stuttering ? `State ${length + 1}: Stuttering` : `Back to state ${loop.start + 1}: <${loop.action}>`;
}

export function formatStatistics(result: CheckResult): string[] {
  const { optimistic, actual } = result.collisionProbability;
  const lines = [
    'The probability that two distinct states shared a fingerprint (so some states were never explored):',
    `  calculated (optimistic):  val = ${optimistic.toExponential(1)}`,
  ];
  if (actual !== null) lines.push(`  based on the actual fingerprints:  val = ${actual.toExponential(1)}`);
  const { fingerprintBits, optimistic64 } = result.collisionProbability;
  if (fingerprintBits) lines.push(`  (${fingerprintBits}-bit fingerprints; with 64 bits the optimistic estimate would be ${optimistic64!.toExponential(1)})`);
  lines.push(
    `${result.generatedStates} states generated, ${result.distinctStates} distinct states found, ${result.queueLeft} states left on queue.`,
    `The depth of the ${result.complete ? 'complete ' : ''}state graph search is ${result.depth}.`,
    `Finished in ${result.durationMs}ms (${result.bytesPerState} bytes per state).`,
  );
  const live = result.liveness;
  if (live) {
    lines.push(
      `Temporal properties: ${live.properties} checked on ${live.states} states and ${live.edges} edges in ${live.durationMs}ms ` +
        `(liveness graph: ${live.bytesPerState} bytes per state, ${live.bytesPerEdge} bytes per edge).`,
    );
  }
  return lines;
}

/** TLC's progress line. */
export function formatProgress(info: ProgressInfo): string {
  const minutes = Math.max(info.elapsedMs, 1) / 60_000;
  const time = new Date().toISOString().replace('T', ' ').slice(0, 19);
  return (
    `Progress(${info.depth}${info.phase === 'liveness' ? ', liveness graph' : ''}) at ${time}: ${info.generatedStates} states generated (${Math.round(info.generatedStates / minutes)} s/min), ` +
    `${info.distinctStates} distinct states found (${Math.round(info.distinctStates / minutes)} ds/min), ${info.queueLeft} states left on queue.`
  );
}

/** `--queue-memory`: how much of the queue went to disk, in whole chunks. */
function queueSpillLine(spill: NonNullable<CheckResult['queueSpill']>): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (spill.chunksWritten === 0) return `The queue stayed within its ${mb(spill.memoryBytes)} memory budget (nothing spilled to disk).`;
  return `The queue spilled ${spill.chunksWritten.toLocaleString('en-US')} chunks to disk past its ${mb(spill.memoryBytes)} budget (at most ${mb(spill.peakBytesOnDisk)} on disk at once).`;
}
