// AlternatingBit with SYMMETRY Permutations(Data): the MCAlternatingBitSym wrapper of
// ../../../shared/conformance/LIVENESS-SYMMETRY.md (S5: Data = {d1, d2},
// msgQLen = ackQLen = 2; `--const properties=SentLeadsToRcvd` adds S5's temporal
// property, which Vigil checks on the unreduced graph while symmetry reduces the
// safety search).
import { range, withSymmetry } from '../../spec/index.js';
import AlternatingBit from './AlternatingBit.js';

export default withSymmetry(AlternatingBit, 'Data', {
  name: 'tlaplus/MCAlternatingBitSym',
  description: 'The alternating bit protocol with SYMMETRY Permutations(Data)',
  values: ({ Data }) => range(1, Data).map((i) => `d${i}`),
});
