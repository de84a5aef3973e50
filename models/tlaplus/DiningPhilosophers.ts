// Translated from tlaplus/Examples: specifications/DiningPhilosophers/DiningPhilosophers.tla
// (model DiningPhilosophers.cfg: NP = 5, invariants TypeOK and ExclusiveAccess,
// deadlock checked; the liveness property NobodyStarves is not translated).
//
// The Chandy-Misra solution: philosophers hand dirty forks to their neighbours
// (cleaning them) and eat only when holding both forks clean. Written with Vigil's
// processes, after the PlusCal translation: the TLA+ variables pc and hungry are the
// fields of s.Philosopher[self].
import { c, defineSpec, model, range, t, type ProcessVariable, type Type } from '../../spec/index.js';

const LABELS = ['Loop', 'Eat', 'Think'] as const;
type Label = (typeof LABELS)[number];
type Fork = { holder: number; clean: boolean };

export default defineSpec({
  name: 'tlaplus/DiningPhilosophers',
  description: 'Dining philosophers, Chandy-Misra solution (TLA+ DiningPhilosophers)',
  constants: { NP: c.int(5, { min: 1, max: 12, description: 'number of philosophers' }) },
  build: ({ NP }) => {
    const ids = range(1, NP);
    type S = Readonly<{ forks: Record<number, Fork>; Philosopher: ProcessVariable<number, Label, { hungry: Type<boolean> }> }>;

    const LeftFork = (p: number) => p;
    const RightFork = (p: number) => (p === NP ? 1 : p + 1);
    const LeftPhilosopher = (p: number) => (p === 1 ? NP : p - 1);
    const RightPhilosopher = (p: number) => (p === NP ? 1 : p + 1);

    const IsHoldingBothForks = (s: S, p: number) => s.forks[LeftFork(p)]!.holder === p && s.forks[RightFork(p)]!.holder === p;
    const BothForksAreClean = (s: S, p: number) => s.forks[LeftFork(p)]!.clean && s.forks[RightFork(p)]!.clean;
    const CanEat = (s: S, p: number) => IsHoldingBothForks(s, p) && BothForksAreClean(s, p);
    const holdsDirty = (s: S, p: number, fork: number) => s.forks[fork]!.holder === p && !s.forks[fork]!.clean;
    const ShareFork = (p: number, q: number) => [LeftFork(p), RightFork(p)].some((f) => f === LeftFork(q) || f === RightFork(q));

    return (
      model({ forks: t.map(ids, t.record({ holder: t.int(1, NP), clean: t.bool() })) })
        .process('Philosopher', { ids, labels: LABELS, locals: { hungry: t.bool() }, initLocals: { hungry: true } })
        // Each fork starts dirty, held by the lower-numbered of its two philosophers.
        .initial(() => ({ forks: Object.fromEntries(ids.map((fork) => [fork, { holder: fork === 2 ? 1 : fork, clean: false }])) }))
        .steps('Philosopher', {
          Loop: {
            // Give away a dirty fork (the left one first), then go on by hunger.
            // As in the TLA+ translation, CanEat reads the forks before this step.
            do: (n, self, _, s) => {
              if (holdsDirty(s, self, LeftFork(self))) n.forks[LeftFork(self)] = { holder: LeftPhilosopher(self), clean: true };
              else if (holdsDirty(s, self, RightFork(self))) n.forks[RightFork(self)] = { holder: RightPhilosopher(self), clean: true };
              if (!s.Philosopher[self]!.hungry) return 'Think';
              return CanEat(s, self) ? 'Eat' : 'Loop';
            },
          },
          Eat: {
            do: (n, self) => {
              n.Philosopher[self]!.hungry = false;
              n.forks[LeftFork(self)]!.clean = false;
              n.forks[RightFork(self)]!.clean = false;
              return 'Loop';
            },
          },
          Think: {
            do: (n, self) => {
              n.Philosopher[self]!.hungry = true;
              return 'Loop';
            },
          },
        })
        .invariant(
          'TypeOK',
          (s) =>
            ids.every((fork) => ids.includes(s.forks[fork]!.holder) && typeof s.forks[fork]!.clean === 'boolean') &&
            ids.every((p) => typeof s.Philosopher[p]!.hungry === 'boolean' && LABELS.includes(s.Philosopher[p]!.pc)),
          'forks, hungry and pc have their declared types',
        )
        .invariant(
          'ExclusiveAccess',
          (s) => ids.every((p) => ids.every((q) => p === q || !ShareFork(p, q) || !(s.Philosopher[p]!.pc === 'Eat' && s.Philosopher[q]!.pc === 'Eat'))),
          'two philosophers who share a fork never eat at the same time',
        )
    );
  },
});
