// The vfio low-power helpers shared by the ENTRY/EXIT ioctls, close and the resume
// callback (brief §4.1, §4.3): the wake signal and the pre-locked exit
// (__vfio_pci_runtime_pm_exit). Callers hold memory_lock for writing.
import { assert } from '../../spec/index.js';
import type { Config } from './config.js';
import type { State } from './state.js';

/**
 * eventfd_signal on the wake eventfd. S16: only through the reference vfio took at
 * ENTRY_WAKEUP and has not yet put (else a use-after-free of the eventfd ctx).
 * S8 (ACT): only after a real suspend.
 */
export function signal(n: State): void {
  assert(n.efdRef, 'S16', 'the wake eventfd is signalled after vfio put its reference (use-after-free of the eventfd ctx)');
  assert(n.ssa, 'S8', 'the wake eventfd is signalled but the device has not reached SUSPENDED since the last ENTRY_WAKEUP');
  n.efd = Math.min(2, n.efd + 1);
  n.signals = Math.min(3, n.signals + 1);
  n.woken = true;
  n.pwake = false;
}

/**
 * __vfio_pci_runtime_pm_exit: if engaged, leave low-power mode, take back the
 * usage reference ENTRY gave away (get_noresume) and drop the eventfd. Never
 * signals (§6.4). `forgetGet` is the M2 / M4b bug.
 *
 * The ghost `pwake` (an armed resume still owes the user its signal) is cleared
 * by the signal, EXIT and close only (brief §2.2). When the resume callback calls
 * this exit (`byResume`), pwake stays: if the callback forgot to signal (M14),
 * L2 sees the debt outlive the resume.
 */
export function preLockedExit(n: State, cfg: Config, forgetGet = cfg.mutant === 'M2', byResume = false): void {
  if (!n.engaged) return;
  n.engaged = false;
  if (!forgetGet) n.usage++;
  n.engRef = false;
  dropWakeEventfd(n);
  if (!byResume) n.pwake = false;
}

/** Arm the wake eventfd: the pointer and the reference eventfd_ctx_fdget took (ghost efdRef). */
export function armWakeEventfd(n: State): void {
  n.ctx = true;
  n.efdRef = true;
}

/** eventfd_ctx_put and clear the pointer, together under memory_lock. */
export function dropWakeEventfd(n: State): void {
  n.ctx = false;
  n.efdRef = false;
}
