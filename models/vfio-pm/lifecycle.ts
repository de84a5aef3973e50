// Open and close of the device fd (brief §1 "C", §4.7), under dev_set->lock.
// First open runs vfio_pci_core_enable, last close vfio_pci_core_disable: exit
// low power (D1-D2), resume (D3), teardown (D4), the dev_set reset (D5) and the
// put of the enable reference (D6). Close starts only when no ioctl, region
// access or fault is in flight and nothing is mapped (file references); H, W, I
// and P may race it.
import { cfgAccess, siblingAccess } from './access.js';
import type { Config } from './config.js';
import { setIrqMode } from './interrupts.js';
import { dropWakeEventfd, preLockedExit } from './low-power.js';
import { setPowerState } from './power-state.js';
import { canWrite, idleCheck, put, resumeRoutine, startResume, type Steps } from './runtime-pm.js';
import { bOutcomePossible, bOutcomes, getB, unwindFailedB } from './sibling.js';
import type { State } from './state.js';
import { disableReadsUnlocked, idleD3Disabled, isRfc2 } from './variants.js';

/** No operation of the VMM is in flight: close may start (file references are gone). */
function vmmQuiet(cfg: Config, s: Readonly<State>): boolean {
  for (const id of cfg.ids) if (s.U[id]!.pc !== 'U_idle') return false;
  return s.V.pc === 'V_idle' && s.K.pc === 'K_idle';
}

