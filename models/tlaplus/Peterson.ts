// Translated from tlaplus/Examples: specifications/locks_auxiliary_vars/Peterson.tla
// (model Peterson.cfg: invariants TypeOK and Inv, deadlock checked; its temporal
// property LSpec, a refinement of the Lock spec, is not translated).
//
// Peterson's mutual-exclusion algorithm for two processes, written with Vigil's
// processes: each PlusCal label is one step, and the TLA+ variable pc is the
// process family's `pc` field (s.proc[self].pc).
import { defineSpec, model, t, type ProcessVariable } from '../../spec/index.js';

type Proc = 1 | 2;
const ProcSet: readonly Proc[] = [1, 2];
const LABELS = ['a0', 'a1', 'a2', 'a3', 'cs', 'a4'] as const;
type Label = (typeof LABELS)[number];

type S = Readonly<{ c: Record<Proc, boolean>; turn: number; proc: ProcessVariable<Proc, Label, {}> }>;

const Other = (p: Proc): Proc => (p === 1 ? 2 : 1);
const pcOf = (s: S, p: Proc): Label => s.proc[p].pc;
const lockcs = (s: S, p: Proc) => pcOf(s, p) === 'cs' || pcOf(s, p) === 'a4';

export default defineSpec({
  name: 'tlaplus/Peterson',
  description: "Peterson's algorithm for two processes (TLA+ Peterson)",
  build: () =>
    model({ c: t.map(ProcSet, t.bool()), turn: t.int(1, 2) })
      .process('proc', { ids: ProcSet, labels: LABELS })
      .initial({ c: { 1: false, 2: false }, turn: 1 })
      // Each step falls through to the next label; a4 falls through to a0 (the loop).
      .steps('proc', {
        a0: {},
        a1: { do: (n, self) => void (n.c[self] = true) },
        a2: { do: (n, self) => void (n.turn = Other(self)) },
        a3: { when: (s, self) => !s.c[Other(self)] || s.turn === self },
        cs: {},
        a4: { do: (n, self) => void (n.c[self] = false) },
      })
      .invariant(
        'TypeOK',
        (s) => ProcSet.every((p) => typeof s.c[p] === 'boolean' && LABELS.includes(pcOf(s, p))) && ProcSet.includes(s.turn as Proc),
        'c, turn and pc have their declared types',
      )
      .invariant(
        'Inv',
        (s) =>
          ProcSet.every((p) => s.c[p] === ['a2', 'a3', 'cs', 'a4'].includes(pcOf(s, p))) &&
          ProcSet.every((p) => !lockcs(s, p) || s.turn === p || ['a0', 'a1', 'a2'].includes(pcOf(s, Other(p)))) &&
          ProcSet.every((i) => ProcSet.every((j) => i === j || !(lockcs(s, i) && lockcs(s, j)))),
        'the inductive invariant, including mutual exclusion of the critical section',
      ),
});
