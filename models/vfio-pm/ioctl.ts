// The VMM's ioctl threads U1..Un (brief §1 "U", §4.3): every device-fd ioctl runs
// inside the vfio core's pm_runtime_resume_and_get ... pm_runtime_put wrapper.
// Region read/write (§4.4), SET_IRQS (§4.8), hot reset (§4.9) and the eventfd
// consumer (§1 "E") are folded in as ops of the same thread.
import { cfgAccess, checkAvailable, checkEngaged, checkFailedEntry, checkMemoryDisabledByUser, checkResetReported, checkReturn, mmioAccess } from './access.js';
import { OPS, type Config, type Op } from './config.js';
import { armWakeEventfd, dropWakeEventfd, preLockedExit, signal } from './low-power.js';
import { canRead, canWrite, holder, idleCheck, resumeRoutine, startResume, type Step, type Steps } from './runtime-pm.js';
import { hotResetSteps } from './hot-reset.js';
import { intxMaskHelper, setIrqMode, writeIntxMask } from './interrupts.js';
import { setPowerState, vfioPowerState } from './power-state.js';
import type { Rc, State, UProc } from './state.js';
import { entryNeedsD3hot, exitSkipsResume, hasWakeupEventfd, isRfc2, wrapperLatchesFailure } from './variants.js';

/** Does a PM get/put wrapper (vfio core ioctl, vfio_pci_rw) cover this op? */
export function wrapped(cfg: Config, op: Op): boolean {
  if (op === 'READ_EFD') return false; // a read(2) on the eventfd, not on the device
  // RFC v2: the PM ioctl and a "safe list" skip the wrapper; only config rw was wrapped.
  if (isRfc2(cfg) && (op === 'ENTRY' || op === 'EXIT' || op === 'SAFE' || op === 'BAR_RW')) return false;
  // v4: the PM feature itself was exempt from the wrapper.
  if (cfg.variant === 'V4' && (op === 'ENTRY' || op === 'ENTRY_WAKEUP' || op === 'EXIT')) return false;
  if (cfg.setIrqsUnwrapped && (op.startsWith('INTX_') || op === 'MSI_ON')) return false;
  return true;
}

/** The device fd is open and not closing: ioctls and mmap accesses hold file references. */
export const deviceUsable = (s: Readonly<State>) => s.open && s.C.pc === 'C_open';

function offered(cfg: Config, s: Readonly<State>, p: UProc, op: Op): boolean {
  if (p.left === 0 || !deviceUsable(s)) return false;
  if (op === 'ENTRY_WAKEUP' && !hasWakeupEventfd(cfg)) return false;
  if (op === 'HOT_RESET' && !cfg.sibling) return false;
  return cfg.script ? cfg.script[cfg.budget - p.left] === op : true;
}

/** Where LOW_POWER_ENTRY's body starts (M3 tests engaged before taking the lock). */
const entryBody = (cfg: Config) => (cfg.mutant === 'M3' ? 'U_entry_check' : 'U_entry_lock');

function bodyOf(cfg: Config, op: Op): string {
  switch (op) {
    case 'ENTRY_WAKEUP':
      // With failure paths the eventfd lookup comes first; a good eventfd continues as ENTRY.
      return cfg.failures ? 'U_entry_fd' : entryBody(cfg);
    case 'ENTRY':
      return entryBody(cfg);
    case 'EXIT':
      return 'U_exit_lock';
    case 'BAR_RW':
      return 'U_bar_lock';
    case 'PM_D3HOT':
    case 'PM_D0':
      return 'U_pm_lock';
    case 'HOT_RESET':
      return cfg.mutant === 'M7c' ? 'U_hr_lock' : 'U_hr_getA';
    case 'INTX_ON':
    case 'INTX_OFF':
    case 'INTX_MASK':
    case 'INTX_UNMASK':
    case 'MSI_ON':
      return 'U_irq';
    default:
      return 'U_access'; // OTHER, SAFE, CFG_READ
  }
}

const REGION_OPS: ReadonlySet<Op> = new Set<Op>(['CFG_READ', 'BAR_RW', 'PM_D3HOT', 'PM_D0']);

function startTitle(cfg: Config, op: Op): string {
  if (op === 'READ_EFD') return 'wake handler reads and clears the wake eventfd (actor E)';
  const what = REGION_OPS.has(op) ? `${op} region rw` : op.startsWith('INTX_') || op === 'MSI_ON' ? `SET_IRQS ${op}` : `${op} ioctl`;
  return wrapped(cfg, op) ? `${what}: PM wrapper pm_runtime_resume_and_get` : `${what}: begins WITHOUT the PM wrapper`;
}

