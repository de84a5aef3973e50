// Translated from tlaplus/Examples: specifications/ewd426/TokenRing.tla
// (model TokenRing.cfg: N = 6, M = 6, invariant TypeOK, CHECK_DEADLOCK FALSE; its
// temporal property Stab, eventual stabilisation to a unique token, is not translated).
//
// Dijkstra's self-stabilising token ring (EWD426). Every counter assignment is an
// initial state, since the algorithm must recover from any corruption.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

export default defineSpec({
  name: 'tlaplus/TokenRing',
  description: "Dijkstra's self-stabilising token ring (TLA+ TokenRing, EWD426)",
  constants: {
    N: c.int(6, { min: 1, max: 16, description: 'number of nodes 0..N-1' }),
    M: c.int(6, { min: 1, max: 64, description: 'counters range over 0..M-1' }),
  },
  build: ({ N, M }) => {
    const Node = range(0, N - 1);
    type S = { c: Record<number, number> };

    const TypeOK = (s: S) => Node.every((i) => Number.isInteger(s.c[i]) && s.c[i]! >= 0 && s.c[i]! < M);

    return (
      model({ c: t.map(Node, t.int(0, M - 1)) })
        .assume('NMAssumption', () => N <= M + 1)
        // Init is `c \in [Node -> 0..M-1]`: the whole typed state space.
        .initialWhere(TypeOK)
        // Node 0 holds the token when its counter equals its predecessor's (node N-1).
        .action('CreateToken', { when: (s) => s.c[0] === s.c[N - 1] }, (n, _, s) => {
          n.c[0] = (s.c[N - 1]! + 1) % M;
        })
        // Any other node holds the token when its counter differs from its predecessor's.
        .action<{ i: number }>('PassToken', { params: { i: Node.slice(1) }, when: (s, { i }) => s.c[i] !== s.c[i - 1] }, (n, { i }, s) => {
          n.c[i] = s.c[i - 1]!;
        })
        .invariant('TypeOK', TypeOK, 'every counter is in 0..M-1')
        .deadlock(false)
    );
  },
});
