// VFIO_DEVICE_PCI_HOT_RESET (brief §4.9), an op of the ioctl threads U, run inside
// the ioctl wrapper and under dev_set->lock: PM references on every device of the
// dev_set first (with unwind), then try-lock every memory_lock (zap), reset the
// bus, unlock, put all. M7c takes the locks before the PM references. With
// hotResetFails (issue 21) pci_reset_bus may fail: the locks and references are
// undone as after a reset, and the error is returned (S22).
import { cfgAccess, siblingAccess } from './access.js';
import type { Config } from './config.js';
import { setPowerState } from './power-state.js';
import { canWrite, holder, idleCheck, startResume, type Steps } from './runtime-pm.js';
import { bOutcomePossible, bOutcomes, getB, unwindFailedB } from './sibling.js';
import type { State } from './state.js';
import { hotResetLosesError } from './variants.js';

/** VFIO_DEVICE_PCI_HOT_RESET over the dev_set {A, B} (§4.9), inside the ioctl wrapper. */
export function hotResetSteps(cfg: Config): Steps {
  const me = (n: Readonly<State>, self: number) => n.U[self]!;
  const who = (self: number) => holder('U', self);
  return {
    U_hr_getA: {
      title: 'HOT_RESET: dev_set PM get on A (resume_and_get)',
      do: (n, self: number) => {
        n.usage++;
        me(n, self).ref++;
        return startResume(n, cfg, 'U', self, 'U_hr_getB');
      },
    },
    U_hr_getB: {
      title: "HOT_RESET: dev_set PM get on sibling B (resume_and_get; B's callback takes B's memory_lock)",
      params: bOutcomes(cfg),
      when: (s, _self, { fail }: { fail: boolean }) => bOutcomePossible(s, fail),
      do: (n, self: number, { fail }: { fail: boolean }) => {
        if (!getB(n, cfg, fail)) {
          me(n, self).rc = '-EIO';
          me(n, self).getFailed = true;
          return 'U_hr_unwind';
        }
        me(n, self).bref = true;
        return cfg.mutant === 'M7c' ? 'U_hr_reset' : 'U_hr_lock';
      },
    },
    U_hr_unwind: {
      title: 'HOT_RESET: get on B failed, unwind: put A; return the error',
      do: (n, self: number) => {
        const p = me(n, self);
        if (cfg.mutant !== 'V3_NO_UNWIND') {
          n.usage--;
          p.ref--;
          if (n.usage === 0) idleCheck(n);
        }
        unwindFailedB(n, cfg);
        if (cfg.mutant === 'M7c') {
          n.memW = '-';
          n.bLock = '-';
        }
        return 'U_put';
      },
    },
    U_hr_lock: {
      title: 'HOT_RESET: try-lock memory_lock (write) of A (zap) and of B, else -EBUSY',
      do: (n, self: number) => {
        if (!canWrite(n) || n.bLock !== '-') {
          me(n, self).rc = '-EBUSY';
          return cfg.mutant === 'M7c' ? 'U_put' : 'U_hr_put';
        }
        n.memW = who(self);
        n.mapped = false;
        n.bLock = who(self);
        return cfg.mutant === 'M7c' ? 'U_hr_getA' : 'U_hr_reset';
      },
    },
    U_hr_reset: {
      title: ({ fail }: { fail: boolean }) =>
        !fail
          ? 'HOT_RESET: set D0, reset the bus (touches A and B), unlock both'
          : hotResetLosesError(cfg)
            ? 'HOT_RESET: set D0, pci_reset_bus FAILS, unlock both; (M29 bug) its error is lost, ret = 0'
            : 'HOT_RESET: set D0, pci_reset_bus FAILS (-EAGAIN), unlock both; the error is returned',
      // vfio_pci_dev_set_hot_reset: "ret = pci_reset_bus(pdev);" then err_undo unlocks every
      // memory_lock and puts every dev_set reference, success or not, and returns ret.
      params: { fail: cfg.hotResetFails ? [false, true] : [false] },
      do: (n, self: number, { fail }: { fail: boolean }) => {
        if (n.power === 'D3hot') setPowerState(n, cfg, 'D0');
        if (fail) {
          // A bus that cannot be reset (-EAGAIN: its devices cannot be locked) is left untouched.
          me(n, self).resetFailed = true;
          me(n, self).rc = hotResetLosesError(cfg) ? '0' : '-EAGAIN';
        } else {
          cfgAccess(n, 'hot reset of A', true);
          siblingAccess(n, 'hot reset');
        }
        n.memW = '-';
        n.bLock = '-';
        return 'U_hr_put';
      },
    },
    U_hr_put: {
      title: 'HOT_RESET: dev_set PM put on A and B',
      do: (n, self: number) => {
        const p = me(n, self);
        n.usage--;
        p.ref--;
        if (n.usage === 0) idleCheck(n);
        if (p.bref) {
          n.bUsage--;
          p.bref = false;
        }
        return 'U_put';
      },
    },
  };
}
