// The second device B of the dev_set (brief §1 "D2", §4.7 D5, §4.9 hot reset):
// only its usage count, runtime status and memory_lock. Its runtime resume runs
// the vfio resume callback, which takes B's memory_lock; it may fail when the
// configuration says so (siblingFails), which exercises the unwind of
// vfio_pci_dev_set_pm_runtime_get.
import type { Config } from './config.js';
import type { State } from './state.js';

/** B's resume can run: B is active already, or its callback can take B's memory_lock. */
export const canResumeB = (s: Readonly<State>) => s.bStatus === 'ACTIVE' || s.bLock === '-';

/** Parameter domain of a get on B: success, and failure if the configuration allows it. */
export const bOutcomes = (cfg: Config) => ({ fail: cfg.siblingFails ? [false, true] : [false] });

/** A failure is only possible when a resume actually runs. */
export const bOutcomePossible = (s: Readonly<State>, fail: boolean) => canResumeB(s) && (!fail || s.bStatus === 'SUSPENDED');

/**
 * pm_runtime_resume_and_get(B). On failure resume_and_get drops its reference
 * again; the v3 mutant that used get_sync keeps it (a leak).
 */
export function getB(n: State, cfg: Config, fail: boolean): boolean {
  if (!fail) {
    n.bUsage++;
    n.bStatus = 'ACTIVE';
    return true;
  }
  if (cfg.mutant === 'V3_GET_SYNC_NO_PUT_ON_ERROR') n.bUsage++;
  return false;
}

/** The unwind's extra put on the device whose get failed (v3 mutant). */
export function unwindFailedB(n: State, cfg: Config): void {
  if (cfg.mutant === 'V3_UNWIND_INCLUDES_FAILED') n.bUsage--;
}
