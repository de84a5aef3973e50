// What a configuration leaves out of the protocol, printed before every check
// (`Note: ...` on stderr) so that an "ok" is never read as more than it is.
import { OPS, type Constants } from './config.js';

/** Actors that a budget of 0 removes, with the reason a user might want them. */
const OPTIONAL_ACTORS: readonly { key: keyof Constants; actor: string; why: string }[] = [
  { key: 'vcpu', actor: 'V (vCPU BAR access / mmap fault)', why: 'vcpu=0' },
  { key: 'host', actor: 'H (host lspci config read)', why: 'host=0' },
  { key: 'intx', actor: 'I (shared-line INTx)', why: 'intx=0' },
  { key: 'pme', actor: 'P (platform wake / PME)', why: 'pme=0' },
  { key: 'sysfs', actor: 'S (sysfs power/control)', why: 'sysfs=0' },
  { key: 'sriov', actor: 'A (SR-IOV numvfs)', why: 'sriov=0' },
];

export function leftOut(k: Constants): string[] {
  const notes: string[] = [];
  // Hypothesis rows: left out of every default on purpose, each has its own row.
  if (k.unmaskfd === 0) notes.push('left out: X, the INTx unmask eventfd (hypothesis H1, S7 in the model: scenarios/h1-unmask-eventfd.yaml)');
  if (k.ioeventfd === 0) notes.push('left out: K, the ioeventfd fast path (hypothesis H2, S7 in the model: scenarios/h2-ioeventfd.yaml)');
  if (k.pme > 0 && !k.pmeInD0) notes.push('left out: wake requests reaching an ACTIVE device (hypothesis H3, L4 in the model: pmeInD0=true)');
  if (k.failures && !k.recover) notes.push('left out: runtime_error cleared after a failed resume (hypothesis H6, S10 in the model: recover=true)');
  // Everything else a configuration drops is a bound, not a finding: say so.
  const absent = OPTIONAL_ACTORS.filter((a) => (k[a.key] as number) === 0).map((a) => `${a.actor} [${a.why}]`);
  if (k.threads === 0 || (k.ops === 0 && k.script === 'none')) absent.unshift('U (ioctl threads)');
  if (!k.sibling) absent.push('B (dev_set sibling, HOT_RESET) [sibling=false]');
  if (absent.length) notes.push(`not checked in this configuration: ${absent.join(', ')}`);
  const offered = new Set((k.script !== 'none' ? k.script : k.menu).split(','));
  const missing = OPS.filter((op) => !offered.has(op) && (op !== 'HOT_RESET' || k.sibling));
  if (missing.length && k.threads > 0) notes.push(`ops not offered: ${missing.join(', ')}`);
  if (!k.failures) notes.push('error paths not checked: no resume or pci_enable_device failure [failures=false]');
  if (!k.hotResetFails && k.sibling && offered.has('HOT_RESET') && k.threads > 0)
    notes.push("error paths not checked: HOT_RESET's pci_reset_bus never fails [hotResetFails=false]");
  if (!k.pci23) notes.push('INTx on the !pci_2_3 path: masked at the irq controller, exclusive line [pci23=false]');
  if (k.siblingFails === false && k.sibling) notes.push("the sibling's resume never fails [siblingFails=false]");
  return notes;
}
