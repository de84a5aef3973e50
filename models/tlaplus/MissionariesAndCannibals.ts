// Translated from tlaplus/Examples: specifications/MissionariesAndCannibals/MissionariesAndCannibals.tla
// (model MissionariesAndCannibals.cfg: Missionaries = {m1, m2, m3}, Cannibals =
// {c1, c2, c3}, invariants TypeOK and Solution).
//
// Missionaries and cannibals cross a river in a boat carrying one or two people;
// cannibals may never outnumber the missionaries on a bank where there are any.
// Solution ("someone is still on the east bank") is meant to fail: the shortest
// counterexample is a solution of the puzzle.
import { c, defineSpec, FSet, model, range, subsets, t } from '../../spec/index.js';

type Bank = 'E' | 'W';
const Banks: readonly Bank[] = ['E', 'W'];

const OtherBank = (b: Bank): Bank => (b === 'E' ? 'W' : 'E');

export default defineSpec({
  name: 'tlaplus/MissionariesAndCannibals',
  description: 'Missionaries and cannibals crossing a river (TLA+ MissionariesAndCannibals)',
  constants: {
    Missionaries: c.int(3, { min: 0, max: 8, description: 'number of missionaries m1..mN' }),
    Cannibals: c.int(3, { min: 0, max: 8, description: 'number of cannibals c1..cN' }),
  },
  build: (constants) => {
    // The cfg's model values, as strings.
    const Missionaries = range(1, constants.Missionaries).map((i) => `m${i}`);
    const Cannibals = range(1, constants.Cannibals).map((i) => `c${i}`);
    const People = t.set([...Cannibals, ...Missionaries]);
    type People = FSet<string>;
    const Everyone = People.of(...Cannibals, ...Missionaries);
    const CannibalSet = People.of(...Cannibals);
    const MissionarySet = People.of(...Missionaries);

    // A bank is safe if it has no missionaries or at least as many missionaries as
    // cannibals. IsSafe is a disjunction, and TLC evaluates a disjunction inside an
    // action branch by branch (a move is generated once per pair of disjuncts that
    // hold), so Move takes the disjunct it relies on for each bank as a parameter.
    const IsSafe = {
      onlyCannibals: (S: People) => S.isSubsetOf(CannibalSet),
      notOutnumbered: (S: People) => S.intersection(CannibalSet).size <= S.intersection(MissionarySet).size,
    };
    type SafeCase = keyof typeof IsSafe;
    const SAFE_CASES = Object.keys(IsSafe) as SafeCase[];
    type MoveParams = { S: People; b: Bank; thisBank: SafeCase; otherBank: SafeCase };

    /** Next: a set S of one or two people on the boat's bank b crosses with the boat. */
    function* moves(s: { bank_of_boat: Bank; who_is_on_bank: Record<Bank, People> }): Generator<MoveParams> {
      const b = s.bank_of_boat;
      for (const S of subsets(s.who_is_on_bank[b])) {
        for (const thisBank of SAFE_CASES) for (const otherBank of SAFE_CASES) yield { S, b, thisBank, otherBank };
      }
    }

    return (
      model({ bank_of_boat: t.enum(...Banks), who_is_on_bank: t.map(Banks, People) })
        .initial(() => ({ bank_of_boat: 'E' as const, who_is_on_bank: { E: People.of(...Cannibals, ...Missionaries), W: People.empty() } }))
        .action<MoveParams>('Move', { params: moves, when: (_, { S }) => S.size === 1 || S.size === 2 }, (n, { S, b, thisBank, otherBank }, s) => {
          const newThisBank = s.who_is_on_bank[b].difference(S);
          const newOtherBank = s.who_is_on_bank[OtherBank(b)].union(S);
          if (!IsSafe[thisBank](newThisBank) || !IsSafe[otherBank](newOtherBank)) return false;
          n.bank_of_boat = OtherBank(b);
          n.who_is_on_bank[b] = newThisBank;
          n.who_is_on_bank[OtherBank(b)] = newOtherBank;
        })
        .invariant(
          'TypeOK',
          (s) => Banks.includes(s.bank_of_boat) && Banks.every((b) => s.who_is_on_bank[b].isSubsetOf(Everyone)),
          'the boat is at a bank, and each bank holds a set of people',
        )
        .invariant('Solution', (s) => !s.who_is_on_bank.E.isEmpty(), 'someone is still on the east bank')
    );
  },
});
