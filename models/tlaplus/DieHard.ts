// Translated from tlaplus/Examples: specifications/DieHard/DieHard.tla
// (model DieHard.cfg: invariants TypeOK and NotSolved).
//
// The water-jug puzzle: a 5-gallon and a 3-gallon jug, and a faucet. NotSolved is
// meant to fail: the shortest counterexample is the puzzle's solution.
import { defineSpec, model, t } from '../../spec/index.js';

const BIG = 5;
const SMALL = 3;

export default defineSpec({
  name: 'tlaplus/DieHard',
  description: 'Die Hard water jugs: measure exactly 4 gallons (TLA+ DieHard)',
  build: () =>
    model({ big: t.int(0, BIG), small: t.int(0, SMALL) })
      .initial({ big: 0, small: 0 })
      .action('FillSmallJug', (n) => {
        n.small = SMALL;
      })
      .action('FillBigJug', (n) => {
        n.big = BIG;
      })
      .action('EmptySmallJug', (n) => {
        n.small = 0;
      })
      .action('EmptyBigJug', (n) => {
        n.big = 0;
      })
      // Pouring stops when the target jug is full or the source jug is empty.
      .action('SmallToBig', (n, _, s) => {
        n.big = Math.min(s.big + s.small, BIG);
        n.small = s.small - (n.big - s.big);
      })
      .action('BigToSmall', (n, _, s) => {
        n.small = Math.min(s.big + s.small, SMALL);
        n.big = s.big - (n.small - s.small);
      })
      .invariant('TypeOK', (s) => s.small >= 0 && s.small <= SMALL && s.big >= 0 && s.big <= BIG, 'each jug holds between 0 and its capacity')
      .invariant('NotSolved', (s) => s.big !== 4, 'the big jug never holds exactly 4 gallons'),
});
