import { compareConfigurations, type Comparison, type PropertyComparison, type PropertyStatus } from '../compare.js';
import { ConfigError, ExitCode } from '../errors.js';
import { plain } from '../report/json.js';
import { formatLoopEnd, formatTrace } from '../report/text.js';
import { parseConstantFlags } from './flags.js';
import { loadSpec } from './load-spec.js';
import { OutputFiles } from './output-files.js';
import { toCompareHtml } from '../report/compare-html.js';

export interface CompareFlags {
  readonly const?: string[];
  readonly vs?: string[];
  readonly json?: boolean;
  /** Exit 1 when any verdict differs (for CI). */
  readonly 'fail-on-diff'?: boolean;
  /** Also write the comparison as one HTML page. */
  readonly report?: string;
}

/** `--fail-on-diff` and some verdict differs. */
export const EXIT_VERDICTS_DIFFER = 1;

/**
 * `vigil compare <model> [--const NAME=VALUE]... --vs NAME=VALUE...`: configuration
 * A is the model with --const; B is A with the --vs constants changed. Prints
 * every property's verdict in both, marks the differences and shows a shortest
 * witness for each, replayed on the other configuration to show where the two
 * part. Exit 0 once the comparison ran, whatever it found; with --fail-on-diff,
 * exit 1 when some verdict differs.
 */
export async function compareCommand(reference: string, flags: CompareFlags): Promise<number> {
  if (!flags.vs || flags.vs.length === 0) throw new ConfigError('compare needs at least one --vs NAME=VALUE (the constants that differ in the second configuration)');
  const spec = await loadSpec(reference);
  const common = parseConstantFlags(flags.const ?? []);
  const changed = parseConstantFlags(flags.vs);
  const changedNames = Object.keys(changed);
  const labelOf = (constants: Record<string, unknown>) => changedNames.map((name) => `${name}=${constants[name] ?? defaultOf(spec.constants, name)}`).join(' ');
  const a = { label: labelOf(common), constants: common };
  const b = { label: labelOf({ ...common, ...changed }), constants: { ...common, ...changed } };
  const comparison = compareConfigurations(spec, a, b);
  const outputs = new OutputFiles();
  if (flags.report) outputs.write('--report', flags.report, () => toCompareHtml(comparison));
  process.stdout.write(flags.json ? `${JSON.stringify(jsonOf(comparison), null, 2)}\n` : `${formatComparison(comparison).join('\n')}\n`);
  return outputs.exitCode(flags['fail-on-diff'] && comparison.properties.some((p) => p.differs) ? EXIT_VERDICTS_DIFFER : ExitCode.ok);
}

function defaultOf(constants: Record<string, { default: unknown }>, name: string): string {
  if (!Object.hasOwn(constants, name)) throw new ConfigError(`--vs ${name}: unknown constant (known: ${Object.keys(constants).join(', ') || 'none'})`);
  return String(constants[name]!.default);
}

export function formatComparison(comparison: Comparison): string[] {
  const { a, b } = comparison;
  const rows = comparison.properties.map((p) => [p.name, p.kind, statusText(p, p.a), statusText(p, p.b), p.differs ? '<- differs' : '']);
  const lines = [`Vigil: comparing ${comparison.model}: A = ${a.label}, B = ${b.label}`, '', ...verdictTable(a.label, b.label, rows)];
  const differing = comparison.properties.filter((p) => p.differs);
  lines.push('', differingLine(differing.length));
  for (const property of differing) lines.push('', ...differenceLines(comparison, property));
  return [...lines, ...footnotes(comparison)];
}

