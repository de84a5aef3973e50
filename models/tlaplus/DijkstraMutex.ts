// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/dijkstra-mutex/DijkstraMutex.tla (its toolbox model
// DijkstraMutex.toolbox/LSpec-model/MC.cfg: Proc = {p1, p2, p3}, defaultInitValue a
// model value, invariant MutualExclusion, deadlock checked; the corpus's liveness
// rows use Proc = {p1, p2}). The fairness of
// LSpec and the temporal properties are translated too; their TLA+ text is at the end.
//
// Dijkstra's 1965 mutual-exclusion algorithm, written with Vigil's processes after
// the PlusCal translation: each label is one atomic step of process family P, whose
// record holds pc and the local temp. Processes are the model values p1..pN,
// represented by their names, and so is defaultInitValue.
import { c, defineSpec, leadsTo, model, range, t, type ProcessVariable } from '../../spec/index.js';

const LABELS = ['Li0', 'Li1', 'Li2', 'Li3a', 'Li3b', 'Li3c', 'Li3d', 'Li4a', 'Li4b', 'cs', 'Li5', 'Li6', 'ncs'] as const;
type Label = (typeof LABELS)[number];
const defaultInitValue = 'defaultInitValue';
/** Li4b's `with (j \in temp)` when temp is a non-empty set, or its ELSE branch (temp = {}). */
const NO_J = 'none';

