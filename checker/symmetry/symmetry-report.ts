import type { SymmetryReport } from '../result.js';
import type { SymmetryReduction } from './canonicalizer.js';

/** What a report says about the symmetry reduction of a run. */
export function symmetryReport(reduction: SymmetryReduction): SymmetryReport {
  const { sets, method } = reduction.info;
  const named = sets.map((s) => `${s.name} (${s.size} values)`).join(', ');
  const how =
    method === 'exact'
      ? 'exact canonical form: distinct states are orbits'
      : `heuristic normal form: sound (never merges two orbits) but an orbit may keep several representatives${reduction.untriedTies > 0 ? `; ${reduction.untriedTies} states had too many tied orders to try` : ''}`;
  return { sets, method, untriedTies: reduction.untriedTies, note: `Symmetry: ${named}, ${how}.` };
}

/**
 * The report of a run whose symmetry passed --check-symmetry: how far the check
 * went, in the verdict's own lines, so a sampled check never reads as a proof.
 */
export function withSymmetryCheck(report: SymmetryReport, checked: NonNullable<SymmetryReport['checked']>): SymmetryReport {
  const extent = checked.exhaustive
    ? `exhaustive: all ${checked.states} reachable states of the unreduced search, ${checked.permutations} generating permutations.`
    : `SAMPLED, not exhaustive: the first ${checked.states} states of the unreduced search, ${checked.permutations} generating permutations; an asymmetry first reached beyond them is not detected.`;
  return { ...report, checked, note: `${report.note}\nSymmetry check (--check-symmetry): ${extent}` };
}