/** The body is done: the return code goes back through the wrapper (U_put). */
function ret(p: UProc, rc: Rc = '0'): string {
  p.rc = rc;
  return 'U_put';
}

/** U3: the wrapper's pm_runtime_put (M10: put_noidle); the ioctl returns; the thread is idle. */
function finish(n: State, cfg: Config, p: UProc): string {
  if (p.op !== 'NONE') checkReturn(cfg, p.op, p.eng, p.rc);
  if (p.op !== 'NONE' && wrapped(cfg, p.op)) checkAvailable(p);
  checkResetReported(p);
  if (p.ref > 0) {
    n.usage--;
    p.ref--;
    if (n.usage === 0 && cfg.mutant !== 'M10') idleCheck(n);
  }
  p.left--;
  p.op = 'NONE';
  p.eng = false;
  p.rc = '0';
  p.getFailed = false;
  p.resetFailed = false;
  return 'U_idle';
}

type OpStep = {
  title: (op: Op) => string;
  when?: (s: Readonly<State>, self: number) => boolean;
  do: (n: State, self: number) => string;
};

/**
 * A step shared by several ops, shown in traces with the op it serves
 * ("U1: ENTRY_WAKEUP: zap BARs, ..."): one action per op of the menu, enabled
 * only for the thread's current op, so the successors are those of one step.
 */
function forOps(cfg: Config, ops: readonly Op[], step: OpStep): Step {
  const served = cfg.menu.filter((op) => ops.includes(op));
  return {
    title: ({ op }: { op: Op }) => step.title(op),
    params: { op: served },
    when: (s, self: number, { op }: { op: Op }) => s.U[self]!.op === op && (!step.when || step.when(s, self)),
    do: (n, self: number) => step.do(n, self),
  };
}

const ENTRY_OPS: readonly Op[] = ['ENTRY', 'ENTRY_WAKEUP'];
/** READ_EFD finishes in its first step, so it never reaches U_put. */
const RETURNING_OPS: readonly Op[] = OPS.filter((op) => op !== 'READ_EFD');

