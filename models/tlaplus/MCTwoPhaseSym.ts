// TwoPhase with RM as a set of model values and SYMMETRY Permutations(RM): the
// MCTwoPhaseSym wrapper of ../../../shared/conformance/LIVENESS-SYMMETRY.md (S1).
//
//   MCTwoPhaseSym.tla: EXTENDS TwoPhase, TLC   RMPerms == Permutations(RM)
//   MCTwoPhaseSym.cfg: CONSTANT RM = {r1, r2, r3, r4, r5}   INVARIANT TPTypeOK
//                      SPECIFICATION TPSpec   SYMMETRY RMPerms
//
// `--no-symmetry` (or `symmetry: false` in YAML) is the same cfg minus the SYMMETRY line.
import { c, defineSpec } from '../../spec/index.js';
import { twoPhase } from './TwoPhase.js';

export default defineSpec({
  name: 'tlaplus/MCTwoPhaseSym',
  description: 'Two-phase commit with RM as symmetric model values (TLC SYMMETRY Permutations(RM))',
  constants: { RM: c.modelValues(['r1', 'r2', 'r3', 'r4', 'r5'], 'the resource managers (model values)') },
  build: ({ RM }) => twoPhase(RM).symmetric(RM, 'RM'),
});
