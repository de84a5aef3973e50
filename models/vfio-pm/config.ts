// Constants of the vfio-pm model and the configuration derived from them.
// The default (no --const) checks the whole protocol and enables every action
// (issue 21: the never-enabled warning is empty): INTx enabled right after open (as
// a VMM does for a device with an INTx pin), 1 ioctl thread x 2 ops from all 15,
// vCPU x 2 (a fault that maps, then an access through the mapping), lspci, INTx,
// PME, sysfs on -> auto, SR-IOV, the dev_set sibling whose
// resume may fail, failing resumes, MERGED, no mutant, D3cold platform. Only what a
// hypothesis row covers is left out (H1's unmask eventfd, H2's ioeventfd, H3's PME in
// D0); coverage.ts says so when it runs. SMOKE below is the brief's §7.2 smoke
// configuration (`smoke.yaml`), for quick CI.
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
  'MSI_ON', // SET_IRQS: switch to MSI/MSI-X (issue 21)
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
  ops: c.int(2, { min: 0, max: 4, description: 'operations per ioctl thread (ignored with a script)' }),
  menu: opList(OPS.join(','), 'ops an ioctl thread may choose from'),
  script: opList('none', 'if given, every ioctl thread performs exactly these ops in this order'),
  vcpu: c.int(2, { min: 0, max: 3, description: 'vCPU accesses to the mmap-ed BAR (fault or mapped access)' }),
  host: c.int(1, { min: 0, max: 3, description: 'host config reads (lspci through sysfs)' }),
  cycles: c.int(1, { min: 1, max: 2, description: 'open/close cycles of the device fd' }),
  intx: c.int(1, { min: 0, max: 2, description: 'INTx arrivals on the shared line (actor I)' }),
  unmaskfd: c.int(0, { min: 0, max: 2, description: 'writes to the INTx unmask eventfd (actor X, hypothesis H1)' }),
  pme: c.int(1, { min: 0, max: 2, description: 'platform wake-ups / PME -> pm_request_resume (actor P)' }),
  pmeInD0: c.bool(false, 'a wake request may also arrive while ACTIVE and cancel a queued idle (hypothesis H3)'),
  sysfs: c.int(2, { min: 0, max: 2, description: 'sysfs power/control toggles on->auto (actor S)' }),
  sriov: c.int(1, { min: 0, max: 2, description: 'sriov_numvfs writes by the host admin (actor A)' }),
  sibling: c.bool(true, 'a second device B in the dev_set (try_reset at close, HOT_RESET)'),
  siblingFails: c.bool(true, "B's runtime resume may fail"),
  setIrqsUnwrapped: c.bool(false, 'SET_IRQS runs outside the ioctl PM wrapper (v4 review race)'),
  ioeventfd: c.int(0, { min: 0, max: 2, description: 'guest writes through an ioeventfd: the fast path with no PM reference (actor K, hypothesis H2)' }),
  intxAtOpen: c.bool(true, 'the VMM enables INTx right after each open, before anything else (as it does for a device with an INTx pin)'),
  failures: c.bool(true, 'a runtime resume (and pci_enable_device at open) may fail: the error paths'),
  recover: c.bool(false, 'after a failed resume the runtime-PM status may be set anew (pm_runtime_set_suspended), which clears runtime_error (issue 21, hypothesis H6)'),
  hotResetFails: c.bool(true, "HOT_RESET's pci_reset_bus may fail (issue 21, S22)"),
  pci23: c.bool(true, 'the device has PCI 2.3 INTx masking (DisINTx); false: the !pci_2_3 path masks at the irq controller (disable_irq_nosync / enable_irq, issue 21, S21)'),
  liveness: c.bool(false, 'also check L1, L2 and L4 as temporal properties under kernel fairness (liveness.ts)'),
} as const;

export type Constants = ConstantsOf<typeof constants>;

/**
 * The brief's §7.2 smoke configuration (the default before issue 11): 1 thread x 3
 * ops from {ENTRY, ENTRY_WAKEUP, EXIT, OTHER}, vCPU x 2, host x 1, no optional actor,
 * no failures. `smoke.yaml` and the suites' `&smoke` base use exactly these values.
 */
export const SMOKE = {
  ops: 3,
  menu: 'ENTRY,ENTRY_WAKEUP,EXIT,OTHER',
  vcpu: 2,
  host: 1,
  intxAtOpen: false,
  intx: 0,
  pme: 0,
  sysfs: 0,
  sriov: 0,
  sibling: false,
  siblingFails: false,
  failures: false,
  hotResetFails: false,
} as const;

/** Everything the kernel-path files read, derived once per model build. */
export interface Config extends Design {
  readonly d3cold: boolean;
  readonly threads: number;
  readonly ids: readonly number[];
  /** Ops per thread: the script's length, or the `ops` budget. */
  readonly budget: number;
  readonly menu: readonly Op[];
  readonly script: readonly Op[] | null;
  /** Open ends with INTx enabled (the VMM's first SET_IRQS folded into the open). */
  readonly intxAtOpen: boolean;
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
  /** Some op can switch to MSI/MSI-X (MSI_ON). */
  readonly msiLive: boolean;
  /** runtime_error may be cleared again (pm_runtime_set_suspended) once nothing is in flight. */
  readonly recover: boolean;
  /** HOT_RESET's pci_reset_bus may fail. */
  readonly hotResetFails: boolean;
  /** PCI 2.3 INTx masking at the device; false: the !pci_2_3 path (irq controller). */
  readonly pci23: boolean;
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
    intxAtOpen: k.intxAtOpen,
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
    intxLive: menu.includes('INTX_ON') || k.intxAtOpen,
    msiLive: menu.includes('MSI_ON'),
    hotResetFails: k.hotResetFails,
    recover: k.recover,
    pci23: k.pci23,
  };
}
