// Translated from tlaplus/Examples: specifications/tower_of_hanoi/Hanoi.tla
// (model Hanoi.toolbox/Model_1: D = 5, N = 3, invariant NotSolved).
//
// Towers of Hanoi with D disks and N towers. As in the original, a tower is a
// bitmask of the disks on it: disk k is the power of two 2^(k-1), so smaller disks
// are less significant bits. NotSolved is meant to fail: the shortest
// counterexample moves every disk to the last tower in 2^D - 1 moves.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

/** The disks: every power of two below 2^D (SetOfPowerOfTwo(D)). */
const SetOfPowerOfTwo = (D: number) => range(0, D - 1).map((k) => 2 ** k);

const IsEmptyTower = (tower: number) => tower === 0;
const IsOnTower = (tower: number, disk: number) => (tower & disk) === disk;
/** No smaller disk (less significant bit) lies on the tower. */
const IsSmallestDisk = (tower: number, disk: number) => IsOnTower(tower, disk) && (tower & (disk - 1)) === 0;
const CanMoveOff = (tower: number, disk: number) => IsOnTower(tower, disk) && IsSmallestDisk(tower, disk);

/**
 * CanMoveTo is a disjunction, and TLC evaluates a disjunction inside an action
 * branch by branch: a move onto an empty tower, where both disjuncts hold, is
 * generated twice. Each disjunct is therefore a separate action instance.
 */
const CanMoveTo = {
  noSmallerDisk: (tower: number, disk: number) => (tower & (disk - 1)) === 0,
  emptyTower: (tower: number, _disk: number) => IsEmptyTower(tower),
};
type CanMoveToCase = keyof typeof CanMoveTo;
const CAN_MOVE_TO_CASES = Object.keys(CanMoveTo) as CanMoveToCase[];

export default defineSpec({
  name: 'tlaplus/Hanoi',
  description: 'Towers of Hanoi with disks as bits (TLA+ Hanoi)',
  constants: {
    D: c.int(5, { min: 1, max: 30, description: 'number of disks' }),
    N: c.int(3, { min: 1, max: 8, description: 'number of towers 1..N' }),
  },
  build: ({ D, N }) => {
    const Towers = range(1, N);
    const allDisks = 2 ** D - 1;

    return (
      model({ towers: t.map(Towers, t.int(0, allDisks)) })
        // Every disk starts on the first tower.
        .initial(() => ({ towers: Object.fromEntries(Towers.map((i) => [i, i === 1 ? allDisks : 0])) }))
        // Next: move disk d from tower idx1 to a different tower idx2.
        .action<{ d: number; idx1: number; idx2: number; canMoveTo: CanMoveToCase }>(
          'Move',
          {
            params: { d: SetOfPowerOfTwo(D), idx1: Towers, idx2: Towers, canMoveTo: CAN_MOVE_TO_CASES },
            when: (s, { d, idx1, idx2, canMoveTo }) => idx1 !== idx2 && CanMoveOff(s.towers[idx1]!, d) && CanMoveTo[canMoveTo](s.towers[idx2]!, d),
          },
          (n, { d, idx1, idx2 }, s) => {
            n.towers[idx1] = s.towers[idx1]! - d;
            n.towers[idx2] = s.towers[idx2]! + d;
          },
        )
        .invariant('NotSolved', (s) => s.towers[N] !== allDisks, 'not every disk is on the last tower')
    );
  },
});
