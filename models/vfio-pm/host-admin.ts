// Optional host-side actors (brief §1 "P", "S", §4.9): a platform wake / PME that
// requests an async resume, sysfs power/control (forbid / allow), and SR-IOV
// configuration through sriov_numvfs. None of them takes a vfio lock except the
// SR-IOV enable, which sets D0 under memory_lock.
import { assert } from '../../spec/index.js';
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import { setPowerState } from './power-state.js';
import { canWrite, put, resumeRoutine, startResume, type Steps } from './runtime-pm.js';

export function pmeSteps(cfg: Config): Steps {
  return {
    P_idle: {
      title: cfg.pmeInD0 ? 'wake-up / PME: pm_request_resume (§3.9)' : 'wake-up / PME from low power: pm_request_resume (§3.9)',
      // A PME normally comes from a device in low power; pmeInD0 also lets one
      // arrive while ACTIVE, where rpm_resume still cancels a queued IDLE (H3).
      when: (s) => s.P.left > 0 && (cfg.pmeInD0 || s.status === 'SUSPENDED' || s.status === 'SUSPENDING'),
      do: (n) => {
        if (n.status === 'SUSPENDED') n.req = 'RESUME';
        else if (n.status === 'SUSPENDING') n.deferred = true;
        else n.req = 'NONE';
        n.P.left--;
        return 'P_idle';
      },
    },
  };
}

export function sysfsSteps(cfg: Config): Steps {
  return {
    S_idle: {
      title: ({ control }: { control: 'on' | 'auto' }) =>
        control === 'on' ? 'power/control <- on: pm_runtime_forbid (usage+1, synchronous resume)' : 'power/control <- auto: pm_runtime_allow (usage-1, idle check)',
      params: { control: ['on', 'auto'] },
      when: (s, _self, { control }: { control: 'on' | 'auto' }) => s.S.left > 0 && s.forbidden === (control === 'auto'),
      do: (n) => {
        n.S.left--;
        if (n.forbidden) {
          n.forbidden = false;
          put(n);
          return 'S_idle';
        }
        n.forbidden = true;
        n.usage++;
        return startResume(n, cfg, 'S', 'S', 'S_idle');
      },
    },
    ...resumeRoutine(cfg, 'S'),
  };
}

export function sriovSteps(cfg: Config): Steps {
  return {
    A_idle: {
      title: ({ vfs }: { vfs: boolean }) =>
        vfs ? 'sriov_numvfs <- n: sriov_configure: pm_runtime_resume_and_get' : 'sriov_numvfs <- 0: sriov_configure(0): disable VFs, put if VFs existed',
      params: { vfs: [true, false] },
      when: (s, _self, { vfs }: { vfs: boolean }) => s.A.left > 0 && (!vfs || !s.vfs),
      do: (n, _self, { vfs }: { vfs: boolean }) => {
        if (vfs) {
          n.usage++;
          n.A.ref = 1;
          return startResume(n, cfg, 'A', 'A', 'A_lock');
        }
        // sriov_configure(0): the put is guarded by "VFs exist" (v3 review).
        if (n.vfs || cfg.mutant === 'V3_SRIOV_UNCONDITIONAL_PUT') put(n);
        n.vfs = false;
        n.A.left--;
        return 'A_idle';
      },
    },
    ...resumeRoutine(cfg, 'A'),
    A_lock: {
      title: 'sriov_configure: take memory_lock (write)',
      when: (s) => canWrite(s),
      do: (n) => {
        n.memW = 'A';
        return 'A_enable';
      },
    },
    A_enable: {
      title: ({ fail }: { fail: boolean }) =>
        fail
          ? `sriov_configure: set D0, pci_enable_sriov FAILS, unlock; ${cfg.mutant === 'M24' ? '(M24 bug) no pm_runtime_put' : 'pm_runtime_put'}`
          : cfg.mutant === 'M22'
            ? 'sriov_configure: (M22 bug) no set D0, pci_enable_sriov, unlock; the reference stays while VFs exist'
            : 'sriov_configure: set D0, pci_enable_sriov, unlock; the reference stays while VFs exist',
      params: { fail: cfg.failures ? [false, true] : [false] },
      do: (n, _self, { fail }: { fail: boolean }) => {
        // M22 is seed 003's v3: resume_and_get replaced the set-D0, but a guest-set D3hot is not runtime-suspended.
        if (n.power === 'D3hot' && cfg.mutant !== 'M22') setPowerState(n, cfg, 'D0');
        cfgAccess(n, 'sriov_configure: set D0, enable VFs', true);
        n.memW = '-';
        n.A.left--;
        n.A.ref = 0;
        if (fail) {
          if (cfg.mutant !== 'M24') put(n);
          return 'A_idle';
        }
        // S18 (seed 003): "The PF power state should always be higher than the VF power state."
        assert(n.power === 'D0', 'S18', `pci_enable_sriov with the PF in ${n.power}: the VFs would sit above their PF`);
        n.vfs = true;
        return 'A_idle';
      },
    },
  };
}

