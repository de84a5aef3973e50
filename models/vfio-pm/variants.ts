// Design revisions (brief §6.1) and single injected bugs (brief §6.2, §6.1 "V3 rows").
// Every switch is read through the predicates at the bottom of this file, so the
// kernel-path files say *what* differs ("does the wrapper cover this op?") rather
// than *which* revision they are in.

export const VARIANTS = ['MERGED', 'RFC2', 'RFC2_NO_KEEP_ACTIVE', 'V3', 'V4', 'V5_ORIG', 'DISABLE_IDLE_D3'] as const;
export type Variant = (typeof VARIANTS)[number];

export const MUTANTS = [
  'NONE',
  'M1', // fault handler ignores engaged
  'M2', // pre-locked exit forgets get_noresume (EXIT, close and resume callback)
  'M3', // ENTRY checks and sets engaged without memory_lock
  'M3b', // ENTRY takes the lock but does not zap
  'M4', // resume callback signals but does not exit low power
  'M4b', // resume callback exits low power without get_noresume
  'M5', // double ENTRY not rejected
  'M6', // disable forgets the runtime-PM exit (D1-D2)
  'M6b', // disable forgets pm_runtime_resume (D3)
  'M7a', // fault path resumes synchronously while holding memory_lock R
  'M7b', // disable resumes synchronously inside the D1-D2 critical section
  'M7c', // hot reset takes the dev_set PM references after all memory_locks
  'M8', // suspend callback does not mask INTx
  'M9', // resume callback unmasks INTx unconditionally
  'M10', // ioctl wrapper's put is put_noidle
  'M11', // EXIT signals the eventfd when clearing ctx
  'M13', // host config access without pm_runtime_barrier
  'M14', // resume callback exits low power without signalling the armed eventfd
  'M15', // resume callback never unmasks the INTx that the suspend callback masked
  'M17', // open: a failed resume_and_get is followed by out_power's put (double put)
  'M16', // suspend callback requests a resume of a device engaged with plain ENTRY: W cycles for ever
  // issue 21: one bug per hole class, each caught by the new property alone
  'M18', // ioctl wrapper reads pm_runtime_get_sync's 0 ("resumed it") as an error: -EIO after a good resume (S15)
  'M19', // the wrapper takes get_noresume for LOW_POWER_EXIT on a SUSPENDED device: it stays suspended, not engaged (L5)
  'M20', // resume callback reads pm_wake_eventfd_ctx before memory_lock and signals that copy (S16)
  'M21', // INTx handler sets ctx->masked after dropping irqlock, behind the suspend callback's mask (S17)
  'M22', // sriov_configure trusts resume_and_get and drops the set-D0 under memory_lock (seed 003 v3) (S18)
  'M23', // suspend callback skips the D0 step for a guest-set D3hot: pm_save is never restored (S19)
  'M24', // sriov_configure: pci_enable_sriov fails and the PF reference is not put (S4)
  'M25', // try_reset: pci_reset_bus fails and it returns before the dev_set puts (seed 003's old early return) (S4b)
  'M26', // ENTRY_WAKEUP engages before looking up its eventfd; a bad fd returns -EBADF with the device engaged (S12)
  // issue 21, point 4 (second half): MSI/MSI-X, the !pci_2_3 INTx path, HOT_RESET's failing reset
  'M27', // suspend callback masks MSI/MSI-X too (seed 004's "disable all the interrupts"), the resume unmasks only INTx (S20)
  'M28', // !pci_2_3 mask helper disables the line without testing ctx->masked (copied from the handler): depth 2 (S21)
  'M29', // HOT_RESET loses pci_reset_bus's error: returns 0 although the bus was not reset (S22)
  'M30', // vfio latches a failed resume (ioctl wrapper, sriov_configure): -EIO for ever, also after runtime_error is cleared (S15)
  'V3_UNWIND_INCLUDES_FAILED', // dev_set get: unwind also puts the device whose get failed
  'V3_NO_UNWIND', // dev_set get: no unwind on failure
  'V3_IGNORE_GET_ERROR', // try_reset resets the bus although a get failed
  'V3_GET_SYNC_NO_PUT_ON_ERROR', // get_sync instead of resume_and_get, error path leaks
  'V3_SRIOV_UNCONDITIONAL_PUT', // sriov_configure(0) puts even when no VFs exist
] as const;
export type Mutant = (typeof MUTANTS)[number];

