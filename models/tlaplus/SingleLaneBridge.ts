// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/SingleLaneBridge/SingleLaneBridge.tla as checked by MC.tla (model
// MC.cfg: CarsRight = {"r1","r2"}, CarsLeft = {"l1","l2"}, Bridge = {4,5},
// Positions = {1, ..., 8}, INVARIANT Invariants, deadlock checked). Fairness and
// the cfg's temporal properties are translated too; their TLA+ text is at the end.
//
// Cars drive round a circular road of Positions; a bridge on it has a single lane,
// so cars may be on it together only when they go the same way. Cars moving right
// count down, cars moving left count up; a car that reaches the position before the
// bridge queues in WaitingBeforeBridge, and EnterBridge lets the head of the queue
// on. Bridge = StartBridge..EndBridge and Positions = 1..Positions here (both are
// intervals in MC.cfg).
import { c, defineSpec, leadsTo, model, range, t } from '../../spec/index.js';

type State = { Location: Record<string, number>; WaitingBeforeBridge: string[] };

/**
 * EnterBridge is a disjunction, and TLC evaluates a disjunction inside an action
 * branch by branch: on an empty bridge both branches may hold and give the same
 * successor, which TLC then generates twice. Each branch is an action instance.
 */
const ENTER_BRIDGE_BRANCHES = ['bridge empty', 'same direction'] as const;
type EnterBridgeBranch = (typeof ENTER_BRIDGE_BRANCHES)[number];