/** The property table: one row per property (name, kind, verdict in A, in B, `<- differs`), columns aligned. */
export function verdictTable(a: string, b: string, rows: readonly string[][]): string[] {
  const table = [['property', 'kind', a, b, ''], ...rows];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

export function differingLine(count: number): string {
  return count === 0 ? 'No property has a different verdict.' : `${count} ${count === 1 ? 'property has' : 'properties have'} a different verdict.`;
}

/** Why some verdicts carry a `*`, and what is still undecided, once per configuration. */
function footnotes(comparison: Comparison): string[] {
  const lines: string[] = [];
  for (const side of ['a', 'b'] as const) {
    const run = comparison[side];
    const statuses = comparison.properties.map((p) => p[side]);
    const stopper = run.result.violations.find((v) => v.verdict === 'assertion' || v.verdict === 'error');
    if (statuses.some((s) => s.decidedBy === 'search')) {
      lines.push(`* With ${run.label} the check stopped early (${stopper?.message ?? run.result.message}); a plain breadth-first search, treating failing steps as dead ends, decided the verdicts marked *.`);
    }
    const undecided = comparison.properties.filter((p) => p[side].status === 'unknown');
    if (undecided.length > 0) lines.push(`Undecided with ${run.label}: ${undecided.map((p) => p.name).join(', ')} (${undecided[0]![side].note}).`);
  }
  return lines.length ? ['', ...lines] : [];
}

function differenceLines(comparison: Comparison, property: PropertyComparison): string[] {
  const described = `${property.name} (${property.kind}${property.description ? `: ${property.description}` : ''})`;
  const lines = [`${described}: ${statusText(property, property.a)} with ${comparison.a.label}, ${statusText(property, property.b)} with ${comparison.b.label}.`];
  for (const side of ['a', 'b'] as const) if (property[side].message && property.kind === 'assertion') lines.push(`With ${comparison[side].label}: ${property[side].message}`);
  const witness = property.witness;
  if (!witness) return lines;
  const label = witness.side === 'a' ? comparison.a.label : comparison.b.label;
  if (!witness.trace) return [...lines, `No ${witness.kind} was found with ${label}: ${witness.note}.`];
  const replay = witness.replay;
  const divergence = replay ? divergenceLine(replay, witness.side === 'a' ? comparison.b.label : comparison.a.label) : null;
  if (divergence) lines.push(divergence);
  lines.push(`Shortest ${witness.kind} with ${label} (${witness.trace.length} states):`);
  // From the first state where the two configurations part (the states before are common to both).
  const from = replay?.divergesAt ? Math.max(0, replay.divergesAt - 2) : 0;
  const shown = formatTrace(witness.trace, { diffOnly: true });
  const start = from > 0 ? shown.findIndex((line) => line.startsWith(`State ${from + 1}:`)) : 0;
  const loopEnd = witness.loop ? [formatLoopEnd(witness.loop, witness.trace.length)] : [];
  return [...lines, ...(start > 0 ? [`(states 1..${from} are the same in both; see --json for them)`, ...shown.slice(start)] : shown), ...loopEnd];
}

/** `Replayed with variant=MERGED: the same steps part at state 9: ...`. */
export function divergenceLine(replay: NonNullable<PropertyComparison['witness']>['replay'] & object, other: string): string {
  if (replay.legal && replay.lasso !== undefined) return `Replayed with ${other}: every step is possible there too, ${replay.lasso === null ? 'and the lasso violates the property there as well' : `but it is no counterexample there: ${replay.lasso}`}.`;
  if (replay.legal) return `Replayed with ${other}: every step is possible there too${replay.violates.length ? `, and it violates ${replay.violates.join(', ')}` : ', and nothing is violated'}.`;
  return `Replayed with ${other}: the behaviours part at state ${replay.divergesAt ?? '?'}: ${replay.problem}`;
}

/** A "possible" property holds when some state satisfies it. */
function statusText(property: PropertyComparison, status: PropertyStatus): string {
  const mark = status.decidedBy === 'search' ? '*' : '';
  if (property.kind === 'possible' && status.status === 'holds') return `satisfied${mark}`;
  if (property.kind === 'possible' && status.status === 'violated') return `never satisfied${mark}`;
  switch (status.status) {
    case 'violated':
      return status.traceLength ? `violated${mark} (${status.traceLength} states)` : `violated${mark}`;
    case 'absent':
      return 'not declared';
    default:
      return `${status.status}${mark}`;
  }
}

function jsonOf(comparison: Comparison): Record<string, unknown> {
  const side = (run: Comparison['a']) => ({ label: run.label, constants: run.result.constants, verdict: run.result.verdict, complete: run.result.complete, distinctStates: run.result.distinctStates });
  return {
    model: comparison.model,
    a: side(comparison.a),
    b: side(comparison.b),
    differs: comparison.properties.some((p) => p.differs),
    properties: comparison.properties.map((p) => ({
      ...p,
      witness: p.witness && { ...p.witness, trace: p.witness.trace?.map((s) => ({ action: s.action, actor: s.actor, params: plain(s.params), state: plain(s.state) })) ?? null },
    })),
  };
}
