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
