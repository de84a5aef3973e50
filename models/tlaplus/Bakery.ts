// Translated from tlaplus/Examples: specifications/Bakery-Boulangerie/Bakery.tla, as
// checked by MCBakery.tla (model MCBakery.cfg: N = 2, Nat replaced by 0..MaxNat with
// MaxNat = 2, SPECIFICATION ISpec, invariants MutualExclusion, TypeOK and Inv,
// CHECK_DEADLOCK FALSE).
//
// Lamport's atomic bakery algorithm, from the TLA+ translation of its PlusCal code.
// ISpec starts in every state satisfying the inductive invariant Inv, so checking
// it shows that Inv is inductive: no step leaves Inv, and no new state is found.
import { c, defineSpec, model, range, t, type FSet } from '../../spec/index.js';

const LABELS = ['ncs', 'e1', 'e2', 'e3', 'e4', 'w1', 'w2', 'cs', 'exit'] as const;
type Label = (typeof LABELS)[number];

type S = {
  num: Record<number, number>;
  flag: Record<number, boolean>;
  pc: Record<number, Label>;
  unchecked: Record<number, FSet<number>>;
  max: Record<number, number>;
  nxt: Record<number, number>;
};
type Self = { self: number };

/** Lexicographic order on <<number, process>> pairs. */
const prec = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * num[i] > 0, and if j is trying to enter its critical section and i keeps num[i],
 * then j has or will choose a number that puts i first.
 */
function Before(s: S, i: number, j: number): boolean {
  if (!(s.num[i]! > 0)) return false;
  switch (s.pc[j]!) {
    case 'ncs':
    case 'e1':
    case 'exit':
      return true;
    case 'e2':
      return s.unchecked[j]!.has(i) || s.max[j]! >= s.num[i]!;
    case 'e3':
      return s.max[j]! >= s.num[i]!;
    case 'e4':
      return prec([s.num[i]!, i], [s.num[j]!, j]);
    case 'w1':
    case 'w2':
      return prec([s.num[i]!, i], [s.num[j]!, j]) && s.unchecked[j]!.has(i);
    case 'cs':
      return false;
  }
}

