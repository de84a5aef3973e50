// Fairness per action versus per instance (docs/liveness.md, "Fairness").
//
// Two workers share one action Work(w). Worker 1 only ever flips a bit, so it is
// always enabled; worker 2 has one job to finish. The property is <>finished.
//
//   fairness = action    WF_vars(\E w \in {1, 2} : Work(w))   violated: running only
//                        Work(1) for ever takes the action infinitely often, so the
//                        behaviour is fair, and worker 2 never finishes
//   fairness = instance  \A w \in {1, 2} : WF_vars(Work(w))    holds: Work(2) stays
//                        enabled, so a fair behaviour must take it
//   fairness = none      violated by stuttering in the initial state
import { c, defineSpec, eventually, model, t } from '../../spec/index.js';

export default defineSpec({
  name: 'fair-workers',
  description: 'Weak fairness on an action as a whole versus on each instance (liveness tutorial)',
  constants: {
    fairness: c.enum(['action', 'instance', 'none'], 'instance', 'how Work is made fair'),
  },
  build: ({ fairness }) => {
    const spec = model({ bit: t.bool(), finished: t.bool() })
      .initial({ bit: false, finished: false })
      .action('Work', { params: { w: [1, 2] }, when: (s, { w }) => w === 1 || !s.finished }, (n, { w }, s) => {
        if (w === 1) n.bit = !s.bit;
        else n.finished = true;
      })
      .temporal('Finishes', eventually((s) => s.finished));
    if (fairness === 'action') spec.fairness('WF', { action: 'Work' });
    if (fairness === 'instance') spec.fairness('WF', { action: 'Work', each: true });
    return spec;
  },
});