export function ioctlSteps(cfg: Config): Steps {
  const me = (n: Readonly<State>, self: number) => n.U[self]!;
  const who = (self: number) => holder('U', self);
  const zapsOnEntry = cfg.mutant !== 'M3b' && !isRfc2(cfg);
  return {
    U_idle: {
      title: ({ op }: { op: Op }) => startTitle(cfg, op),
      params: { op: cfg.menu },
      when: (s, self: number, { op }: { op: Op }) => offered(cfg, s, me(s, self), op),
      do: (n, self: number, { op }: { op: Op }) => {
        const p = me(n, self);
        p.op = op;
        if (op === 'READ_EFD') {
          n.efd = 0; // the VMM's wake handler consumes the signal
          return finish(n, cfg, p);
        }
        if (!wrapped(cfg, op)) return bodyOf(cfg, op);
        if (wrapperLatchesFailure(cfg) && n.pmFailed) {
          // M30: -EIO without a resume attempt; S15's ghost records whether one would have failed.
          p.getFailed = n.rpmError;
          p.rc = '-EIO';
          return 'U_put';
        }
        n.usage++;
        p.ref++;
        // M19: a suspended device gets get_noresume for EXIT ("no need to wake it to exit").
        if (op === 'EXIT' && exitSkipsResume(cfg) && n.status === 'SUSPENDED') return bodyOf(cfg, op);
        return startResume(n, cfg, 'U', self, bodyOf(cfg, op));
      },
    },
    ...resumeRoutine(cfg, 'U'),

    // ---- LOW_POWER_ENTRY[_WITH_WAKEUP] (vfio_pci_runtime_pm_entry) -------------------
    ...(cfg.failures && cfg.menu.includes('ENTRY_WAKEUP')
      ? {
          U_entry_fd: {
            title: ({ bad }: { bad: boolean }) =>
              !bad
                ? 'ENTRY_WAKEUP: eventfd_ctx_fdget(wakeup_eventfd) succeeds'
                : cfg.mutant === 'M26'
                  ? 'ENTRY_WAKEUP: the wake eventfd is bad; (M26 bug) the entry runs first, the -EBADF comes after it'
                  : 'ENTRY_WAKEUP: the wake eventfd is bad: return -EBADF before the entry',
            params: { bad: [false, true] },
            when: (s, self: number) => s.U[self]!.op === 'ENTRY_WAKEUP',
            do: (n, self: number, { bad }: { bad: boolean }) => {
              const p = me(n, self);
              if (!bad) return entryBody(cfg);
              p.rc = '-EBADF';
              return cfg.mutant === 'M26' ? 'U_entry_lock' : 'U_put';
            },
          } as Step,
        }
      : {}),
    ...(cfg.mutant === 'M3'
      ? {
          U_entry_check: forOps(cfg, ENTRY_OPS, {
            title: (op) => `${op} (M3 bug): zap BARs and test engaged WITHOUT memory_lock`,
            do: (n, self) => {
              n.mapped = false;
              me(n, self).eng = n.engaged;
              return 'U_entry_set';
            },
          }),
        }
      : {}),
    U_entry_lock: forOps(cfg, ENTRY_OPS, {
      title: (op) =>
        zapsOnEntry
          ? `${op}: zap BARs, take memory_lock (write) (E1)`
          : `${op}: take memory_lock (write) without zapping${cfg.mutant === 'M3b' ? ' (M3b bug)' : ' (RFC v2: the D3hot write zapped)'} (E1)`,
      when: (s) => canWrite(s),
      do: (n, self) => {
        n.memW = who(self);
        if (zapsOnEntry) n.mapped = false;
        return 'U_entry_set';
      },
    }),
    U_entry_set: forOps(cfg, ENTRY_OPS, {
      title: (op) => `${op}: if not engaged: engage${op === 'ENTRY_WAKEUP' ? ', arm the eventfd' : ''}, put_noidle; unlock (E2)`,
      do: (n, self) => {
        const p = me(n, self);
        const locked = cfg.mutant !== 'M3';
        if (locked) p.eng = n.engaged; // M3 read it earlier, without the lock
        // M26 enters with the bad eventfd it has not looked up yet: engaged, nothing armed.
        const badFd = p.rc === '-EBADF';
        let rc: Rc = '0';
        if (entryNeedsD3hot(cfg) && vfioPowerState(n, cfg) === 'D0') rc = '+EINVAL'; // RFC v2 / v3 sign bug
        else if (p.eng && cfg.mutant !== 'M5') rc = isRfc2(cfg) ? '0' : '-EINVAL'; // RFC v2: a repeated ENTER is a no-op
        else {
          n.engaged = true;
          n.engRef = true;
          if (p.op === 'ENTRY_WAKEUP' && !badFd) armWakeEventfd(n);
          else dropWakeEventfd(n); // only a repeated ENTRY (M5) finds one armed
          n.usage--; // pm_runtime_put_noidle: no idle check
          if (n.ctx) {
            n.arms = Math.min(3, n.arms + 1);
            n.ssa = false;
          }
          n.woken = false;
          // Outside the wrapper nothing would queue the idle request: RFC v2 and v4 call pm_request_idle.
          if (!wrapped(cfg, p.op as Op) && cfg.mutant !== 'M10') idleCheck(n);
        }
        if (badFd) {
          checkFailedEntry(cfg, n, p.op, p.eng);
          rc = '-EBADF';
        } else if (rc === '0') checkEngaged(cfg, n, p.op);
        if (locked) n.memW = '-';
        return ret(p, rc);
      },
    }),

    // ---- LOW_POWER_EXIT (vfio_pci_core_pm_exit) --------------------------------------
    U_exit_lock: {
      title: 'EXIT: take memory_lock (write) (X1)',
      when: (s) => canWrite(s),
      do: (n, self: number) => {
        n.memW = who(self);
        return 'U_exit_body';
      },
    },
    U_exit_body: {
      title: isRfc2(cfg)
        ? 'EXIT: if pending, clear it and get_noresume; unlock; then pm_runtime_resume'
        : 'EXIT: pre-locked exit (get_noresume, drop eventfd), unlock; return 0 (X2)',
      do: (n, self: number) => {
        const p = me(n, self);
        p.eng = n.engaged;
        if (isRfc2(cfg)) {
          if (p.eng) {
            n.engaged = false;
            n.usage++;
            n.engRef = false;
            n.pwake = false;
          }
        } else {
          if (cfg.mutant === 'M11' && n.ctx) signal(n);
          preLockedExit(n, cfg);
        }
        n.memW = '-';
        p.rc = cfg.variant === 'V3' && !p.eng ? '-EINVAL' : '0';
        // Without the wrapper's resume, RFC v2 and v4 wake the device themselves.
        if (p.eng && !wrapped(cfg, 'EXIT')) return startResume(n, cfg, 'U', self, 'U_put');
        return 'U_put';
      },
    },
    U_put: forOps(cfg, RETURNING_OPS, {
      title: (op) => (wrapped(cfg, op) ? `${op} returns: PM wrapper pm_runtime_put` : `${op} returns`),
      do: (n, self) => finish(n, cfg, me(n, self)),
    }),

    // ---- other device accesses ----------------------------------------------------------
    U_access: forOps(cfg, ['OTHER', 'SAFE', 'CFG_READ'], {
      title: (op) => `${op}: device access (config space)`,
      do: (n, self) => {
        const p = me(n, self);
        cfgAccess(n, `U${self} ${p.op}`, p.ref > 0);
        return ret(p);
      },
    }),
    U_bar_lock: {
      title: 'region rw BAR: take memory_lock (read) (RW2)',
      when: (s) => canRead(s),
      do: (n, self: number) => {
        n.memR.add(who(self));
        return 'U_bar';
      },
    },
    U_bar: {
      title: 'region rw BAR: MMIO if memory enabled, else -EIO; unlock (RW2)',
      do: (n, self: number) => {
        const p = me(n, self);
        // v4 tested engaged inside __vfio_pci_memory_enabled, so region rw failed while engaged.
        const enabled = n.power === 'D0' && !(cfg.variant === 'V4' && n.engaged);
        if (enabled) mmioAccess(n, `U${self} BAR read/write`);
        else if (p.ref > 0) checkMemoryDisabledByUser(n, `U${self} BAR read/write`);
        n.memR.delete(who(self));
        return ret(p, enabled ? '0' : '-EIO');
      },
    },
    U_pm_lock: forOps(cfg, ['PM_D3HOT', 'PM_D0'], {
      title: (op) => (op === 'PM_D3HOT' ? 'PM_CTRL <- D3hot: zap BARs, take memory_lock (write)' : 'PM_CTRL <- D0: take memory_lock (write)'),
      when: (s) => canWrite(s),
      do: (n, self) => {
        n.memW = who(self);
        if (me(n, self).op === 'PM_D3HOT') n.mapped = false;
        return 'U_pm_set';
      },
    }),
    U_pm_set: forOps(cfg, ['PM_D3HOT', 'PM_D0'], {
      title: (op) => `PM_CTRL <- ${op === 'PM_D3HOT' ? 'D3hot' : 'D0'}: vfio_pci_set_power_state, unlock`,
      do: (n, self) => {
        const p = me(n, self);
        cfgAccess(n, `U${self} PM_CTRL write`, p.ref > 0);
        if (p.op === 'PM_D3HOT' && n.power === 'D0') setPowerState(n, cfg, 'D3hot');
        if (p.op === 'PM_D0' && n.power === 'D3hot') setPowerState(n, cfg, 'D0');
        n.memW = '-';
        return ret(p);
      },
    }),
    U_irq: forOps(cfg, ['INTX_ON', 'INTX_OFF', 'INTX_MASK', 'INTX_UNMASK', 'MSI_ON'], {
      title: (op) =>
        ({ INTX_ON: 'enable INTx', INTX_OFF: 'disable INTx', INTX_MASK: 'mask INTx', INTX_UNMASK: 'unmask INTx', MSI_ON: 'switch to MSI/MSI-X' })[op as string] +
        ' (SET_IRQS, config write)',
      do: (n, self) => {
        const p = me(n, self);
        const access = () => cfgAccess(n, `U${self} SET_IRQS ${p.op}`, p.ref > 0);
        if (p.op === 'INTX_ON' || p.op === 'MSI_ON') {
          // MSI_ON: pci_alloc_irq_vectors and the MSI/MSI-X capability writes; INTx is freed.
          access();
          setIrqMode(n, p.op === 'INTX_ON' ? 'INTX' : 'MSI');
        } else if (n.irq === 'INTX') {
          if (p.op === 'INTX_OFF') {
            access();
            setIrqMode(n, 'NONE');
          } else if (!cfg.pci23) {
            // !pci_2_3: the mask helper (disable_irq_nosync) or enable_irq; no config access.
            if (p.op === 'INTX_MASK') intxMaskHelper(n, cfg, 'USER', access);
            else writeIntxMask(n, cfg, false, 'NONE');
          } else {
            access();
            writeIntxMask(n, cfg, p.op === 'INTX_MASK', 'USER');
          }
        }
        return ret(p);
      },
    }),

    ...(cfg.menu.includes('HOT_RESET') ? hotResetSteps(cfg) : {}),
  };
}
