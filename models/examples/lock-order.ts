// Two threads take two locks in opposite orders: the classic deadlock. Written with
// processes: each thread is an actor with a program counter, and waiting for a
// lock is a step whose guard is false. Vigil reports the deadlock (exit 11) with a
// shortest trace: T1 takes A, T2 takes B, and neither can go on.
import { defineSpec, model, t } from '../../spec/index.js';

type Lock = 'A' | 'B';
const order: Record<1 | 2, [Lock, Lock]> = { 1: ['A', 'B'], 2: ['B', 'A'] };

export default defineSpec({
  name: 'lock-order',
  description: 'Two threads taking two locks in opposite order (deadlocks)',
  build: () =>
    model({ owner: t.map(['A', 'B'] as Lock[], t.oneOf([0, 1, 2] as const)) })
      .process('T', { ids: [1, 2] as const, labels: ['first', 'second', 'release', 'done'] })
      .initial({ owner: { A: 0, B: 0 } })
      .steps('T', {
        first: {
          title: 'take first lock',
          when: (s, self) => s.owner[order[self][0]] === 0,
          do: (n, self) => void (n.owner[order[self][0]] = self),
        },
        second: {
          title: 'take second lock',
          when: (s, self) => s.owner[order[self][1]] === 0,
          do: (n, self) => void (n.owner[order[self][1]] = self),
        },
        release: {
          title: 'release both locks',
          do: (n, self) => {
            n.owner[order[self][0]] = 0;
            n.owner[order[self][1]] = 0;
          },
        },
      })
      .terminalWhen((s) => s.T[1].pc === 'done' && s.T[2].pc === 'done')
      .invariant('MutualExclusion', (s) => s.T[1].pc !== 'release' || s.T[2].pc !== 'release'),
});
