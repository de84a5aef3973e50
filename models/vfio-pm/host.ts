// Host config access, as lspci does through sysfs `config` (brief §1 "H", §4.6):
// pci_config_pm_runtime_get = get_noresume, pm_runtime_barrier, and a resume only
// if the device is in D3cold; then the read; then pci_config_pm_runtime_put.
// Unprivileged and possible at any time, including during close.
import { cfgAccess } from './access.js';
import type { Config } from './config.js';
import { put, resumeRoutine, startResume, type Steps } from './runtime-pm.js';

export function hostSteps(cfg: Config): Steps {
  const barrier = cfg.mutant !== 'M13';
  return {
    H_idle: {
      title: barrier ? 'lspci: get_noresume, pm_runtime_barrier: cancel the pending request (H1, H2)' : 'lspci: get_noresume (M13 bug: no barrier) (H1)',
      when: (s) => s.H.left > 0,
      do: (n) => {
        n.usage++;
        n.H.ref = 1;
        if (!barrier) return 'H_check';
        // §3.11: a pending RESUME is carried out synchronously, anything else is cancelled.
        if (n.req === 'RESUME') return startResume(n, cfg, 'H', 'H', 'H_check');
        n.req = 'NONE';
        return 'H_check';
      },
    },
    // After the barrier the status is stable, so lspci's resume never waits (except without it, M13).
    ...resumeRoutine(cfg, 'H', !barrier),
    H_check: {
      title: barrier
        ? 'lspci: barrier waited out any suspend/resume; in D3cold -> pm_runtime_resume (H2)'
        : 'lspci: in D3cold -> pm_runtime_resume (H2, no barrier)',
      when: (s) => !barrier || (s.status !== 'SUSPENDING' && s.status !== 'RESUMING'),
      do: (n) => (n.power === 'D3cold' ? startResume(n, cfg, 'H', 'H', 'H_read') : 'H_read'),
    },
    H_read: {
      title: 'lspci: config read, then pci_config_pm_runtime_put (H3, H4)',
      do: (n) => {
        // pci_config_pm_runtime_get ignores a failed resume: a dead device reads all-ones.
        if (!n.rpmError) cfgAccess(n, 'host lspci', false);
        put(n);
        n.H.ref = 0;
        n.H.left--;
        return 'H_idle';
      },
    },
  };
}
