// How vfio-pm asks to be shown in reports, the explorer and `--format story`
// (spec/presentation.ts): nothing here changes what is checked.
import type { ModelBuilder } from '../../spec/index.js';
import type { State } from './state.js';

/** What each lane is in kernel terms (the brief's §1). */
const LEGENDS: Readonly<Record<string, string>> = {
  U1: 'VMM ioctl thread (unlocked_ioctl)',
  U2: 'second VMM ioctl thread',
  V: 'vCPU: mmap fault (vfio_pci_mmap_fault)',
  H: 'host config access (lspci via sysfs)',
  W: 'pm_runtime_work (pm_wq)',
  C: 'open / close (dev_set->lock)',
  I: 'INTx arrival (hard IRQ)',
  X: 'INTx unmask eventfd (virqfd)',
  P: 'platform wake / PME',
  S: 'sysfs power/control on/auto',
  A: 'SR-IOV enable (sriov_configure)',
  B: 'dev_set sibling device',
};

/**
 * Declared on the builder in index.ts: memory_lock as held-bars (writer and
 * readers), the usage count as a step line, power as bands; the brief's ghost
 * variables and the actors' bookkeeping locals hidden by default; the open()
 * prologue (O1, the resume R1-R5, O2/O3) folded into one row.
 */
export function presentVfio(m: ModelBuilder<State>): void {
  m.track('memory_lock', (s) => [...(s.memW === '-' ? [] : [`${s.memW} (w)`]), ...s.memR.toArray().map((r) => `${r} (r)`)], 'holders')
    .track('usage', (s) => s.usage, 'count')
    .track('power', (s) => s.power, 'band')
    .ghost('openRef', 'engRef', 'arms', 'signals', 'ssa', 'woken', 'pwake', 'intxOwner', 'efdRef', 'cbCtx', 'pmSave', '*.getFailed', '*.pc', '*.ret', '*.left', '*.ref', '*.bref', '*.saw')
    .fold('open(): vfio_pci_core_enable, resume to D0, device open', /^open: vfio_pci_core_enable/, /^open: enable and init/);
  for (const [actor, text] of Object.entries(LEGENDS)) m.legend(actor, text);
}
