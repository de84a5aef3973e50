// Constants of the vfio-pm model and the configuration derived from them.
// The default (no --const) is the smoke configuration of brief §7.2:
// 1 ioctl thread x 3 ops from {ENTRY, ENTRY_WAKEUP, EXIT, OTHER}, vCPU x 2,
// host x 1, one open and one close, MERGED, no mutant, D3cold platform.
import { c, type ConstDecl, type ConstantsOf } from '../../spec/index.js';
import { MUTANTS, VARIANTS, type Design } from './variants.js';

/**
 * What an ioctl thread (U) can do. Region read/write (brief §4.4) and the eventfd
 * consumer (§1 "E") are folded into U as ops, as the brief allows.
 */
export const OPS = [
  'ENTRY', // DEVICE_FEATURE LOW_POWER_ENTRY (RFC v2 / v3: the D3COLD ENTER / ENTER)
  'ENTRY_WAKEUP', // LOW_POWER_ENTRY_WITH_WAKEUP(eventfd)
  'EXIT', // LOW_POWER_EXIT
  'OTHER', // an ioctl that touches the device (RESET, SET_IRQS data, ROM region info, ...)
  'SAFE', // RFC v2's safe-listed DEVICE_FEATURE / GET_INFO that still touches config space
  'CFG_READ', // region read of config space (vfio_pci_rw)
  'BAR_RW', // region read/write of a BAR (vfio_pci_rw -> vfio_pci_bar_rw)
  'PM_D3HOT', // config write PM_CTRL <- D3hot (guest runtime PM)
  'PM_D0', // config write PM_CTRL <- D0
  'INTX_ON', // SET_IRQS: enable INTx
  'INTX_OFF', // SET_IRQS: disable INTx
  'INTX_MASK', // SET_IRQS: user masks INTx
  'INTX_UNMASK', // SET_IRQS: user unmasks INTx
  'HOT_RESET', // VFIO_DEVICE_PCI_HOT_RESET over the dev_set (needs sibling=true)
  'READ_EFD', // the VMM's wake handler reads the wake eventfd (actor E folded into U)
] as const;
export type Op = (typeof OPS)[number];
export type OpOrNone = Op | 'NONE';

/** A comma-separated list of ops (`ENTRY,EXIT`), or `none` for the empty list. */
function opList(defaultValue: string, description: string): ConstDecl<string> {
  return {
    kind: 'enum',
    default: defaultValue,
    description,
    values: OPS,
    parse(raw) {
      const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : null;
      if (!items) return { error: `expected a comma-separated list of ops, got ${JSON.stringify(raw)}` };
      const ops = items.map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
      const bad = ops.find((o) => !(OPS as readonly string[]).includes(o));
      if (bad !== undefined) return { error: `unknown op ${bad} (ops: ${OPS.join(', ')})` };
      return ops.length ? ops.join(',') : 'none';
    },
  };
}

