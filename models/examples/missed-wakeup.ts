// A kernel missed wakeup, the liveness tutorial's model (docs/liveness.md).
//
// A waiter W sleeps until a condition holds; a waker K sets the condition and
// wakes W. The buggy waiter tests the condition before it marks itself asleep:
//
//   W: check       if (!cond)            K: set_cond  cond = 1
//   W: set_state   task = UNINTERRUPTIBLE  K: wake      wake_up_process(W)
//   W: schedule    sleeps until task = RUNNING
//
// If K runs between W's check and set_state, the wakeup finds W still RUNNING and
// is lost: W then sleeps for ever. `Wakes` (W eventually finishes) is violated
// even with both processes weakly fair. With fixed=true W marks itself asleep
// first and tests the condition after, and `Wakes` holds.
import { c, defineSpec, eventually, model, t } from '../../spec/index.js';

export default defineSpec({
  name: 'missed-wakeup',
  description: 'A lost wakeup: the waiter tests its condition before it marks itself asleep (liveness tutorial)',
  constants: {
    fixed: c.bool(false, 'set the task state before testing the condition'),
  },
  build: ({ fixed }) =>
    model({ cond: t.bool(), task: t.enum('RUNNING', 'UNINTERRUPTIBLE') })
      .process('W', { labels: ['check', 'set_state', 'schedule', 'done'], start: fixed ? 'set_state' : 'check' })
      .process('K', { labels: ['set_cond', 'wake', 'done'] })
      .initial({ cond: false, task: 'RUNNING' })
      .steps('W', {
        check: { title: 'if (!cond)', do: (n, _self, _p, s) => (s.cond ? ((n.task = 'RUNNING'), 'done') : fixed ? 'schedule' : 'set_state') },
        set_state: { title: 'task = UNINTERRUPTIBLE', do: (n) => ((n.task = 'UNINTERRUPTIBLE'), fixed ? 'check' : 'schedule') },
        // schedule() returns once a wakeup made the task RUNNING again.
        schedule: { title: 'schedule()', when: (s) => s.task === 'RUNNING', do: () => (fixed ? 'set_state' : 'check') },
      })
      .steps('K', {
        set_cond: { title: 'cond = 1', do: (n) => void (n.cond = true) },
        wake: { title: 'wake_up_process(W)', do: (n) => void (n.task = 'RUNNING') },
      })
      // A waiter asleep for ever is a liveness failure, not a deadlock to report first.
      .deadlock(false)
      .temporal('Wakes', eventually((s) => s.W.pc === 'done'))
      .fairness('WF', { process: 'W' })
      .fairness('WF', { process: 'K' }),
});
