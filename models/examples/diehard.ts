// The water-jug puzzle from Die Hard 3, as in the TLA+ example
// specifications/DieHard/DieHard.tla. NotSolved is violated: a shortest
// counterexample (7 states) is the puzzle's solution.
import { defineSpec, model, t } from '../../spec/index.js';

export default defineSpec({
  name: 'diehard',
  description: 'Die Hard water jugs: get exactly 4 gallons in the big jug',
  build: () =>
    model({ big: t.int(0, 5), small: t.int(0, 3) })
      .initial({ big: 0, small: 0 })
      .action('FillSmallJug', (n) => {
        n.small = 3;
      })
      .action('FillBigJug', (n) => {
        n.big = 5;
      })
      .action('EmptySmallJug', (n) => {
        n.small = 0;
      })
      .action('EmptyBigJug', (n) => {
        n.big = 0;
      })
      .action('SmallToBig', (n, _, s) => {
        n.big = Math.min(s.big + s.small, 5);
        n.small = s.small - (n.big - s.big);
      })
      .action('BigToSmall', (n, _, s) => {
        n.small = Math.min(s.big + s.small, 3);
        n.big = s.big - (n.small - s.small);
      })
      .invariant('TypeOK', (s) => s.big >= 0 && s.big <= 5 && s.small >= 0 && s.small <= 3)
      .invariant('NotSolved', (s) => s.big !== 4, 'the big jug never holds exactly 4 gallons'),
});