export const constants = {
  variant: c.enum(VARIANTS, 'MERGED', 'design revision (brief §6.1)'),
  mutant: c.enum(MUTANTS, 'NONE', 'one injected bug (brief §6.2 and the V3 rows of §6.1)'),
  platformD3cold: c.bool(true, 'the platform supports D3cold (else runtime suspend reaches D3hot)'),
  threads: c.int(1, { min: 0, max: 2, description: 'VMM ioctl threads U1..Un' }),
  ops: c.int(3, { min: 0, max: 4, description: 'operations per ioctl thread (ignored with a script)' }),
  menu: opList('ENTRY,ENTRY_WAKEUP,EXIT,OTHER', 'ops an ioctl thread may choose from'),
  script: opList('none', 'if given, every ioctl thread performs exactly these ops in this order'),
  vcpu: c.int(2, { min: 0, max: 3, description: 'vCPU accesses to the mmap-ed BAR (fault or mapped access)' }),
  host: c.int(1, { min: 0, max: 3, description: 'host config reads (lspci through sysfs)' }),
  cycles: c.int(1, { min: 1, max: 2, description: 'open/close cycles of the device fd' }),
  intx: c.int(0, { min: 0, max: 2, description: 'INTx arrivals on the shared line (actor I)' }),
  unmaskfd: c.int(0, { min: 0, max: 2, description: 'writes to the INTx unmask eventfd (actor X, hypothesis H1)' }),
  pme: c.int(0, { min: 0, max: 2, description: 'platform wake-ups / PME -> pm_request_resume (actor P)' }),
  pmeInD0: c.bool(false, 'a wake request may also arrive while ACTIVE and cancel a queued idle (hypothesis H3)'),
  sysfs: c.int(0, { min: 0, max: 2, description: 'sysfs power/control toggles on->auto (actor S)' }),
  sriov: c.int(0, { min: 0, max: 2, description: 'sriov_numvfs writes by the host admin (actor A)' }),
  sibling: c.bool(false, 'a second device B in the dev_set (try_reset at close, HOT_RESET)'),
  siblingFails: c.bool(false, "B's runtime resume may fail"),
  setIrqsUnwrapped: c.bool(false, 'SET_IRQS runs outside the ioctl PM wrapper (v4 review race)'),
  ioeventfd: c.int(0, { min: 0, max: 2, description: 'guest writes through an ioeventfd: the fast path with no PM reference (actor K, hypothesis H2)' }),
  failures: c.bool(false, 'a runtime resume (and pci_enable_device at open) may fail: the error paths'),
  liveness: c.bool(false, 'also check L1, L2 and L4 as temporal properties under kernel fairness (liveness.ts)'),
} as const;

export type Constants = ConstantsOf<typeof constants>;

/** Everything the kernel-path files read, derived once per model build. */
export interface Config extends Design {
  readonly d3cold: boolean;
  readonly threads: number;
  readonly ids: readonly number[];
  /** Ops per thread: the script's length, or the `ops` budget. */
  readonly budget: number;
  readonly menu: readonly Op[];
  readonly script: readonly Op[] | null;
  readonly vcpu: number;
  readonly host: number;
  readonly cycles: number;
  readonly intx: number;
  readonly unmaskfd: number;
  readonly pme: number;
  readonly pmeInD0: boolean;
  readonly sysfs: number;
  readonly sriov: number;
  readonly sibling: boolean;
  readonly siblingFails: boolean;
  readonly setIrqsUnwrapped: boolean;
  readonly ioeventfd: number;
  /** Resumes and pci_enable_device may fail (failures.ts). */
  readonly failures: boolean;
  /** Some op can enable INTx, so the INTx steps of suspend/resume are live. */
  readonly intxLive: boolean;
}

const parseOps = (text: string): Op[] => (text === 'none' ? [] : (text.split(',') as Op[]));

export function configOf(k: Constants): Config {
  const script = parseOps(k.script);
  const menu = script.length ? [...new Set(script)] : parseOps(k.menu);
  return {
    variant: k.variant,
    mutant: k.mutant,
    d3cold: k.platformD3cold,
    threads: k.threads,
    ids: Array.from({ length: k.threads }, (_, i) => i + 1),
    budget: script.length ? script.length : menu.length ? k.ops : 0,
    menu,
    script: script.length ? script : null,
    vcpu: k.vcpu,
    host: k.host,
    cycles: k.cycles,
    intx: k.intx,
    unmaskfd: k.unmaskfd,
    pme: k.pme,
    pmeInD0: k.pmeInD0,
    sysfs: k.sysfs,
    sriov: k.sriov,
    sibling: k.sibling,
    siblingFails: k.siblingFails,
    setIrqsUnwrapped: k.setIrqsUnwrapped,
    ioeventfd: k.ioeventfd,
    failures: k.failures,
    intxLive: menu.includes('INTX_ON'),
  };
}
