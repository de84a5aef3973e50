// Translated from tlaplus/Examples: specifications/CoffeeCan/CoffeeCan.tla
// (model CoffeeCan100Beans.cfg: MaxBeanCount = 100, invariant TypeInvariant,
// properties MonotonicDecrease and LoopInvariant; the liveness properties
// EventuallyTerminates and TerminationHypothesis are not translated).
//
// Gries's coffee can: draw two beans; same colour -> one black bean goes back,
// different colours -> the white one goes back. Init allows every can holding
// 1..MaxBeanCount beans, and every step removes one bean, so every reachable state
// is initial and the search ends at depth 1.
import { c, defineSpec, model, t } from '../../spec/index.js';

type Can = { black: number; white: number };

const BeanCount = (can: Can) => can.black + can.white;

export default defineSpec({
  name: 'tlaplus/CoffeeCan',
  description: 'The coffee can problem (TLA+ CoffeeCan)',
  constants: { MaxBeanCount: c.int(100, { min: 1, max: 3000, description: 'most beans the can may start with' }) },
  build: ({ MaxBeanCount }) =>
    model({ can: t.record({ black: t.int(0, MaxBeanCount), white: t.int(0, MaxBeanCount) }) })
      // The type of can is the TLA+ set Can, so Init is a filter over the typed states.
      .initialWhere((s) => BeanCount(s.can) >= 1 && BeanCount(s.can) <= MaxBeanCount)
      // Actions in Next's order.
      .action('PickSameColorWhite', { when: (s) => BeanCount(s.can) > 1 && s.can.white >= 2 }, (n) => {
        n.can.black += 1;
        n.can.white -= 2;
      })
      .action('PickSameColorBlack', { when: (s) => BeanCount(s.can) > 1 && s.can.black >= 2 }, (n) => {
        n.can.black -= 1;
      })
      .action('PickDifferentColor', { when: (s) => BeanCount(s.can) > 1 && s.can.black >= 1 && s.can.white >= 1 }, (n) => {
        n.can.black -= 1;
      })
      // A stuttering step on the last bean, so that the end is not a deadlock.
      .action('Termination', { when: (s) => BeanCount(s.can) === 1 }, () => {})
      .invariant(
        'TypeInvariant',
        (s) => [s.can.black, s.can.white].every((k) => Number.isInteger(k) && k >= 0 && k <= MaxBeanCount),
        'can is a record of two bean counts in 0..MaxBeanCount',
      )
      // Both are [][A]_can: a step that leaves can unchanged satisfies them.
      .actionProperty('MonotonicDecrease', (s, n) => sameCan(s.can, n.can) || BeanCount(n.can) < BeanCount(s.can), 'every step removes beans')
      .actionProperty(
        'LoopInvariant',
        (s, n) => sameCan(s.can, n.can) || (s.can.white % 2 === 0) === (n.can.white % 2 === 0),
        'every step preserves the parity of the white beans',
      ),
});

function sameCan(a: Can, b: Can): boolean {
  return a.black === b.black && a.white === b.white;
}
