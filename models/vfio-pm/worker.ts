// The runtime-PM worker W (pm_wq, brief §1 "W", §3 items 7, 8, 10) and the vfio
// suspend callback it runs (§4.2). Taking a request and starting the transition
// is ONE step, and so is W5 with the deferred resume: splitting them lets a
// synchronous resumer slip in between and produced spurious liveness failures in
// the prototype (§3 "Atomicity rule", §7.1 item 3).
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import { setPowerState } from './power-state.js';
import { beginResuming, canRead, canWrite, resumeRoutine, type Steps } from './runtime-pm.js';
import type { State } from './state.js';
import { intxMaskHelper } from './interrupts.js';
import { isRfc2, maskHelperIgnoresMasked, suspendMasksIntx, suspendMasksMsi, suspendRequestsResume, suspendRestoresD0, suspendTakesReadLock } from './variants.js';

export function workerSteps(cfg: Config): Steps {
  const readLock = suspendTakesReadLock(cfg);
  const unlock = (n: State) => (readLock ? n.memR.delete('W') : (n.memW = '-'));
  const lowPower = cfg.d3cold ? 'D3cold' : 'D3hot';
  return {
    W_idle: {
      title: ({ req }: { req: 'IDLE' | 'RESUME' }) =>
        req === 'IDLE'
          ? 'pm_runtime_work: IDLE request: idle callback; if usage 0 and ACTIVE, start suspend (§3.7)'
          : 'pm_runtime_work: RESUME request: if SUSPENDED start resume, if SUSPENDING defer it (§3.10)',
      params: { req: ['IDLE', 'RESUME'] },
      when: (s, _self, { req }: { req: string }) => s.req === req,
      do: (n) => {
        const req = n.req;
        n.req = 'NONE';
        if (req === 'IDLE') {
          // rpm_idle -> pci_pm_runtime_idle (vfio has no idle callback) -> rpm_suspend:
          // usage is tested only here, when the suspend starts.
          if (n.usage !== 0 || n.status !== 'ACTIVE') return 'W_idle';
          n.status = 'SUSPENDING';
          return 'W_cb_lock';
        }
        if (n.status === 'SUSPENDING') n.deferred = true;
        if (n.status !== 'SUSPENDED' || n.rpmError) return 'W_idle'; // runtime_error: -EINVAL
        beginResuming(n, cfg);
        n.W.ret = 'W_idle';
        return 'W_R1';
      },
    },
    W_cb_lock: {
      title: readLock ? 'suspend callback: take memory_lock (read) (W1)' : 'suspend callback: take memory_lock (write) (W1)',
      when: (s) => (readLock ? canRead(s) : canWrite(s)),
      do: (n) => {
        if (readLock) n.memR.add('W');
        else n.memW = 'W';
        return 'W_cb_d0';
      },
    },
    W_cb_d0: {
      title: isRfc2(cfg)
        ? 'suspend callback: if D3cold is pending, save state and enter the platform low-power state; unlock'
        : suspendRequestsResume(cfg)
          ? 'suspend callback: bring a user-set D3hot back to D0; (M16 bug) engaged without wake-up: pm_request_resume; unlock (W2)'
          : suspendRestoresD0(cfg)
            ? 'suspend callback: bring a user-set D3hot back to D0, unlock (W2)'
            : 'suspend callback: (M23 bug) leave a user-set D3hot as it is, unlock (W2)',
      do: (n) => {
        if (isRfc2(cfg)) {
          unlock(n);
          if (!n.engaged) return 'W_pci_off'; // unused device: the PCI core powers it down
          cfgAccess(n, 'RFC v2 suspend callback: pci_save_state', false);
          n.power = lowPower; // pci_platform_power_transition
          return 'W_done';
        }
        if (n.power === 'D3hot' && suspendRestoresD0(cfg)) {
          cfgAccess(n, 'suspend callback: vfio_pci_set_power_state(D0)', false);
          setPowerState(n, cfg, 'D0');
        }
        // M16: pm_request_resume while SUSPENDING defers a resume (§3.10), so a plain-ENTRY
        // device resumes as soon as it is SUSPENDED, idles, and suspends again, for ever.
        if (suspendRequestsResume(cfg) && n.engaged && !n.ctx) n.deferred = true;
        unlock(n);
        return suspendMasksIntx(cfg) && (cfg.intxLive || cfg.msiLive) ? 'W_cb_irqtype' : 'W_pci_off';
      },
    },
    // W3 is two steps, as in the code: irq_type is read without irqlock (the v4 review
    // race), then vfio_pci_intx_mask re-tests it under irqlock and masks.
    W_cb_irqtype: {
      title: suspendMasksMsi(cfg)
        ? 'suspend callback: read irq_type, no lock held; (M27 bug) MSI/MSI-X: mask the vectors (W3a)'
        : 'suspend callback: read irq_type, no lock held (W3a)',
      do: (n) => {
        if (n.irq === 'INTX') return 'W_cb_intx';
        // The merged callback leaves MSI/MSI-X alone: a device in D3 sends none, and the PCI
        // core's save/restore around the power-down (W4, R1) keeps the vectors as the user set them.
        if (n.irq === 'MSI' && suspendMasksMsi(cfg)) {
          cfgAccess(n, 'suspend callback (M27): MSI/MSI-X mask', false);
          n.msiMasked = true;
        }
        n.pmIntxMasked = false;
        return 'W_pci_off';
      },
    },
    W_cb_intx: {
      title: cfg.pci23
        ? 'suspend callback: vfio_pci_intx_mask under irqlock: mask if INTx and unmasked; pm_intx_masked := changed (W3b)'
        : maskHelperIgnoresMasked(cfg)
          ? 'suspend callback: vfio_pci_intx_mask under irqlock: (M28 bug) disable_irq_nosync even if masked; pm_intx_masked := true (W3b)'
          : 'suspend callback: vfio_pci_intx_mask under irqlock: if INTx and unmasked, disable_irq_nosync (!pci_2_3); pm_intx_masked := changed (W3b)',
      do: (n) => {
        if (n.irq !== 'INTX') {
          n.pmIntxMasked = false;
          // INTx went away since W3a: the physical DisINTx bit follows the virtual one (pci_2_3 only).
          if (cfg.pci23) cfgAccess(n, 'suspend callback: vfio_pci_intx_mask on a non-INTx device (pci_intx)', false);
          return 'W_pci_off';
        }
        n.pmIntxMasked = intxMaskHelper(n, cfg, 'PM', () => cfgAccess(n, 'suspend callback: INTx mask (DisINTx)', false));
        return 'W_pci_off';
      },
    },
    W_pci_off: {
      title: `PCI core: save config, power down to ${lowPower}; no vfio lock held (W4)`,
      do: (n) => {
        cfgAccess(n, 'PCI core: pci_save_state before power-down', false);
        n.power = lowPower;
        return 'W_done';
      },
    },
    W_done: {
      title: 'suspend done: status SUSPENDED, wake waiters; a deferred resume starts at once (W5)',
      do: (n) => {
        n.status = 'SUSPENDED';
        if (n.ctx) n.ssa = true;
        if (!n.deferred) return 'W_idle';
        n.deferred = false;
        beginResuming(n, cfg);
        n.W.ret = 'W_idle';
        return 'W_R1';
      },
    },
    ...resumeRoutine(cfg, 'W', false),
  };
}

/** B's runtime suspend once it is unused (its own worker; no vfio state modelled). */
export const siblingSuspendable = (s: Readonly<State>) => s.bUsage === 0 && s.bStatus === 'ACTIVE' && s.bLock === '-';
