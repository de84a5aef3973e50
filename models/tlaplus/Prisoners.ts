// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/Prisoners/Prisoners.tla (model Prisoners.cfg: Prisoner = {p1, p2,
// p3, p4}, Counter = p1, invariants TypeOK and CountInvariant, deadlock checked).
// Fairness and the cfgs' temporal properties are translated too; their TLA+
// text is at the end of the file.
//
// The prisoners and the two switches: every prisoner other than the counter moves
// switch A up at most twice (when it is down), else flips switch B; the counter
// moves switch A down and counts, else flips switch B. Prisoners are the model
// values p1..pN, represented by their names.
import { always, c, defineSpec, eventually, eventuallyAlways, model, range, t } from '../../spec/index.js';

type State = { switchAUp: boolean; switchBUp: boolean; timesSwitched: Record<string, number>; count: number };

export default defineSpec({
  name: 'tlaplus/Prisoners',
  description: "The prisoners' puzzle with two switches (TLA+ Prisoners)",
  constants: {
    Prisoner: c.int(4, { min: 1, max: 12, description: 'number of prisoners p1..pN' }),
    Counter: c.int(1, { min: 1, max: 12, description: 'the counting prisoner, as its index i of pi' }),
    spec: c.enum(['Spec', 'SpecNoCounterFairness'], 'Spec', 'SPECIFICATION: Spec (Fairness), or without WF_vars(CounterStep) (L6)'),
    properties: c.enum(['none', 'Safety Liveness', 'CountReachedStable', 'DoneStable', 'Liveness'], 'none', 'the cfg\'s PROPERTIES'),
  },
  build: ({ Prisoner: prisonerCount, Counter: counterIndex, spec: specName, properties }) => {
    const Prisoner = range(1, prisonerCount).map((i) => `p${i}`);
    const Counter = `p${counterIndex}`;
    const OtherPrisoner = Prisoner.filter((p) => p !== Counter);
    /** TypeOK's bound on count: 0 .. (2 * Cardinality(Prisoner) - 1). */
    const maxCount = 2 * Prisoner.length - 1;

    const totalSwitched = (s: Readonly<State>) => OtherPrisoner.reduce((sum, p) => sum + s.timesSwitched[p]!, 0);

    const spec = (
      model({
        switchAUp: t.bool(),
        switchBUp: t.bool(),
        timesSwitched: t.map(OtherPrisoner, t.int(0, 2)),
        // One more than TypeOK allows, so that a count beyond it would be reported
        // by TypeOK rather than stop the run as a value outside its type.
        count: t.int(0, maxCount + 1),
      })
        .assume('CounterIsAPrisoner', () => Prisoner.includes(Counter))
        .assume('MoreThanOnePrisoner', () => Prisoner.length > 1)
        // Init: both switches in any position, nobody has switched, count = 0.
        .initial(() =>
          [false, true].flatMap((switchAUp) =>
            [false, true].map((switchBUp) => ({
              switchAUp,
              switchBUp,
              timesSwitched: Object.fromEntries(OtherPrisoner.map((i) => [i, 0])),
              count: 0,
            })),
          ),
        )
        // Next == CounterStep \/ \E i \in OtherPrisoner : NonCounterStep(i)
        .action('CounterStep', { actor: Counter }, (n, _, s) => {
          if (s.switchAUp) {
            n.switchAUp = false;
            n.count = s.count + 1;
          } else {
            n.switchBUp = !s.switchBUp;
          }
        })
        .action<{ i: string }>('NonCounterStep', { params: { i: OtherPrisoner }, actor: ({ i }) => i }, (n, { i }, s) => {
          if (!s.switchAUp && s.timesSwitched[i]! < 2) {
            n.switchAUp = true;
            n.timesSwitched[i] = s.timesSwitched[i]! + 1;
          } else {
            n.switchBUp = !s.switchBUp;
          }
        })
        .invariant(
          'TypeOK',
          (s) =>
            typeof s.switchAUp === 'boolean' &&
            typeof s.switchBUp === 'boolean' &&
            OtherPrisoner.every((p) => s.timesSwitched[p]! >= 0 && s.timesSwitched[p]! <= 2) &&
            s.count >= 0 &&
            s.count <= maxCount,
          'the switches are booleans, timesSwitched in 0..2, count in 0..(2 * Cardinality(Prisoner) - 1)',
        )
        .invariant(
          'CountInvariant',
          (s) => {
            const oneIfUp = s.switchAUp ? 1 : 0;
            return s.count === totalSwitched(s) - oneIfUp || s.count === totalSwitched(s) - oneIfUp + 1;
          },
          'count is the number of times switch A was moved up, less one if it is up now, give or take the initial up',
        )
    );
    // Fairness == WF_vars(CounterStep) /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i))
    if (specName === 'Spec') spec.fairness('WF', { action: 'CounterStep' });
    spec.fairness('WF', { action: 'NonCounterStep', each: true });
    const Done = (s: Readonly<State>) => s.count === 2 * (Prisoner.length - 1);
    if (properties === 'Safety Liveness') {
      spec.temporal('Safety', always((s: Readonly<State>) => !Done(s) || OtherPrisoner.every((i) => s.timesSwitched[i]! > 0)));
      spec.temporal('Liveness', eventually(Done));
    }
    if (properties === 'Liveness') spec.temporal('Liveness', eventually(Done));
    if (properties === 'DoneStable') spec.temporal('DoneStable', eventuallyAlways(Done));
    if (properties === 'CountReachedStable') spec.temporal('CountReachedStable', eventuallyAlways((s: Readonly<State>) => s.count >= 2 * (Prisoner.length - 1)));
    return spec;
  },
});

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate (vars ==
// <<switchAUp, switchBUp, timesSwitched, count>>):
//
//   Fairness == /\ WF_vars(CounterStep)
//               /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i))
//   Spec     == Init /\ [][Next]_vars /\ Fairness
//   In Vigil: CounterStep is the action 'CounterStep' (actor = Counter);
//   NonCounterStep(i) is the instance of action 'NonCounterStep' with param i (actor i).
//   SpecNoCounterFairness ==          \* new MCPrisoners.tla of the corpus (L6)
//     Init /\ [][Next]_vars /\ \A i \in OtherPrisoner : WF_vars(NonCounterStep(i))
//
//   Done     == count = 2 * (Cardinality(Prisoner) - 1)
//   Safety   == [](Done => (\A i \in Prisoner \ {Counter} : timesSwitched[i] > 0))
//   Liveness == <>Done
//   DoneStable         == <>[]Done                                   \* new (L5)
//   CountReachedStable == <>[](count >= 2 * (Cardinality(Prisoner) - 1))  \* new (L4)
//
//   All rows: Prisoner = {p1, p2, p3, p4}, Counter = p1, INVARIANT TypeOK CountInvariant.
//   L3 (Prisoners.cfg):  SPECIFICATION Spec, PROPERTIES Safety Liveness
//                        TLC: ok, 214 / 860 / 14
//   L4: SPECIFICATION Spec, PROPERTY CountReachedStable   TLC: ok, 214 / 860 / 14
//   L5: SPECIFICATION Spec, PROPERTY DoneStable           TLC: violated (13), 214 / 860,
//       lasso 15 states, back to 14 (<CounterStep>)
//   L6: SPECIFICATION SpecNoCounterFairness, PROPERTY Liveness
//                        TLC: violated (13), 214 / 860, lasso 13 states, back to 12
//                        (<NonCounterStep>)
// ---------------------------------------------------------------------------
