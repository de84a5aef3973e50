// The vCPU touching the mmap-ed BAR (brief §1 "V", §4.5). A mapped access goes
// straight to the device with no kernel involvement and no PM reference; an
// unmapped one faults into vfio_pci_mmap_fault, which either populates the vma
// or raises SIGBUS. A fault that populates counts as one access: the retried
// instruction is the next access.
import { mmioAccess } from './access.js';
import type { Config } from './config.js';
import { deviceUsable } from './ioctl.js';
import { canRead, put, resumeRoutine, startResume, type Steps } from './runtime-pm.js';
import type { State } from './state.js';
import { faultChecksEngaged } from './variants.js';

/** __vfio_pci_memory_enabled with the memory-enable bit fixed at 1 (§7.1 item 5). */
const memoryEnabled = (s: Readonly<State>) => s.power === 'D0';

export function vcpuSteps(cfg: Config): Steps {
  /** F2: SIGBUS if engaged (the test this series added) or memory not enabled. */
  const sigbus = (s: Readonly<State>) => (faultChecksEngaged(cfg) && s.engaged) || !memoryEnabled(s);
  const done = (n: State) => {
    n.memR.delete('V');
    if (n.V.ref) {
      put(n); // M7a's fault drops the reference it took, after the unlock
      n.V.ref = 0;
    }
    n.V.left--;
    return 'V_idle';
  };
  return {
    V_idle: {
      title: ({ mapped }: { mapped: boolean }) =>
        mapped ? 'MMIO access through the existing mapping, no kernel involved (V0)' : 'BAR access page-faults: vfio_pci_mmap_fault takes memory_lock (read) (F1)',
      params: { mapped: [true, false] },
      when: (s, _self, { mapped }: { mapped: boolean }) => s.V.left > 0 && deviceUsable(s) && s.mapped === mapped && (mapped || canRead(s)),
      do: (n) => {
        if (n.mapped) {
          mmioAccess(n, 'vCPU MMIO through the mapping');
          n.V.left--;
          return 'V_idle';
        }
        n.memR.add('V');
        if (cfg.mutant !== 'M7a') return 'V_check';
        // M7a, "wake on fault": resume_and_get while holding memory_lock (read).
        n.usage++;
        n.V.ref = 1;
        return startResume(n, cfg, 'V', 'V', 'V_check');
      },
    },
    ...(cfg.mutant === 'M7a' ? resumeRoutine(cfg, 'V') : {}),
    V_check: {
      title: `fault: ${faultChecksEngaged(cfg) ? 'engaged or memory disabled' : cfg.mutant === 'M1' ? '(M1 bug: engaged not tested) memory disabled' : 'memory disabled'} -> SIGBUS${
        cfg.mutant === 'M3' ? ' and unlock (F2)' : '; else populate the vma; unlock (F2, F3)'
      }`,
      do: (n) => {
        if (sigbus(n)) return done(n);
        // F2 and F3 both run under the read lock and every writer of engaged / mapped
        // holds the write lock, so fusing them is exact, except when M3 breaks that.
        if (cfg.mutant === 'M3') return 'V_install';
        n.mapped = true;
        return done(n);
      },
    },
    // Only M3 splits the fault's test from its populate (see V_check).
    ...(cfg.mutant === 'M3'
      ? {
          V_install: {
            title: 'fault: populate the vma, unlock (F3)',
            do: (n: State) => {
              n.mapped = true;
              return done(n);
            },
          },
        }
      : {}),
  };
}
