// DijkstraMutex with SYMMETRY Permutations(Proc): the MCDijkstraMutexSym wrapper of
// ../../../shared/conformance/LIVENESS-SYMMETRY.md (S2: Proc = {p1, p2, p3}, Spec,
// INVARIANT MutualExclusion; S3/S4 are its liveness runs with two processes).
//
//   MCDijkstraMutexSym.tla: EXTENDS DijkstraMutex, TLC   ProcPerms == Permutations(Proc)
//   MCDijkstraMutex3SafetySym.cfg: ... SYMMETRY ProcPerms
//
// The processes are the model values p1..pN of DijkstraMutex.ts; `--no-symmetry` is
// the cfg without its SYMMETRY line.
import { range, withSymmetry } from '../../spec/index.js';
import DijkstraMutex from './DijkstraMutex.js';

export default withSymmetry(DijkstraMutex, 'Proc', {
  name: 'tlaplus/MCDijkstraMutexSym',
  description: "Dijkstra's mutual exclusion with SYMMETRY Permutations(Proc)",
  values: ({ Proc }) => range(1, Proc).map((i) => `p${i}`),
});
