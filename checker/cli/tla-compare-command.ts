import { ConfigError, ExitCode } from '../errors.js';
import { compareTlaModels, type TlaComparison, type TlaPropertyComparison, type TlaPropertyStatus } from '../tla/compare.js';
import { loadTlaModel } from '../tla/model.js';
import { formatTlaTrace } from '../tla/report.js';
import { differingLine, EXIT_VERDICTS_DIFFER, verdictTable } from './compare-command.js';
import { formatValue } from '../tla/values.js';

export interface TlaCompareFlags {
  readonly config?: string;
  /** B's configuration when both sides are the same spec: `compare Spec.tla --vs Other.cfg`. */
  readonly vs?: string[];
  readonly json?: boolean;
  readonly 'fail-on-diff'?: boolean;
}

/**
 * `vigil compare A.tla B.tla [--config A.cfg]` (B with B.cfg beside it) or
 * `vigil compare Spec.tla [--config A.cfg] --vs B.cfg`: every property's verdict
 * in both, the differences marked, and for each a shortest counterexample
 * replayed on the other side. Exit 0 once the comparison ran; with
 * --fail-on-diff, 1 when some verdict differs.
 */
export async function tlaCompareCommand(specA: string, specB: string | undefined, flags: TlaCompareFlags): Promise<number> {
  const vs = flags.vs ?? [];
  if (specB === undefined && (vs.length !== 1 || !vs[0]!.endsWith('.cfg'))) throw new ConfigError('compare of a .tla specification needs a second one (compare A.tla B.tla) or the second configuration (--vs B.cfg)');
  if (specB !== undefined && vs.length > 0) throw new ConfigError('compare A.tla B.tla takes no --vs: B is checked with B.cfg beside it');
  const a = await loadTlaModel(specA, flags.config);
  const b = await loadTlaModel(specB ?? specA, specB === undefined ? vs[0] : undefined);
  const comparison = compareTlaModels(a, b);
  process.stdout.write(flags.json ? `${JSON.stringify(jsonOf(comparison), null, 2)}\n` : `${formatTlaComparison(comparison).join('\n')}\n`);
  return flags['fail-on-diff'] && comparison.properties.some((p) => p.differs) ? EXIT_VERDICTS_DIFFER : ExitCode.ok;
}

export function formatTlaComparison(comparison: TlaComparison): string[] {
  const { a, b } = comparison;
  const rows = comparison.properties.map((p) => [p.name, p.kind, statusText(p.a), statusText(p.b), p.differs ? '<- differs' : '']);
  const lines = [`Vigil: comparing A = ${a.label}, B = ${b.label} (${a.distinct} and ${b.distinct} reachable states)`, '', ...verdictTable('A', 'B', rows)];
  const differing = comparison.properties.filter((p) => p.differs);
  lines.push('', differingLine(differing.length));
  for (const property of differing) lines.push('', ...differenceLines(comparison, property));
  return lines;
}

function differenceLines(comparison: TlaComparison, property: TlaPropertyComparison): string[] {
  const lines = [`${property.name} (${property.kind}): ${statusText(property.a)} with A, ${statusText(property.b)} with B.`];
  for (const side of ['a', 'b'] as const) if (property[side].status === 'error') lines.push(`With ${side.toUpperCase()}: ${property[side].message}`);
  const witness = property.witness;
  if (!witness) return lines;
  const [from, to] = witness.side === 'a' ? ['A', 'B'] : ['B', 'A'];
  const variables = comparison[witness.side].model.variables;
  lines.push(`Replayed with ${to}: ${witness.replay}.`, `Shortest counterexample with ${from} (${witness.trace.length} states):`);
  // Without its last blank line: the next property's block brings one.
  lines.push(...formatTlaTrace(variables, witness.trace, { diffOnly: true, labels: witness.labels }).slice(0, -1));
  if (witness.loopBack !== null) lines.push(witness.loopBack >= 0 ? `State ${witness.trace.length + 1}: Back to state ${witness.loopBack + 1}.` : `State ${witness.trace.length + 1}: Stuttering`);
  return lines;
}

function statusText(status: TlaPropertyStatus): string {
  switch (status.status) {
    case 'violated':
      return status.traceLength ? `violated (${status.traceLength} states)` : 'violated';
    case 'absent':
      return 'not declared';
    default:
      return status.status;
  }
}

function jsonOf(comparison: TlaComparison): Record<string, unknown> {
  const side = (s: TlaComparison['a']) => ({ label: s.label, spec: s.model.spec.file, config: s.model.config.file, distinctStates: s.distinct });
  return {
    a: side(comparison.a),
    b: side(comparison.b),
    differs: comparison.properties.some((p) => p.differs),
    properties: comparison.properties.map((p) => ({
      ...p,
      witness: p.witness && { ...p.witness, trace: p.witness.trace.map((state) => Object.fromEntries(comparison[p.witness!.side].model.variables.map((name, i) => [name, formatValue(state[i]!)]))) },
    })),
  };
}