export default defineSpec({
  name: 'tlaplus/DijkstraMutex',
  description: "Dijkstra's 1965 mutual exclusion algorithm (TLA+ DijkstraMutex)",
  constants: {
    Proc: c.int(3, { min: 1, max: 8, description: 'number of processes p1..pN' }),
    spec: c.enum(['Spec', 'LSpec'], 'LSpec', 'SPECIFICATION: Spec (WF of each process) or LSpec (WF of each process outside ncs)'),
    properties: c.enum(['none', 'DeadlockFreedom', 'StarvationFree', 'DeadlockFree'], 'none', "the cfg's PROPERTY"),
  },
  build: ({ Proc: procCount, spec: specName, properties }) => {
    const Proc = range(1, procCount).map((i) => `p${i}`);

    // temp holds defaultInitValue, a process (Li3a) or a set of processes (Li4a/b).
    // Each subset of Proc is built once, indexed by its bit mask, so steps assign
    // these very objects and the type finds them by identity.
    const ProcSubset = t.set(Proc);
    const bit = (p: string) => 1 << Proc.indexOf(p);
    const subsetByMask = range(0, 2 ** Proc.length - 1).map((mask) => ProcSubset.of(...Proc.filter((p) => (mask & bit(p)) !== 0)));
    type ProcSet = (typeof subsetByMask)[number];
    type Temp = string | ProcSet;
    /** An FSet over Proc (at most 8 members) keeps its members as the bits of its first word, in Proc's order. */
    const maskOf = (set: ProcSet) => set.words[0]!;
    const isSet = (temp: Temp): temp is ProcSet => typeof temp !== 'string';
    const tempType = t.oneOf<Temp>([defaultInitValue, ...Proc, ...subsetByMask]);
    type State = { b: Record<string, boolean>; c: Record<string, boolean>; k: string; P: ProcessVariable<string, Label, { temp: typeof tempType }> };
    const allTrue = () => Object.fromEntries(Proc.map((i) => [i, true]));

    const spec = (
      model({ b: t.map(Proc, t.bool()), c: t.map(Proc, t.bool()), k: t.oneOf(Proc) })
        .process('P', { ids: Proc, labels: LABELS, locals: { temp: tempType }, initLocals: { temp: defaultInitValue } })
        // Init: b and c all TRUE, k \in Proc, temp = defaultInitValue, pc = "Li0".
        .initial(() => Proc.map((k) => ({ b: allTrue(), c: allTrue(), k })))
        .steps('P', {
          Li0: { do: (n, self) => void (n.b[self] = false) },
          Li1: { do: (_n, self, _, s) => (s.k !== self ? 'Li2' : 'Li4a') },
          Li2: { do: (n, self) => void (n.c[self] = true) },
          Li3a: { do: (n, self, _, s) => void (n.P[self]!.temp = s.k) },
          Li3b: { do: (_n, self, _, s) => (s.b[s.P[self]!.temp as string] ? 'Li3c' : 'Li3d') },
          Li3c: { do: (n, self) => void (n.k = self) },
          Li3d: { do: () => 'Li1' },
          Li4a: {
            do: (n, self) => {
              n.c[self] = false;
              n.P[self]!.temp = subsetByMask[subsetByMask.length - 1 - bit(self)]!; // Proc \ {self}
            },
          },
          // IF temp # {} THEN \E j \in temp: (remove j; ~c[j] => goto Li1) ELSE goto cs
          Li4b: {
            params: { j: [...Proc, NO_J] },
            when: (s: Readonly<State>, self: string, { j }: { j: string }) => {
              const temp = s.P[self]!.temp;
              return isSet(temp) && (j === NO_J ? temp.isEmpty() : temp.has(j));
            },
            do: (n, self, { j }: { j: string }, s) => {
              if (j === NO_J) return 'cs';
              n.P[self]!.temp = subsetByMask[maskOf(s.P[self]!.temp as ProcSet) & ~bit(j)]!;
              return !s.c[j] ? 'Li1' : 'Li4b';
            },
          },
          cs: {},
          Li5: { do: (n, self) => void (n.c[self] = true) },
          Li6: { do: (n, self) => void (n.b[self] = true) },
          ncs: {}, // falls through to Li0: the while (TRUE) loop
        })
        .invariant(
          'MutualExclusion',
          (s) => Proc.every((i) => Proc.every((j) => i === j || !(s.P[i]!.pc === 'cs' && s.P[j]!.pc === 'cs'))),
          'no two processes are in their critical sections at the same time',
        )
    );
    const pc = (s: { P: Record<string, { pc: Label }> }, i: string) => s.P[i]!.pc;
    // Spec: \A self \in Proc : WF_vars(P(self)); LSpec: \A self : WF_vars((pc[self] # "ncs") /\ P(self)).
    spec.fairness('WF', specName === 'LSpec' ? { process: 'P', exceptLabels: ['ncs'] } : { process: 'P' });
    const someoneInCs = (s: { P: Record<string, { pc: Label }> }) => Proc.some((j) => pc(s, j) === 'cs');
    if (properties === 'DeadlockFreedom') {
      spec.temporal('DeadlockFreedom', { forEach: Proc }, (i) => leadsTo((s) => !['Li5', 'Li6', 'ncs'].includes(pc(s, i)), someoneInCs));
    }
    if (properties === 'DeadlockFree') spec.temporal('DeadlockFree', { forEach: Proc }, (i) => leadsTo((s) => pc(s, i) === 'Li0', someoneInCs));
    if (properties === 'StarvationFree') spec.temporal('StarvationFree', { forEach: Proc }, (i) => leadsTo((s) => pc(s, i) === 'Li0', (s) => pc(s, i) === 'cs'));
    return spec;
  },
});

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate (vars ==
// <<b, c, k, pc, temp>>; P(self) is the disjunction of the 13 labelled steps,
// i.e. the Vigil process family P; Next == \E self \in Proc : P(self)):
//
//   Spec  == /\ Init /\ [][Next]_vars
//            /\ \A self \in Proc : WF_vars(P(self))
//   LSpec == Init /\ [][Next]_vars
//            /\ \A self \in Proc : WF_vars((pc[self] # "ncs") /\ P(self))
//   In Vigil: P(self) is every step of actor P<self> of the process family P
//   (pc is s.P[self].pc, temp is s.P[self].temp).
//
//   DeadlockFree    == \A i \in Proc : (pc[i] = "Li0") ~> (\E j \in Proc : pc[j] = "cs")
//   StarvationFree  == \A i \in Proc : (pc[i] = "Li0") ~> (pc[i] = "cs")
//   DeadlockFreedom == \A i \in Proc :
//                        (pc[i] \notin {"Li5", "Li6", "ncs"}) ~> (\E j \in Proc : pc[j] = "cs")
//
//   L9  (new DijkstraMutex2DeadlockFreedom.cfg): Proc = {p1, p2}, SPECIFICATION LSpec,
//       INVARIANT MutualExclusion, PROPERTY DeadlockFreedom   TLC: ok, 660 / 1,322 / 29
//   L10 (new DijkstraMutex2StarvationFree.cfg): as L9 with PROPERTY StarvationFree
//       TLC: violated (13), 660 / 1,322; lasso 21 states back to 8 (loop of 14 states)
//   Upstream LSpec-model/MC.cfg: Proc = {p1, p2, p3}, LSpec, MutualExclusion,
//       PROPERTY DeadlockFreedom   TLC: ok, 90,882 / 282,810 / 54
//
// SYMMETRY (added by the symmetry work)
//
//   ProcPerms == Permutations(Proc)     \* new MCDijkstraMutexSym.tla, EXTENDS TLC
//   S2: Proc = {p1, p2, p3}, Spec, MutualExclusion, SYMMETRY ProcPerms
//       TLC: ok, 15,313 / 47,662 / 54 (initial states: 3 generated, 1 distinct);
//       without SYMMETRY 90,882 / 282,810 / 54
//   S3: as L9 with SYMMETRY ProcPerms   TLC: ok, 330 / 662 / 29
//   S4: as L10 with SYMMETRY ProcPerms  TLC: violated (13), 330 / 662; lasso 28 states,
//       back to 11 (the closing step reaches state 11 only after swapping p1 and p2)
// ---------------------------------------------------------------------------