export default defineSpec({
  name: 'tlaplus/SingleLaneBridge',
  description: 'Cars crossing a single-lane bridge (TLA+ SingleLaneBridge via MC)',
  constants: {
    CarsRight: c.int(2, { min: 0, max: 6, description: 'number of cars moving right, "r1".."rN"' }),
    CarsLeft: c.int(2, { min: 0, max: 6, description: 'number of cars moving left, "l1".."lN"' }),
    StartBridge: c.int(4, { min: 1, max: 32, description: 'first position of the bridge (Bridge = StartBridge..EndBridge)' }),
    EndBridge: c.int(5, { min: 1, max: 32, description: 'last position of the bridge' }),
    Positions: c.int(8, { min: 2, max: 32, description: 'number of positions 1..N on the road' }),
    properties: c.enum(['none', 'CarsInBridgeExitBridge CarsEnterBridge'], 'none', "the cfg's PROPERTY (MC.cfg: both)"),
  },
  build: ({ CarsRight: rightCount, CarsLeft: leftCount, StartBridge, EndBridge, Positions: positionCount, properties }) => {
    const CarsRight = range(1, rightCount).map((i) => `r${i}`);
    const CarsLeft = range(1, leftCount).map((i) => `l${i}`);
    const Cars = [...CarsRight, ...CarsLeft];
    const Positions = range(1, positionCount);
    const Bridge = range(StartBridge, EndBridge);
    const StartPos = 1;
    const EndPos = positionCount;

    const isRight = (car: string) => CarsRight.includes(car);
    const inBridge = (pos: number) => pos >= StartBridge && pos <= EndBridge;
    const CarsInBridge = (s: Readonly<State>) => Cars.filter((car) => inBridge(s.Location[car]!));
    const RMove = (pos: number) => (pos > StartPos ? pos - 1 : EndPos);
    const LMove = (pos: number) => (pos < EndPos ? pos + 1 : StartPos);
    const NextLocation = (s: Readonly<State>, car: string) => (isRight(car) ? RMove(s.Location[car]!) : LMove(s.Location[car]!));
    const nobodyAt = (s: Readonly<State>, pos: number) => Cars.every((other) => s.Location[other] !== pos);

    /** CarsBeforeBridge, as SeqFromSet orders it (CHOOSE takes the least element first). */
    const CarsBeforeBridge = [
      ...(EndPos - EndBridge === 1 ? CarsRight : []),
      ...(StartBridge - StartPos === 1 ? CarsLeft : []),
    ].sort();

    /** ChangeLocation(car): move one place, joining the queue on reaching the place before the bridge. */
    const ChangeLocation = (n: State, s: Readonly<State>, car: string) => {
      const next = NextLocation(s, car);
      if ((isRight(car) && next === EndBridge + 1) || (!isRight(car) && next === StartBridge - 1)) n.WaitingBeforeBridge.push(car);
      n.Location[car] = next;
    };

    const HaveSameDirection = (s: Readonly<State>, car: string) => CarsInBridge(s).every((other) => isRight(other) === isRight(car));

    const canEnter: Record<EnterBridgeBranch, (s: Readonly<State>, head: string) => boolean> = {
      'bridge empty': (s) => CarsInBridge(s).length === 0,
      'same direction': (s, head) => !inBridge(s.Location[head]!) && HaveSameDirection(s, head) && nobodyAt(s, NextLocation(s, head)),
    };

    const spec = (
      model({
        Location: t.map(Cars, t.int(1, positionCount)),
        // With no car at all the queue stays empty; its item type still needs a value
        // so that the model builds and the SomeCar assumption reports the problem.
        WaitingBeforeBridge: t.seq(t.oneOf(Cars.length > 0 ? Cars : ['no car']), Cars.length),
      })
        .assume('DisjointDirections', () => CarsRight.every((car) => !CarsLeft.includes(car)))
        .assume('SomeCar', () => Cars.length !== 0)
        .assume('BridgeIsNotEmpty', () => StartBridge <= EndBridge)
        .assume('BridgeInsideTheRoad', () => StartPos < StartBridge && EndPos > EndBridge && Bridge.length < Positions.length)
        .initial(() => ({
          Location: Object.fromEntries(Cars.map((car) => [car, isRight(car) ? EndPos : StartPos])),
          WaitingBeforeBridge: [...CarsBeforeBridge],
        }))
        // Next == \E car \in Cars : EnterBridge \/ MoveOutsideBridge(car) \/ MoveInsideBridge(car).
        // EnterBridge does not mention car, yet TLC evaluates it once per car: the
        // instance's `car` is that binding of Next's \E, and it counts as TLC does.
        .action<{ car: string; branch: EnterBridgeBranch }>(
          'EnterBridge',
          {
            params: { car: Cars, branch: [...ENTER_BRIDGE_BRANCHES] },
            when: (s, { branch }) => s.WaitingBeforeBridge.length !== 0 && canEnter[branch](s, s.WaitingBeforeBridge[0]!),
          },
          (n, _, s) => {
            const head = s.WaitingBeforeBridge[0]!;
            n.Location[head] = NextLocation(s, head);
            n.WaitingBeforeBridge.shift(); // Tail
          },
        )
        .action<{ car: string }>(
          'MoveOutsideBridge',
          { params: { car: Cars }, actor: ({ car }) => car, when: (s, { car }) => !inBridge(NextLocation(s, car)) },
          (n, { car }, s) => ChangeLocation(n, s, car),
        )
        .action<{ car: string }>(
          'MoveInsideBridge',
          {
            params: { car: Cars },
            actor: ({ car }) => car,
            when: (s, { car }) => inBridge(s.Location[car]!) && nobodyAt(s, NextLocation(s, car)),
          },
          (n, { car }, s) => ChangeLocation(n, s, car),
        )
        .invariant(
          'Invariants',
          (s) =>
            // Two cars or more cannot be in the same location in the bridge at the same time.
            Cars.every((a) => Cars.every((b) => !(inBridge(s.Location[a]!) && s.Location[a] === s.Location[b]) || a === b)) &&
            // The bridge capacity is respected.
            CarsInBridge(s).length < Bridge.length + 1 &&
            // Cars going different ways are never on the bridge together.
            CarsRight.every((r) => CarsLeft.every((l) => !(inBridge(s.Location[r]!) && inBridge(s.Location[l]!)))),
          'one car per bridge position, within capacity, all going the same way',
        )
    );
    // Fairness: WF of each car's MoveOutsideBridge and MoveInsideBridge; WF_vars(EnterBridge)
    // (the same conjunct for every car, so one group over all its instances).
    spec.fairness('WF', { action: 'MoveOutsideBridge', each: true }).fairness('WF', { action: 'MoveInsideBridge', each: true });
    spec.fairness('WF', { action: 'EnterBridge' });
    if (properties === 'CarsInBridgeExitBridge CarsEnterBridge') {
      spec.temporal('CarsInBridgeExitBridge', { forEach: Cars }, (car) => leadsTo((s: Readonly<State>) => inBridge(s.Location[car]!), (s: Readonly<State>) => !inBridge(s.Location[car]!)));
      spec.temporal('CarsEnterBridge', { forEach: Cars }, (car) => leadsTo((s: Readonly<State>) => !inBridge(s.Location[car]!), (s: Readonly<State>) => inBridge(s.Location[car]!)));
    }
    return spec;
  },
});

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate (vars ==
// <<Location, WaitingBeforeBridge>>):
//
//   Fairness ==
//     /\ \A car \in Cars : WF_vars(MoveOutsideBridge(car))
//     /\ \A car \in Cars : WF_vars(MoveInsideBridge(car))
//     /\ \A car \in Cars : WF_vars(EnterBridge)      \* the same conjunct for every car
//   Spec == Init /\ [][Next]_vars /\ Fairness
//   In Vigil: MoveOutsideBridge(car) and MoveInsideBridge(car) are the instances of
//   those actions with param car; EnterBridge is every instance of action
//   'EnterBridge' (its car and branch params only reproduce TLC's counting).
//
//   CarsInBridgeExitBridge == \A car \in Cars : Location[car] \in Bridge ~> Location[car] \notin Bridge
//   CarsEnterBridge        == \A car \in Cars : Location[car] \notin Bridge ~> Location[car] \in Bridge
//
//   L13 (MC.cfg): constants as above, SPECIFICATION Spec, INVARIANT Invariants,
//       PROPERTY CarsInBridgeExitBridge CarsEnterBridge   TLC: ok, 3,605 / 20,181 / 29
//   (TypeOK == Location \in [Cars -> Positions] /\ Len(WaitingBeforeBridge) <= Cardinality(Cars)
//    is not in MC.cfg; the types of Location and WaitingBeforeBridge above enforce it.)
// ---------------------------------------------------------------------------