/** The revision and bug switches every kernel path consults. */
export interface Design {
  readonly variant: Variant;
  readonly mutant: Mutant;
}

/** RFC v2 (seed 004): separate PM ioctl, runtime_suspend_pending, safe list. */
export const isRfc2 = (d: Design) => d.variant === 'RFC2' || d.variant === 'RFC2_NO_KEEP_ACTIVE';
/** RFC v2's resume callback pins the device after a host wake (the NVIDIA get_noresume). */
export const rfc2KeepsActive = (d: Design) => d.variant === 'RFC2';
/** The merged uAPI (one-shot eventfd, EXIT always 0): S12's EXIT rule and S13 apply. */
export const hasMergedUapi = (d: Design) => !isRfc2(d) && d.variant !== 'V3';
/** LOW_POWER_ENTRY_WITH_WAKEUP exists (v4 onwards). */
export const hasWakeupEventfd = (d: Design) => hasMergedUapi(d);
/** v3 and RFC v2: ENTER needs PM_CTRL=D3hot first and returns +EINVAL otherwise (sign bug). */
export const entryNeedsD3hot = (d: Design) => isRfc2(d) || d.variant === 'V3';
/** v3 and RFC v2 take memory_lock for *reading* in the suspend callback. */
export const suspendTakesReadLock = (d: Design) => isRfc2(d) || d.variant === 'V3';
/** Only the merged family masks INTx in the suspend callback (patch 3/5). */
export const suspendMasksIntx = (d: Design) => !isRfc2(d) && d.mutant !== 'M8';
/** v3's resume callback has no PM bookkeeping, hence no memory_lock. */
export const resumeTakesLock = (d: Design) => d.variant !== 'V3';
/** The fault handler tests engaged (RFC v2 had no such test). */
export const faultChecksEngaged = (d: Design) => !isRfc2(d) && d.mutant !== 'M1';
/** disable_idle_d3: no PM get/put in register, enable, disable, try_reset. */
export const idleD3Disabled = (d: Design) => d.variant === 'DISABLE_IDLE_D3';
/** v5 as posted: the callback unmasks INTx before taking the lock and signalling. */
export const unmaskBeforeSignal = (d: Design) => d.variant === 'V5_ORIG';
/** Close reads the engaged flag without memory_lock (RFC v2, v3). */
export const disableReadsUnlocked = (d: Design) => isRfc2(d) || d.variant === 'V3';
/** M16: the suspend callback calls pm_request_resume on a device engaged without a wake-up eventfd. */
export const suspendRequestsResume = (d: Design) => d.mutant === 'M16';
/** M14: the resume callback leaves low power without signalling the armed eventfd. */
export const resumeSignals = (d: Design) => d.mutant !== 'M14';
/** M15: the resume callback never unmasks INTx (R4 is skipped). */
export const resumeUnmasksIntx = (d: Design) => d.mutant !== 'M15';
/** M19: the ioctl wrapper does not wake a SUSPENDED device for LOW_POWER_EXIT (get_noresume only). */
export const exitSkipsResume = (d: Design) => d.mutant === 'M19';
/** M20: the resume callback tests the wake eventfd pointer before taking memory_lock. */
export const resumeReadsCtxUnlocked = (d: Design) => d.mutant === 'M20';
/** M21: the INTx handler masks the line under irqlock but records ctx->masked after dropping it. */
export const handlerFlagsLate = (d: Design) => d.mutant === 'M21';
/** The suspend callback brings a guest-set D3hot back to D0 first (M23 drops that step). */
export const suspendRestoresD0 = (d: Design) => d.mutant !== 'M23';
/** M27: the suspend callback masks MSI/MSI-X as well as INTx (and the resume only unmasks INTx). */
export const suspendMasksMsi = (d: Design) => d.mutant === 'M27';
/** M28: the !pci_2_3 branch of the INTx mask helper calls disable_irq_nosync even on a masked line. */
export const maskHelperIgnoresMasked = (d: Design) => d.mutant === 'M28';
/** M29: HOT_RESET returns 0 whatever pci_reset_bus returned. */
export const hotResetLosesError = (d: Design) => d.mutant === 'M29';
/** M30: once one of vfio's resume_and_get calls failed (ioctl wrapper, sriov_configure), the wrapper returns -EIO without trying again. */
export const wrapperLatchesFailure = (d: Design) => d.mutant === 'M30';
