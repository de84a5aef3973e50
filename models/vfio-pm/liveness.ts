// L1, L2 and L4 (brief §5) as temporal properties, under the fairness the kernel
// gives: checked when the constant `liveness` is true (`--const liveness=true`);
// the quiescent invariants L1/L2/L4 in properties.ts stay as the fast CI form.
//
// Fairness. The environment (the VMM's choice of the next ioctl, vCPU accesses,
// host readers, INTx/PME/sysfs/SR-IOV/ioeventfd arrivals, open and close) gets
// none: every actor's idle label (where it picks its next operation) is left out.
// Each kernel path in flight is strongly fair per thread: `fair+ process` over its
// non-idle labels. A step that stays enabled until taken (most kernel steps) is
// then weakly fair in effect; a step that can be disabled while the thread waits
// at it (memory_lock, a suspend or resume in flight) is strongly fair, as the
// brief asks. The PM worker W is fair on every label (its idle step takes queued
// work, which is kernel work) and so is the sibling's runtime suspend (B).
//
// memory_lock has no writer preference in the model. That cannot produce a
// spurious starvation lasso here: every reader of memory_lock is an environment
// access with a finite budget (vCPU, host, region rw ops, INTx), so no infinite
// behaviour re-takes the read lock for ever, and every cycle of the graph is made
// of kernel steps. A model with unbounded readers would need the rwsem hand-off.
import { stabilizesWhen, leadsTo, type ModelBuilder } from '../../spec/index.js';
import type { Config } from './config.js';
import type { State } from './state.js';
import { idleD3Disabled } from './variants.js';

/** Labels where an actor waits for the environment to start something: no fairness there. */
const ENVIRONMENT_LABELS = ['U_idle', 'V_idle', 'H_idle', 'C_closed', 'C_open', 'I_idle', 'X_idle', 'P_idle', 'S_idle', 'A_idle', 'K_idle'];
const KERNEL_FAMILIES = ['U', 'V', 'H', 'C', 'S', 'A', 'K'];

export function addLiveness(builder: ModelBuilder<State>, cfg: Config): ModelBuilder<State> {
  for (const family of KERNEL_FAMILIES) builder.fairness('SF', { process: family, exceptLabels: ENVIRONMENT_LABELS });
  // W waits for memory_lock at W1: strong fairness, like every other kernel path (issue 21).
  builder.fairness('SF', { process: 'W' });
  if (cfg.sibling) builder.fairness('WF', { actor: 'B' });
  const pinned = idleD3Disabled(cfg);
  const hostPinned = (s: Readonly<State>) => s.forbidden || s.vfs;
  return (
    builder
      // L1: an open device engaged in low power (and not pinned by the host) that stays
      // so ends up SUSPENDED for good: <>[](open /\ engaged /\ ~pinned) => <>[](SUSPENDED).
      .temporal(
        'L1',
        stabilizesWhen(
          (s: Readonly<State>) => s.open && s.engaged && !hostPinned(s),
          (s: Readonly<State>) => s.status === 'SUSPENDED',
        ),
      )
      // L2: a resume of a device armed with a wake-up eventually signals: pwake ~> ~pwake.
      .temporal('L2', leadsTo((s: Readonly<State>) => s.pwake, (s: Readonly<State>) => !s.pwake))
      // L4: a closed, unpinned device (and its dev_set sibling) ends up SUSPENDED for good.
      .temporal(
        'L4',
        stabilizesWhen(
          (s: Readonly<State>) => !s.open && !hostPinned(s) && !pinned,
          (s: Readonly<State>) => s.status === 'SUSPENDED' && (!cfg.sibling || s.bStatus === 'SUSPENDED'),
        ),
      )
  );
}