export default defineSpec({
  name: 'tlaplus/Bakery',
  description: "Lamport's bakery algorithm, checking its inductive invariant (TLA+ MCBakery)",
  constants: {
    N: c.int(2, { min: 1, max: 4, description: 'number of processes 1..N' }),
    MaxNat: c.int(2, { min: 0, max: 8, description: 'Nat is replaced by 0..MaxNat' }),
  },
  build: ({ N, MaxNat }) => {
    const Procs = range(1, N);
    const Nat = range(0, MaxNat);
    const ProcSet = t.set(Procs);
    const allBut = (self: number) => ProcSet.of(...Procs.filter((p) => p !== self));
    const at = (s: S, self: number, ...labels: Label[]) => labels.includes(s.pc[self]!);

    const MutualExclusion = (s: S) => Procs.every((i) => Procs.every((j) => i === j || !(at(s, i, 'cs') && at(s, j, 'cs'))));

    const TypeOK = (s: S) =>
      Procs.every(
        (p) =>
          Nat.includes(s.num[p]!) &&
          typeof s.flag[p] === 'boolean' &&
          s.unchecked[p]!.isSubsetOf(ProcSet.of(...Procs)) &&
          Nat.includes(s.max[p]!) &&
          Procs.includes(s.nxt[p]!) &&
          LABELS.includes(s.pc[p]!),
      );

    // One conjunct per line of the TLA+ IInv, for process i.
    const IInvAt = (s: S, i: number) => {
      const next = s.nxt[i]!;
      const scanned = Procs.filter((j) => j !== i && !s.unchecked[i]!.has(j));
      return (
        (!at(s, i, 'e4', 'w1', 'w2', 'cs') || s.num[i] !== 0) &&
        (!at(s, i, 'e2', 'e3') || s.flag[i]!) &&
        (!at(s, i, 'w2') || next !== i) &&
        (!at(s, i, 'w1', 'w2') || !s.unchecked[i]!.has(i)) &&
        (!at(s, i, 'w1', 'w2') || scanned.every((j) => Before(s, i, j))) &&
        (!(at(s, i, 'w2') && ((at(s, next, 'e2') && !s.unchecked[next]!.has(i)) || at(s, next, 'e3'))) || s.max[next]! >= s.num[i]!) &&
        (!at(s, i, 'cs') || Procs.every((j) => j === i || Before(s, i, j)))
      );
    };
    const Inv = (s: S) => TypeOK(s) && Procs.every((i) => IInvAt(s, i));

    // w2's guard is a disjunction, which TLC evaluates branch by branch: a state where
    // both disjuncts hold has the step twice. (Inv rules that out, as num[self] > 0 at
    // w2, but the branches keep the count TLC's on any state.) The disjuncts of \prec
    // exclude each other, so it needs no such split.
    const w2Guard = {
      nxtHasNoNumber: (s: S, self: number) => s.num[s.nxt[self]!] === 0,
      selfFirst: (s: S, self: number) => prec([s.num[self]!, self], [s.num[s.nxt[self]!]!, s.nxt[self]!]),
    };
    type W2Case = keyof typeof w2Guard;
    const W2_CASES = Object.keys(w2Guard) as W2Case[];

    const self = { self: Procs };
    // PlusCal `either` branches and IF/ELSE arms are separate actions under the
    // label's name: TLC counts each branch's successors the same way.
    return (
      model({
        num: t.map(Procs, t.int(0, MaxNat)),
        flag: t.map(Procs, t.bool()),
        pc: t.map(Procs, t.enum(...LABELS)),
        unchecked: t.map(Procs, ProcSet),
        max: t.map(Procs, t.int(0, MaxNat)),
        nxt: t.map(Procs, t.int(1, N)),
      })
        // ISpec: every state satisfying Inv is initial.
        .initialWhere(Inv)
        .action<Self>('ncs', { params: self, when: (s, { self }) => at(s, self, 'ncs') }, (n, { self }) => {
          n.pc[self] = 'e1';
        })
        // e1, either: toggle the flag and stay (a process may flicker its flag) ...
        .action<Self>('e1', { params: self, when: (s, { self }) => at(s, self, 'e1') }, (n, { self }, s) => {
          n.flag[self] = !s.flag[self];
        })
        // ... or raise it and start scanning the other processes' numbers.
        .action<Self>('e1', { params: self, when: (s, { self }) => at(s, self, 'e1') }, (n, { self }) => {
          n.flag[self] = true;
          n.unchecked[self] = allBut(self);
          n.max[self] = 0;
          n.pc[self] = 'e2';
        })
        // e2: read the number of some unchecked process i, keeping the maximum ...
        .action<Self & { i: number }>(
          'e2',
          { params: { self: Procs, i: Procs }, when: (s, { self, i }) => at(s, self, 'e2') && s.unchecked[self]!.has(i) },
          (n, { self, i }, s) => {
            n.unchecked[self]!.delete(i);
            if (s.num[i]! > s.max[self]!) n.max[self] = s.num[i]!;
          },
        )
        // ... until every one is checked.
        .action<Self>('e2', { params: self, when: (s, { self }) => at(s, self, 'e2') && s.unchecked[self]!.isEmpty() }, (n, { self }) => {
          n.pc[self] = 'e3';
        })
        // e3, either: write any number and stay (a non-atomic write in progress) ...
        .action<Self & { k: number }>('e3', { params: { self: Procs, k: Nat }, when: (s, { self }) => at(s, self, 'e3') }, (n, { self, k }) => {
          n.num[self] = k;
        })
        // ... or write a number above the maximum read.
        .action<Self & { i: number }>(
          'e3',
          { params: { self: Procs, i: Nat }, when: (s, { self, i }) => at(s, self, 'e3') && i > s.max[self]! },
          (n, { self, i }) => {
            n.num[self] = i;
            n.pc[self] = 'e4';
          },
        )
        // e4, either: toggle the flag and stay ...
        .action<Self>('e4', { params: self, when: (s, { self }) => at(s, self, 'e4') }, (n, { self }, s) => {
          n.flag[self] = !s.flag[self];
        })
        // ... or lower it and start waiting for the other processes.
        .action<Self>('e4', { params: self, when: (s, { self }) => at(s, self, 'e4') }, (n, { self }) => {
          n.flag[self] = false;
          n.unchecked[self] = allBut(self);
          n.pc[self] = 'w1';
        })
        // w1: pick an unchecked process whose flag is down ...
        .action<Self & { i: number }>(
          'w1',
          { params: { self: Procs, i: Procs }, when: (s, { self, i }) => at(s, self, 'w1') && s.unchecked[self]!.has(i) && !s.flag[i] },
          (n, { self, i }) => {
            n.nxt[self] = i;
            n.pc[self] = 'w2';
          },
        )
        // ... or, once every process is checked, enter the critical section.
        .action<Self>('w1', { params: self, when: (s, { self }) => at(s, self, 'w1') && s.unchecked[self]!.isEmpty() }, (n, { self }) => {
          n.pc[self] = 'cs';
        })
        // w2: wait until the picked process has no number or a later one.
        .action<Self & { guard: W2Case }>(
          'w2',
          { params: { self: Procs, guard: W2_CASES }, when: (s, { self, guard }) => at(s, self, 'w2') && w2Guard[guard](s, self) },
          (n, { self }, s) => {
            n.unchecked[self]!.delete(s.nxt[self]!);
            n.pc[self] = 'w1';
          },
        )
        .action<Self>('cs', { params: self, when: (s, { self }) => at(s, self, 'cs') }, (n, { self }) => {
          n.pc[self] = 'exit';
        })
        // exit, either: write any number and stay ...
        .action<Self & { k: number }>('exit', { params: { self: Procs, k: Nat }, when: (s, { self }) => at(s, self, 'exit') }, (n, { self, k }) => {
          n.num[self] = k;
        })
        // ... or reset the number and return to the noncritical section.
        .action<Self>('exit', { params: self, when: (s, { self }) => at(s, self, 'exit') }, (n, { self }) => {
          n.num[self] = 0;
          n.pc[self] = 'ncs';
        })
        .invariant('MutualExclusion', MutualExclusion, 'no two processes are in their critical sections')
        .invariant('TypeOK', TypeOK, 'every variable has its declared type')
        .invariant('Inv', Inv, 'the inductive invariant')
        .deadlock(false)
    );
  },
});
