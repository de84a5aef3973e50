// The tutorial model (README, docs/tutorial.md): N threads each increment a shared counter with a
// separate read and write, so increments can be lost. With atomic=true the read
// and the write are one step and the invariant holds.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

export default defineSpec({
  name: 'race',
  description: 'Lost updates: N threads incrementing a shared counter (tutorial)',
  constants: {
    N: c.int(2, { min: 1, max: 6, description: 'number of threads' }),
    atomic: c.bool(false, 'read and write in one step'),
  },
  build: ({ N, atomic }) =>
    model({ counter: t.int(0, N) })
      .process('T', {
        ids: range(1, N),
        labels: ['read', 'write', 'done'],
        locals: { tmp: t.int(0, N) },
        initLocals: { tmp: 0 },
      })
      .initial({ counter: 0 })
      .steps('T', {
        read: {
          title: 'read counter',
          do: (n, self, _, s) => {
            n.T[self]!.tmp = s.counter;
            if (atomic) {
              n.counter = s.counter + 1;
              return 'done';
            }
          },
        },
        write: { title: 'write counter + 1', do: (n, self, _, s) => void (n.counter = s.T[self]!.tmp + 1) },
      })
      .terminalWhen((s) => range(1, N).every((i) => s.T[i]!.pc === 'done'))
      .invariant('AllIncrementsCount', (s) => range(1, N).some((i) => s.T[i]!.pc !== 'done') || s.counter === N),
});
