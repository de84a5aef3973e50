// N counters, each in 0..K-1; one action per counter increments it modulo K.
// K^N distinct states, 1 + N·K^N generated, depth N·(K-1)+1. A pure throughput
// benchmark: almost no model logic, so it measures the engine.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

export default defineSpec({
  name: 'counter-grid',
  description: 'N counters modulo K (engine throughput benchmark)',
  constants: {
    N: c.int(3, { min: 1, max: 32, description: 'number of counters' }),
    K: c.int(4, { min: 1, max: 1 << 16, description: 'values per counter' }),
  },
  build: ({ N, K }) => counterGridModel(N, K).invariant('InRange', (s) => range(0, N - 1).every((i) => s.x[i]! >= 0 && s.x[i]! < K)),
});

/** The counters and their one action, without properties (test fixtures add theirs: far-corner, live-grid). */
export function counterGridModel(N: number, K: number) {
  const counters = range(0, N - 1);
  return model({ x: t.map(counters, t.int(0, K - 1)) })
    .initial({ x: Object.fromEntries(counters.map((i) => [i, 0])) })
    .action<{ i: number }>('Inc', { params: { i: counters } }, (n, { i }) => {
      n.x[i] = (n.x[i]! + 1) % K;
    });
}
