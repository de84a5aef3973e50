// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/SpecifyingSystems/Liveness/LiveHourClock.tla, which EXTENDS
// HourClock.tla (model LiveHourClock.cfg: SPECIFICATION LSpec, no constants,
// deadlock checked). The spec's fairness and
// the cfg's temporal properties are translated too; their TLA+ text is at the end.
//
// An hour clock: hr starts at any hour and each step advances it by one, from 12
// back to 1. Every hour is initial, so every successor is an already known initial
// state: TLC finds 12 distinct states, generates 24 and reports depth 1.
import { always, c, defineSpec, infinitelyOften, infinitelyOftenTaken, model, range, t } from '../../spec/index.js';

const Hours = range(1, 12);

/** HCini == hr \in (1 .. 12) */
const HCini = (hr: number) => Number.isInteger(hr) && hr >= 1 && hr <= 12;

export default defineSpec({
  name: 'tlaplus/LiveHourClock',
  description: 'An hour clock (TLA+ HourClock / LiveHourClock, Specifying Systems ch. 8)',
  constants: {
    spec: c.enum(['LSpec', 'HC'], 'LSpec', 'SPECIFICATION: LSpec (WF_hr(HCnxt)) or HC (no fairness, L2)'),
    properties: c.enum(['none', 'AlwaysTick AllTimes TypeInvariance', 'AllTimes'], 'none', "the cfg's PROPERTIES"),
  },
  build: ({ spec, properties }) => {
    const clock = model({ hr: t.int(1, 12) })
      // HCini: one initial state per hour.
      .initial(() => Hours.map((hr) => ({ hr })))
      // HCnxt == hr' = IF hr # 12 THEN hr + 1 ELSE 1
      .action('HCnxt', (n, _, s) => {
        n.hr = s.hr !== 12 ? s.hr + 1 : 1;
      })
      // The cfg checks TypeInvariance == []HCini as a PROPERTY; a state predicate
      // under [] holds of a behaviour iff it holds in every reachable state, so it
      // is checked here as the invariant it amounts to.
      .invariant('TypeInvariance', (s) => HCini(s.hr), '[]HCini: hr is always an hour in 1..12');
    if (spec === 'LSpec') clock.fairness('WF', { action: 'HCnxt' }); // LSpec == HC /\ WF_hr(HCnxt)
    if (properties === 'AlwaysTick AllTimes TypeInvariance') {
      clock.temporal('AlwaysTick', infinitelyOftenTaken('HCnxt')); // []<><<HCnxt>>_hr
      clock.temporal('AllTimes', { forEach: Hours }, (n) => infinitelyOften((s) => s.hr === n)); // \A n \in 1..12 : []<>(hr = n)
      clock.temporal('TypeInvariance', always((s) => HCini(s.hr))); // []HCini
    }
    if (properties === 'AllTimes') clock.temporal('AllTimes', { forEach: Hours }, (n) => infinitelyOften((s) => s.hr === n));
    return clock;
  },
});

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate:
//
//   HC    == HCini /\ [][HCnxt]_hr
//   LSpec == HC /\ WF_hr(HCnxt)                      \* L1: SPECIFICATION LSpec
//   In Vigil: HCnxt is the action 'HCnxt' (it always changes hr).
//
//   AlwaysTick     == []<><<HCnxt>>_hr
//   AllTimes       == \A n \in 1..12 : []<>(hr = n)
//   TypeInvariance == []HCini                        \* checked above as an invariant
//
//   L1 (LiveHourClock.cfg):         SPECIFICATION LSpec
//                                   PROPERTIES AlwaysTick AllTimes TypeInvariance
//                                   TLC: ok, 12 / 24 / 1
//   L2 (LiveHourClockNoFairness.cfg): SPECIFICATION HC   (no fairness)
//                                   PROPERTY AllTimes
//                                   TLC: violated (exit 13), 12 / 24,
//                                   lasso: 1 state (hr = 12) + stuttering
// ---------------------------------------------------------------------------
