// The runtime-PM core and the PCI bus wrapper (brief §3): usage counting, the
// single pending request, the synchronous resume procedure R0-R5 run in the
// caller's context, and the vfio resume callback (§4.1) inside it.
//
// The resume procedure is a "sub-procedure" of labels `<F>_rpm_wait`, `<F>_R1`,
// ... `<F>_R5` that every resuming actor family F carries; the label to return to
// is kept in the actor's `ret` local. R0 is not a label of its own: it runs inside
// the caller's step that asks for the resume (resume_and_get, barrier, forbid...),
// exactly as rpm_resume runs under the PM lock taken by its caller.
import { assert, type ProcessStep } from '../../spec/index.js';
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import { failResume, resumeFailed } from './failures.js';
import { writeIntxMask } from './interrupts.js';
import { preLockedExit, signal } from './low-power.js';
import { LABELS, type Family, type Holder, type Resumer, type State, type UProc } from './state.js';
import { isRfc2, resumeReadsCtxUnlocked, resumeSignals, resumeTakesLock, resumeUnmasksIntx, rfc2KeepsActive, unmaskBeforeSignal } from './variants.js';

/**
 * M18: the ioctl wrapper's own resume (not hot reset's dev_set get on A, not an
 * unwrapped EXIT's pm_runtime_resume, both of which return elsewhere) ran for real.
 */
const wrapperFailsAfterResume = (cfg: Config, ret: string) => cfg.mutant === 'M18' && ret !== 'U_put' && ret !== 'U_hr_getB';

export type Step = ProcessStep<State, any, string, any>;
export type Steps = Record<string, Step>;

/** The locals of actor `self` of `family` (a U thread, or a single actor). */
export function proc<P extends Resumer = Resumer>(s: State, family: Family, self: unknown): P {
  return (family === 'U' ? s.U[self as number] : s[family]) as unknown as P;
}

/** The name a memory_lock records for its holder: U1, U2, V, W, C, ... */
export function holder(family: Family, self: unknown): Holder {
  return family === 'U' ? U_HOLDERS[self as number]! : (family as Holder);
}
const U_HOLDERS: readonly Holder[] = ['-', 'U1', 'U2'];

// ---- memory_lock (rw semaphore, non-recursive, brief §2.1) -------------------------

export const canWrite = (s: Readonly<State>) => s.memW === '-' && s.memR.isEmpty();
export const canRead = (s: Readonly<State>) => s.memW === '-';

// ---- usage count and requests (brief §3 items 1-3, 9) -----------------------------

/** Item 3's async idle check: queue IDLE iff ACTIVE, usage 0 and no RESUME pending. */
export function idleCheck(n: State): void {
  if (n.usage === 0 && n.status === 'ACTIVE' && n.req !== 'RESUME') n.req = 'IDLE';
}

/** pm_runtime_put (async): an underflow shows as usage -1, which S3 reports. */
export function put(n: State): void {
  n.usage--;
  if (n.usage === 0) idleCheck(n);
}

/** status := RESUMING; the ghost pwake notes a resume that the user must hear about (L2). */
export function beginResuming(n: State, cfg: Config): void {
  n.status = 'RESUMING';
  if (n.ctx || (isRfc2(cfg) && n.engaged)) n.pwake = true;
}

/**
 * R0 (rpm_resume(dev, 0), under the PM lock): cancel any pending request, then
 * return at once if ACTIVE, start resuming if SUSPENDED, or wait while a
 * suspend or resume is in flight. Returns the label to continue at.
 */
export function startResume(n: State, cfg: Config, family: Family, self: unknown, ret: string): string {
  n.req = 'NONE';
  if (n.status === 'ACTIVE') return ret;
  if (n.status === 'SUSPENDED' && n.rpmError) return resumeFailed(n, cfg, family, self, ret); // -EINVAL at once
  proc(n, family, self).ret = ret;
  if (n.status !== 'SUSPENDED') return WAIT[family];
  beginResuming(n, cfg);
  return R1[family];
}

