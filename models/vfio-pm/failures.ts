// Error paths (issue 11): a runtime resume may fail. The platform cannot bring the
// device back to D0 (R1), rpm_resume sets runtime_error, puts the status back to
// SUSPENDED and cancels pending requests; while runtime_error is set every later
// rpm_resume / rpm_suspend fails at once (-EINVAL), so the device stays down. Each
// caller then takes its own error path, which is what this file encodes:
//   * resume_and_get drops the reference it took (put_noidle) and returns the error:
//     the ioctl wrapper returns -EIO without its put (seed 002 "Masked the runtime
//     errors behind -EIO"), open fails (vfio_pci_core_enable returns at once),
//     try_reset / hot reset skip the reset, sriov_configure fails;
//   * pm_runtime_resume callers (close D3, lspci, sysfs forbid, v4/RFC v2 EXIT) ignore it.
// M17 is the bug of a double put: enable's failed get also runs out_power's put.
import type { Config } from './config.js';
import type { Family, State, UProc } from './state.js';
import { isRfc2, wrapperLatchesFailure } from './variants.js';

/** The configuration lets resumes (and pci_enable_device) fail. */
export const failuresModelled = (cfg: Config) => cfg.failures;

/** rpm_resume's failure: status back to SUSPENDED, runtime_error set, requests cancelled. */
export function failResume(n: State): void {
  n.status = 'SUSPENDED';
  n.rpmError = true;
  n.req = 'NONE';
  // No resume happened, so no wake signal is owed for it (the ghost of L2).
  n.pwake = false;
}

/** pm_runtime_put_noidle inside resume_and_get's error path. */
const dropGetReference = (n: State) => void n.usage--;

/** pm_runtime_put (async): with runtime_error set the idle check queues nothing useful. */
function asyncPut(n: State): void {
  n.usage--;
}

/**
 * Where `family`'s thread continues when the resume it started (to return to
 * `ret`) failed, after undoing what its error path undoes.
 */
export function resumeFailed(n: State, cfg: Config, family: Family, self: unknown, ret: string): string {
  switch (family) {
    case 'U': {
      const p = n.U[self as number] as UProc;
      if (ret === 'U_put') return ret; // v4 / RFC v2 EXIT's plain pm_runtime_resume: ignored
      // The wrapper's get (or hot reset's dev_set get on A) failed: -EIO, no put for it.
      dropGetReference(n);
      if (wrapperLatchesFailure(cfg)) n.pmFailed = true;
      p.ref--;
      p.rc = '-EIO';
      p.getFailed = true;
      return 'U_put';
    }
    case 'V': // M7a's resume_and_get in the fault: SIGBUS follows (memory not enabled)
      dropGetReference(n);
      n.V.ref = 0;
      return ret;
    case 'C':
      if (ret === 'C_init') {
        // vfio_pci_core_enable: resume_and_get failed, return the error; open fails.
        dropGetReference(n);
        n.openRef = false;
        if (cfg.mutant === 'M17') asyncPut(n); // M17: out_power's put after the failed get
        n.C.left--;
        return 'C_closed';
      }
      if (ret === 'C_tr_getB') {
        // try_reset's dev_set get on A failed: nothing to unwind, no reset.
        dropGetReference(n);
        n.C.ref = 0;
        return 'C_D6';
      }
      // RFC v2's close uses resume_and_get and ignores its result: the reference is lost.
      if (isRfc2(cfg) && ret === 'C_D4') dropGetReference(n);
      return ret; // disable's pm_runtime_resume: ignored
    case 'A': // sriov_configure: resume_and_get failed, -errno, no VFs
      dropGetReference(n);
      if (wrapperLatchesFailure(cfg)) n.pmFailed = true; // M30's latch is vfio's, set by each of its gets
      n.A.ref = 0;
      n.A.left--;
      return 'A_idle';
    case 'W':
      return 'W_idle';
    default:
      return ret; // H (pci_config_pm_runtime_get) and S (forbid) ignore the error
  }
}

/**
 * runtime_error is cleared only when the status is set anew: Documentation/power/
 * runtime_pm.rst (brief §7): after a failed callback the PM core "will refuse to run
 * the helper functions ... until its status is directly set to either 'active', or
 * 'suspended'". After a failed resume the device is powered down, so the honest call
 * is pm_runtime_set_suspended (set_active would claim a powered device). The model
 * lets it happen when nothing is in flight (as around a rebind or a recovery by the
 * host): the next access then resumes the device for real.
 */
export function clearRuntimeError(n: State): void {
  n.rpmError = false;
}
