import test from 'ava';
import { check, formatResult } from '../checker/index.js';
import { always, defineSpec, eventually, eventuallyAlways, implies, infinitelyOften, model, not, or, stepWhere, t as types, taken, until } from '../spec/index.js';

type Ring = { n: number };
const zero = (s: Ring) => s.n === 0;

/** n counts 0, 1, 2, 3, 0, ... under WF (or no fairness). */
const ring = (fair: boolean, ...formulas: [string, any][]) =>
  defineSpec({
    name: 'ring',
    build: () => {
      const m = model({ n: types.int(0, 3) })
        .initial({ n: 0 })
        .action('Inc', {}, (n, _, s) => void (n.n = (s.n + 1) % 4))
        .deadlock(false);
      if (fair) m.fairness('WF', { action: 'Inc' });
      for (const [name, f] of formulas) m.temporal(name, f);
      return m;
    },
  });

test('smoke', (t) => {
  const r = check(ring(true, ['Stable', always(implies(zero, eventuallyAlways(zero)))]));
  console.log(formatResult(r));
  t.pass();
});