const labelsFor = (suffix: string) => Object.fromEntries(Object.keys(LABELS).map((f) => [f, `${f}_${suffix}`])) as Record<Family, string>;
const WAIT = labelsFor('rpm_wait');
const R1 = labelsFor('R1');

const stable = (s: Readonly<State>) => s.status === 'ACTIVE' || s.status === 'SUSPENDED';

/** Returns from the resume routine, clearing `ret` so it does not split states. */
function returnFrom(n: State, family: Family, self: unknown): string {
  const p = proc(n, family, self);
  const ret = p.ret;
  p.ret = LABELS[family][0];
  return ret;
}

/**
 * The vfio resume callback's INTx unmask (R4; before the lock in v5 as posted).
 * S10: pm_intx_masked never outlives INTx. S17: the unmask only ever lifts a mask
 * that the suspend callback set, never one the user owns (set by the user's mask op
 * or by a delivered interrupt); the ghost owner is written at every mask write.
 */
export function resumeUnmask(n: State, cfg: Config): void {
  const unmask = cfg.mutant === 'M9' ? n.irq === 'INTX' : n.pmIntxMasked;
  if (!unmask) return;
  // pm_intx_masked outliving INTx means the suspend callback raced a mode change (v4 review).
  assert(n.irq === 'INTX', 'S10', 'pm_intx_masked is set at resume but INTx is no longer the interrupt mode');
  // PCI 2.3: pci_check_and_unmask_intx (config); !pci_2_3: enable_irq, no device access.
  if (cfg.pci23) cfgAccess(n, 'resume callback: INTx unmask', true);
  if (n.intxMasked) assert(n.intxOwner === 'PM', 'S17', 'the resume callback unmasked an INTx mask that the user owns (mask op or delivered interrupt)');
  writeIntxMask(n, cfg, false, 'NONE');
  // Kernel-faithful: pm_intx_masked is not cleared here; the next suspend recomputes it.
}

/** S10 on every resume, at R5: the mask the suspend callback set (ghost owner PM) was lifted. */
function checkResumeUnmasked(n: Readonly<State>): void {
  assert(n.intxOwner !== 'PM', 'S10', 'the resume completed but never unmasked the INTx that the suspend callback masked');
}

/** Where the resume routine goes after R1 / R3, by design revision. */
function afterR1(cfg: Config, family: Family, n: Readonly<State>): string {
  if (unmaskBeforeSignal(cfg)) return `${family}_R1b`;
  if (resumeTakesLock(cfg)) return `${family}_R2`;
  return afterR3(cfg, family, n);
}
function afterR3(cfg: Config, family: Family, n: Readonly<State>): string {
  if (unmaskBeforeSignal(cfg) || isRfc2(cfg) || !resumeUnmasksIntx(cfg)) return `${family}_R5`;
  const unmask = cfg.mutant === 'M9' ? n.irq === 'INTX' : n.pmIntxMasked;
  return unmask ? `${family}_R4` : `${family}_R5`;
}

/**
 * The steps of the synchronous resume routine for one actor family. `waits`: the
 * family can call rpm_resume while a suspend or resume is in flight (W only starts
 * resumes from SUSPENDED, and lspci only after its barrier, so theirs never wait).
 */