export function lifecycleSteps(cfg: Config): Steps {
  const pinned = idleD3Disabled(cfg);
  const unlocked = disableReadsUnlocked(cfg);
  const afterD4 = cfg.sibling ? (pinned ? 'C_tr_reset' : 'C_tr_getA') : 'C_D6';
  const steps: Steps = {
    C_closed: {
      title: pinned ? 'open: vfio_pci_core_enable (disable_idle_d3: no PM get) (O1)' : 'open: vfio_pci_core_enable: pm_runtime_resume_and_get (O1)',
      when: (s) => s.C.left > 0,
      do: (n) => {
        if (pinned) return 'C_init';
        n.usage++;
        n.openRef = true;
        return startResume(n, cfg, 'C', 'C', 'C_init');
      },
    },
    ...resumeRoutine(cfg, 'C'),
    C_init: {
      title: ({ fail }: { fail: boolean }) =>
        fail
          ? 'open: pci_enable_device FAILS: out_power: pm_runtime_put; open fails (O2)'
          : cfg.intxAtOpen
            ? 'open: enable and init config accesses; device open; the VMM enables INTx (O2, O3)'
            : 'open: enable and init config accesses, interrupts off; device open (O2, O3)',
      params: { fail: cfg.failures ? [false, true] : [false] },
      do: (n, _self, { fail }: { fail: boolean }) => {
        cfgAccess(n, 'open: vfio_pci_core_enable', true);
        if (fail) {
          if (!pinned) {
            put(n);
            n.openRef = false;
          }
          n.C.left--;
          return 'C_closed';
        }
        // intxAtOpen folds the VMM's first SET_IRQS (INTx on, unmasked) into the open.
        setIrqMode(n, cfg.intxAtOpen ? 'INTX' : 'NONE');
        n.open = true;
        return 'C_open';
      },
    },
    C_open: {
      title: unlocked
        ? 'close: VMM unmapped the BARs; disable reads the low-power flag WITHOUT memory_lock'
        : cfg.mutant === 'M6'
          ? 'close: VMM unmapped the BARs; disable (M6 bug: no low-power exit)'
          : 'close: VMM unmapped the BARs; disable takes memory_lock (write) (D1)',
      when: (s) => vmmQuiet(cfg, s) && (unlocked || cfg.mutant === 'M6' || canWrite(s)),
      do: (n) => {
        n.mapped = false;
        if (unlocked) {
          n.C.saw = n.engaged;
          return 'C_D2_exit';
        }
        if (cfg.mutant === 'M6') return 'C_D3';
        n.memW = 'C';
        // M7b: pm_runtime_resume inside the D1-D2 critical section.
        return cfg.mutant === 'M7b' ? startResume(n, cfg, 'C', 'C', 'C_D2_exit') : 'C_D2';
      },
    },
    C_D2: {
      title: 'close: pre-locked exit (get_noresume, drop eventfd, no signal), unlock (D2)',
      do: (n) => {
        preLockedExit(n, cfg);
        n.memW = '-';
        return cfg.mutant === 'M6b' ? 'C_D4' : 'C_D3';
      },
    },
    C_D2_exit: {
      // Reached only by the revisions that read engaged without the lock, and by M7b.
      title: isRfc2(cfg)
        ? 'close: if pending was seen, clear it and pm_runtime_resume_and_get'
        : cfg.mutant === 'M7b'
          ? 'close: pre-locked exit, unlock (after resuming under the lock, M7b)'
          : 'close: if engaged was seen, clear it and get_noresume (no lock)',
      do: (n) => {
        if (cfg.mutant === 'M7b' && !unlocked) {
          preLockedExit(n, cfg);
          n.memW = '-';
          return 'C_D4';
        }
        if (!n.C.saw) return isRfc2(cfg) ? 'C_D4' : 'C_D3';
        n.C.saw = false;
        n.engaged = false;
        dropWakeEventfd(n);
        n.pwake = false;
        n.usage++;
        // The +1 gives back what ENTER took, unless someone gave it back meanwhile:
        // then it is a reference nobody owns, and S4 says so.
        n.engRef = false;
        return isRfc2(cfg) ? startResume(n, cfg, 'C', 'C', 'C_D4') : 'C_D3';
      },
    },
    C_D3: {
      title: 'close: pm_runtime_resume, waits out a suspend and wakes the device (D3)',
      do: (n) => startResume(n, cfg, 'C', 'C', 'C_D4'),
    },
    C_D4: {
      title: 'close: teardown: set D0, clear bus master, disable interrupts, reset (D4)',
      do: (n) => {
        if (n.power === 'D3hot') setPowerState(n, cfg, 'D0');
        // After a failed resume the device is dead and disable ignored the error: the
        // PCI core's accessors read all-ones, so S7 (a live device's power rule) is moot.
        if (!n.rpmError) cfgAccess(n, 'close: vfio_pci_core_disable teardown', true);
        setIrqMode(n, 'NONE');
        return afterD4;
      },
    },

    // ---- D5: vfio_pci_dev_set_try_reset over {A, B} ------------------------------------
    C_tr_getA: {
      title: 'close: dev_set try_reset: PM get on A (resume_and_get) (D5)',
      do: (n) => {
        n.usage++;
        n.C.ref = 1;
        return startResume(n, cfg, 'C', 'C', 'C_tr_getB');
      },
    },
    C_tr_getB: {
      title: "close: dev_set try_reset: PM get on sibling B (B's callback takes B's memory_lock) (D5)",
      params: bOutcomes(cfg),
      when: (s, _self, { fail }: { fail: boolean }) => bOutcomePossible(s, fail),
      do: (n, _self, { fail }: { fail: boolean }) => {
        if (getB(n, cfg, fail)) {
          n.C.bref = true;
          return 'C_tr_reset';
        }
        return cfg.mutant === 'V3_IGNORE_GET_ERROR' ? 'C_tr_reset' : 'C_tr_unwind';
      },
    },
    C_tr_unwind: {
      title: 'close: dev_set get on B failed: unwind (put A), skip the reset (D5)',
      do: (n) => {
        if (cfg.mutant !== 'V3_NO_UNWIND') {
          put(n);
          n.C.ref = 0;
        }
        unwindFailedB(n, cfg);
        return 'C_D6';
      },
    },
    C_tr_reset: {
      title: ({ fail }: { fail: boolean }) =>
        fail
          ? cfg.mutant === 'M25'
            ? 'close: pci_reset_bus FAILS; (M25 bug) return before the dev_set puts (D5)'
            : 'close: pci_reset_bus FAILS: needs_reset stays set, the dev_set puts still follow (D5)'
          : 'close: bus reset, touches A and B (D5)',
      params: { fail: cfg.failures ? [false, true] : [false] },
      do: (n, _self, { fail }: { fail: boolean }) => {
        // disable_idle_d3 takes no PM reference here; after a failed resume A is dead (as in D4).
        if (!n.rpmError) cfgAccess(n, 'close: bus reset of A', true);
        siblingAccess(n, 'close: bus reset');
        // M25 is the pre-v3 shape (seed 003: "ret = pci_reset_bus(pdev); if (ret) return false;").
        if (fail && cfg.mutant === 'M25') return 'C_D6';
        return pinned ? 'C_D6' : 'C_tr_put';
      },
    },
    C_tr_put: {
      title: 'close: dev_set PM put on A and B (D5)',
      do: (n) => {
        if (n.C.ref) {
          put(n);
          n.C.ref = 0;
        }
        // With V3_IGNORE_GET_ERROR this also puts B although its get failed.
        n.bUsage--;
        n.C.bref = false;
        return 'C_D6';
      },
    },
    C_D6: {
      title: pinned ? 'close: done (disable_idle_d3: no put) (D6)' : 'close: pm_runtime_put of the enable reference; device closed (D6)',
      do: (n) => {
        if (!pinned) {
          n.usage--;
          n.openRef = false;
          if (n.usage === 0) idleCheck(n);
        }
        n.open = false;
        n.woken = false;
        n.C.left--;
        return 'C_closed';
      },
    },
  };
  if (!unlocked && cfg.mutant !== 'M7b') delete steps.C_D2_exit;
  return steps;
}
