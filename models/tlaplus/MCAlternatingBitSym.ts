// AlternatingBit with SYMMETRY Permutations(Data): the MCAlternatingBitSym wrapper of
// ../../../shared/conformance/LIVENESS-SYMMETRY.md (S5: Data = {d1, d2},
// msgQLen = ackQLen = 2). TLC checks S5's temporal properties under symmetry with a
// warning; Vigil refuses symmetry with temporal properties, so this wrapper is the
// safety part (ABTypeInv, SeqConstraint), whose state graph TLC's figures count.
import { range, withSymmetry } from '../../spec/index.js';
import AlternatingBit from './AlternatingBit.js';

export default withSymmetry(AlternatingBit, 'Data', {
  name: 'tlaplus/MCAlternatingBitSym',
  description: 'The alternating bit protocol with SYMMETRY Permutations(Data) (safety part)',
  values: ({ Data }) => range(1, Data).map((i) => `d${i}`),
});