export function resumeRoutine(cfg: Config, family: Family, waits = true): Steps {
  const who = (self: unknown) => holder(family, self);
  const steps: Steps = {
    [`${family}_rpm_wait`]: {
      title: 'resume: the suspend/resume in flight has ended, retry rpm_resume (R0)',
      when: (s) => stable(s),
      do: (n, self) => {
        const ret = returnFrom(n, family, self);
        return startResume(n, cfg, family, self, ret);
      },
    },
    [`${family}_R1`]: {
      title: ({ fail }: { fail: boolean }) =>
        fail ? 'resume FAILS: the device stays in low power; SUSPENDED, runtime_error set (R1)' : 'resume: PCI core powers the device up to D0 and restores config (R1)',
      params: { fail: cfg.failures ? [false, true] : [false] },
      do: (n, self, { fail }: { fail: boolean }) => {
        if (fail) {
          failResume(n);
          return resumeFailed(n, cfg, family, self, returnFrom(n, family, self));
        }
        n.power = 'D0';
        // M20: the callback's first statement copies pm_wake_eventfd_ctx, before memory_lock.
        if (resumeReadsCtxUnlocked(cfg)) n.cbCtx = n.ctx;
        return afterR1(cfg, family, n);
      },
    },
    [`${family}_R1b`]: {
      title: 'resume callback: unmask INTx first (v5 as posted)',
      do: (n) => {
        resumeUnmask(n, cfg);
        return `${family}_R2`;
      },
    },
    [`${family}_R2`]: {
      title: 'resume callback: take memory_lock (write) (R2)',
      when: (s) => canWrite(s),
      do: (n, self) => {
        n.memW = who(self);
        return `${family}_R3`;
      },
    },
    [`${family}_R3`]: {
      title: isRfc2(cfg)
        ? 'resume callback: set D0; if D3cold was pending, note the wake (and pin with get_noresume); unlock'
        : resumeReadsCtxUnlocked(cfg)
          ? 'resume callback (M20 bug): if the copy read before the lock is set, signal it and exit low power; unlock (R3)'
          : resumeSignals(cfg)
            ? 'resume callback: if armed, signal the eventfd and exit low power; unlock (R3)'
            : 'resume callback: if armed, exit low power (M14 bug: no signal); unlock (R3)',
      do: (n) => {
        // M20 tests (and signals) the copy it read before the lock, which a close may have put.
        const armed = resumeReadsCtxUnlocked(cfg) ? n.cbCtx : n.ctx;
        if (isRfc2(cfg)) rfc2ResumeCallback(n, cfg);
        else if (armed) {
          if (resumeSignals(cfg)) signal(n); // M14: no signal
          // M4: the one-shot exit is missing; M4b: the exit forgets its get_noresume.
          if (cfg.mutant !== 'M4') preLockedExit(n, cfg, cfg.mutant === 'M2' || cfg.mutant === 'M4b', true);
        }
        n.cbCtx = false;
        n.memW = '-';
        return afterR3(cfg, family, n);
      },
    },
    [`${family}_R4`]: {
      title: cfg.mutant === 'M9' ? 'resume callback: unmask INTx unconditionally (M9 bug) (R4)' : 'resume callback: unmask INTx that the suspend callback masked (R4)',
      do: (n) => {
        resumeUnmask(n, cfg);
        return `${family}_R5`;
      },
    },
    [`${family}_R5`]: {
      title: 'resume: status ACTIVE, wake waiters, async idle check (R5)',
      do: (n, self) => {
        checkResumeUnmasked(n);
        n.status = 'ACTIVE';
        idleCheck(n);
        const ret = returnFrom(n, family, self);
        if (family === 'U' && wrapperFailsAfterResume(cfg, ret)) {
          // M18: `if (ret <= 0)` on get_sync's 0: put (at U_put) and -EIO, the body never runs.
          (proc(n, family, self) as UProc).rc = '-EIO';
          return 'U_put';
        }
        return ret;
      },
    },
  };
  if (!waits) delete steps[`${family}_rpm_wait`];
  // Labels this revision never reaches are left out (fewer guards to evaluate).
  if (!unmaskBeforeSignal(cfg)) delete steps[`${family}_R1b`];
  if (!resumeTakesLock(cfg)) {
    delete steps[`${family}_R2`];
    delete steps[`${family}_R3`];
  }
  if (!cfg.intxLive && cfg.mutant !== 'M9') delete steps[`${family}_R4`];
  return steps;
}

/**
 * RFC v2's resume callback (seed 004): under the write lock it sets D0 and, if a
 * D3cold entry was pending, clears it and takes a usage reference so that a host
 * wake keeps the device up ("keep active", the NVIDIA requirement). Nothing tells
 * the user; the ghost `woken` records the wake for S9.
 */
function rfc2ResumeCallback(n: State, cfg: Config): void {
  n.vpower = 'D0'; // vfio_pci_set_power_state_locked(D0): the PCI core already powered up (R1)
  if (!n.engaged) return;
  n.woken = true;
  if (!rfc2KeepsActive(cfg)) return;
  n.engaged = false;
  n.usage++;
  n.engRef = false;
}
