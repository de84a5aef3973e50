// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/chang_roberts/ChangRoberts.tla as instantiated by MCChangRoberts.tla
// (model MCChangRoberts.cfg: N = 3, Id = [i \in 1..N |-> i], invariants TypeOK and
// Correctness, CHECK_DEADLOCK FALSE). The fairness of
// the PlusCal `fair process` and the cfg's temporal properties are translated too;
// their TLA+ text is at the end of the file.
//
// Chang and Roberts' leader election on a unidirectional ring: initiators send their
// id to their successor; a node forwards ids smaller than its own (and loses), drops
// larger ones, and wins when its own id comes back. Written with Vigil's processes
// after the PlusCal translation: the process family `node` holds pc; msgs, initiator
// and state stay TLA+ functions over Node.
import { c, defineSpec, eventually, implies, model, range, t, type ProcessVariable } from '../../spec/index.js';

const LABELS = ['n0', 'n1', 'Done'] as const;
type Label = (typeof LABELS)[number];
const NodeStates = ['cand', 'lost', 'won'] as const;

export default defineSpec({
  name: 'tlaplus/ChangRoberts',
  description: 'Chang-Roberts leader election on a ring (TLA+ ChangRoberts via MCChangRoberts)',
  constants: {
    N: c.int(3, { min: 1, max: 8, description: 'number of nodes 1..N (Id[i] = i)' }),
    properties: c.enum(['none', 'Liveness', 'Termination'], 'none', "the cfg's PROPERTY: Liveness (MCChangRoberts.cfg, L7) or Termination (L8)"),
  },
  build: ({ N, properties }) => {
    const Node = range(1, N);
    /** MCChangRoberts: Id == [i \in 1 .. N |-> i]. */
    const Id = (n: number) => n;
    const IdSet = t.set(Node.map(Id));
    const succ = (n: number) => (n === N ? 1 : n + 1);

    type State = { initiator: Record<number, boolean>; state: Record<number, (typeof NodeStates)[number]>; node: ProcessVariable<number, Label, {}> };

    /** Init: initiator \in [Node -> BOOLEAN], one initial state per choice. */
    const initiatorChoices = (): Record<number, boolean>[] =>
      Node.reduce<Record<number, boolean>[]>((partial, n) => partial.flatMap((f) => [false, true].map((b) => ({ ...f, [n]: b }))), [{}]);

    const spec = (
      model({
        msgs: t.map(Node, IdSet),
        initiator: t.map(Node, t.bool()),
        state: t.map(Node, t.enum(...NodeStates)),
      })
        .process('node', { ids: Node, labels: LABELS })
        .assume('IdsAreUnique', () => Node.every((m) => Node.every((n) => m === n || Id(m) !== Id(n))))
        .initial(() =>
          initiatorChoices().map((initiator) => ({
            msgs: Object.fromEntries(Node.map((n) => [n, IdSet.empty()])),
            initiator,
            state: Object.fromEntries(Node.map((self) => [self, initiator[self] ? ('cand' as const) : ('lost' as const)])),
          })),
        )
        .steps('node', {
          // n0: initiators send their own id to their neighbour.
          n0: {
            do: (n, self, _, s) => {
              if (s.initiator[self]) n.msgs[succ(self)]!.add(Id(self));
            },
          },
          // n1: \E id \in msgs[self]: handle one incoming message, then loop.
          n1: {
            params: { id: Node.map(Id) },
            when: (s, self, { id }: { id: number }) => s.msgs[self]!.has(id),
            do: (n, self, { id }: { id: number }, s) => {
              n.msgs[self]!.delete(id); // _msgs == [msgs EXCEPT ![self] = @ \ {id}]
              if (s.state[self] === 'lost') {
                n.msgs[succ(self)]!.add(id);
              } else if (id < Id(self)) {
                n.state[self] = 'lost';
                n.msgs[succ(self)]!.add(id);
              } else if (id === Id(self)) {
                n.state[self] = 'won';
              }
              return 'n1';
            },
          },
        })
        // Terminating: the translator's stuttering step once every process is Done
        // (never enabled here: n1 loops forever).
        .action('Terminating', { when: (s) => Node.every((self) => s.node[self]!.pc === 'Done') }, () => {})
        .invariant(
          'TypeOK',
          (s) =>
            Node.every(
              (n) =>
                LABELS.includes(s.node[n]!.pc) &&
                s.msgs[n]!.every((id) => Node.some((m) => Id(m) === id)) &&
                typeof s.initiator[n] === 'boolean' &&
                NodeStates.includes(s.state[n]!),
            ),
          'pc, msgs, initiator and state have their declared types',
        )
        .invariant(
          'Correctness',
          (s: Readonly<State>) =>
            Node.every(
              (n) =>
                s.state[n] !== 'won' ||
                (s.initiator[n]! && Node.every((m) => m === n || (s.state[m] === 'lost' && (!s.initiator[m] || Id(m) > Id(n))))),
            ),
          'a winner is an initiator with the smallest id, and every other node has lost',
        )
        .deadlock(false)
    );
    // PlusCal `fair process (node \in Node)`: \A self \in Node : WF_vars(node(self)).
    spec.fairness('WF', { process: 'node' });
    // Liveness == (\E n \in Node : state[n] = "cand") => <>(\E n \in Node : state[n] = "won")
    const some = (value: string) => (s: { state: Record<number, string> }) => Node.some((n) => s.state[n] === value);
    if (properties === 'Liveness') spec.temporal('Liveness', implies(some('cand'), eventually(some('won'))));
    // Termination == <>(\A self \in ProcSet : pc[self] = "Done")
    if (properties === 'Termination') spec.temporal('Termination', eventually((s: { node: Record<number, { pc: Label }> }) => Node.every((self) => s.node[self]!.pc === 'Done')));
    return spec;
  },
});

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate (vars ==
// <<msgs, pc, initiator, state>>, ProcSet == Node):
//
//   node(self) == n0(self) \/ n1(self)          \* the Vigil process family `node`
//   Spec == /\ Init /\ [][Next]_vars
//           /\ \A self \in Node : WF_vars(node(self))   \* PlusCal `fair process`
//   In Vigil: node(self) is every step of actor node<self> of the process family
//   `node` (labels n0, n1; pc is s.node[self].pc).
//
//   Liveness    == (\E n \in Node : state[n] = "cand") => <>(\E n \in Node : state[n] = "won")
//   Termination == <>(\A self \in ProcSet: pc[self] = "Done")
//   (In Liveness the premise has no temporal operator, so it is evaluated in the
//    first state of a behaviour only.)
//
//   Both rows: N = 3, INVARIANTS TypeOK Correctness, CHECK_DEADLOCK FALSE.
//   L7 (MCChangRoberts.cfg): PROPERTY Liveness      TLC: ok, 137 / 227 / 10
//   L8 (new MCChangRobertsTermination.cfg): PROPERTY Termination
//        TLC: violated (13), 137 / 227, lasso 4 states + stuttering
//        (no process ever reaches "Done": n1 is a while (TRUE) loop)
// ---------------------------------------------------------------------------
