// State of the model (brief §2): the real shared state, the ghost variables of
// §2.2, and one process variable per actor. Every variable has a tight range:
// `usage` is -1..8 on purpose, so an underflow is a reachable value that the S3
// invariant reports (the "tripwire" of §7.2) instead of a type error.
import { t, type FSet } from '../../spec/index.js';
import type { Config, OpOrNone } from './config.js';
import { OPS } from './config.js';
import { idleD3Disabled } from './variants.js';

export type Status = 'ACTIVE' | 'SUSPENDING' | 'SUSPENDED' | 'RESUMING';
export type Req = 'NONE' | 'IDLE' | 'RESUME';
export type Power = 'D0' | 'D3hot' | 'D3cold';
export type Irq = 'NONE' | 'INTX' | 'MSI';
/** Who holds (or may hold) a memory_lock: a thread, or '-' for nobody. */
export type Holder = '-' | 'U1' | 'U2' | 'V' | 'W' | 'C' | 'H' | 'S' | 'A' | 'K';
export const HOLDERS: readonly Holder[] = ['-', 'U1', 'U2', 'V', 'W', 'C', 'H', 'S', 'A', 'K'];

/** Every family's resume routine (brief §3.6 R0-R5) uses these label suffixes. */
export const RESUME_SUFFIXES = ['rpm_wait', 'R1', 'R1b', 'R2', 'R3', 'R4', 'R5'] as const;
const resumeLabels = (family: string) => RESUME_SUFFIXES.map((s) => `${family}_${s}`);

/** Program-counter labels of each actor (one concept per file: see ioctl.ts, vcpu.ts, ...). */
export const LABELS = {
  U: [
    'U_idle',
    ...resumeLabels('U'),
    'U_entry_fd',
    'U_entry_lock',
    'U_entry_check',
    'U_entry_set',
    'U_exit_lock',
    'U_exit_body',
    'U_access',
    'U_bar_lock',
    'U_bar',
    'U_pm_lock',
    'U_pm_set',
    'U_irq',
    'U_hr_lock',
    'U_hr_getA',
    'U_hr_getB',
    'U_hr_unwind',
    'U_hr_reset',
    'U_hr_put',
    'U_put',
  ],
  V: ['V_idle', ...resumeLabels('V'), 'V_check', 'V_install'],
  H: ['H_idle', ...resumeLabels('H'), 'H_check', 'H_read'],
  W: ['W_idle', ...resumeLabels('W'), 'W_cb_lock', 'W_cb_d0', 'W_cb_irqtype', 'W_cb_intx', 'W_pci_off', 'W_done'],
  C: [
    'C_closed',
    ...resumeLabels('C'),
    'C_init',
    'C_open',
    'C_D2',
    'C_D2_exit',
    'C_D3',
    'C_D4',
    'C_tr_getA',
    'C_tr_getB',
    'C_tr_unwind',
    'C_tr_reset',
    'C_tr_put',
    'C_D6',
  ],
  I: ['I_idle', 'I_flag'],
  X: ['X_idle'],
  P: ['P_idle'],
  S: ['S_idle', ...resumeLabels('S')],
  A: ['A_idle', ...resumeLabels('A'), 'A_lock', 'A_enable'],
  K: ['K_idle', 'K_write'],
} as const;

export type Family = keyof typeof LABELS;
/** Locals of a thread that can run the synchronous resume routine. */
export interface Resumer {
  pc: string;
  /** Label to continue at when the resume routine returns. */
  ret: string;
}
export interface UProc extends Resumer {
  op: OpOrNone;
  left: number;
  /** Transient usage references this thread holds (ghost ref[t], brief §2.2): wrapper + hot reset. */
  ref: number;
  /** Holds a usage reference on the sibling B (hot reset). */
  bref: boolean;
  /** engaged as the body saw it (S12 is judged against it when the ioctl returns). */
  eng: boolean;
  /** The body's return code, handed back through the wrapper's put (U_put). */
  rc: Rc;
  /** Ghost (S15): the wrapper's runtime resume failed, so -EIO is this ioctl's due answer. */
  getFailed: boolean;
  /** Ghost (S22): HOT_RESET's pci_reset_bus failed, so 0 is not this ioctl's answer. */
  resetFailed: boolean;
}
export type Rc = '0' | '-EINVAL' | '+EINVAL' | '-EIO' | '-EBUSY' | '-EBADF' | '-EAGAIN';
export const RCS: readonly Rc[] = ['0', '-EINVAL', '+EINVAL', '-EIO', '-EBUSY', '-EBADF', '-EAGAIN'];
/** Who set the INTx mask (ghost, issue 21): the user (mask op, delivered interrupt) or the suspend callback. */
export type MaskOwner = 'NONE' | 'USER' | 'PM';
export interface VProc extends Resumer {
  left: number;
  /** M7a's fault takes a usage reference around its resume. */
  ref: number;
}
export interface HProc extends Resumer {
  left: number;
  ref: number;
}
export type WProc = Resumer;
export interface CProc extends Resumer {
  left: number;
  ref: number;
  bref: boolean;
  saw: boolean;
}
export interface Simple {
  pc: string;
  left: number;
}
export interface SProc extends Resumer {
  left: number;
}
export interface AProc extends Resumer {
  left: number;
  ref: number;
}

export interface State {
  // runtime-PM core (brief §2.1)
  usage: number;
  status: Status;
  req: Req;
  deferred: boolean;
  forbidden: boolean;
  /** power.runtime_error: a resume failed; every later resume or suspend fails at once. */
  rpmError: boolean;
  /** M30's sticky flag in vdev: a wrapper's resume failed once (never set otherwise). */
  pmFailed: boolean;
  power: Power;
  /** vfio's own copy of the power state (RFC v2 / v3 only; power-state.ts). */
  vpower: Power;
  // vfio-pci state under memory_lock
  memW: Holder;
  memR: FSet<Holder>;
  engaged: boolean;
  ctx: boolean;
  mapped: boolean;
  efd: number;
  open: boolean;
  irq: Irq;
  intxMasked: boolean;
  pmIntxMasked: boolean;
  /**
   * The irq controller's disable depth of the device's (exclusive) line: the !pci_2_3
   * path masks INTx with disable_irq_nosync and unmasks with enable_irq (issue 21, S21).
   * -1 is an unbalanced enable (the kernel WARNs), 2 a line that one unmask cannot revive.
   */
  irqDepth: number;
  /** The kernel masked the user's MSI/MSI-X vectors (only M27's suspend callback does; S20). */
  msiMasked: boolean;
  vfs: boolean;
  // the dev_set sibling B (brief §1 "D2"): PM state, usage and its memory_lock only
  bUsage: number;
  bStatus: 'ACTIVE' | 'SUSPENDED';
  bLock: Holder;
  // ghosts (brief §2.2)
  openRef: boolean;
  engRef: boolean;
  arms: number;
  signals: number;
  ssa: boolean;
  woken: boolean;
  pwake: boolean;
  /** Ghost (S17): who owns the INTx mask, set at every mask write (issue 21 replaces "masked before"). */
  intxOwner: MaskOwner;
  /** Ghost (S16): vfio holds a reference on the wake eventfd ctx (eventfd_ctx_fdget .. eventfd_ctx_put). */
  efdRef: boolean;
  /** The resume callback's local copy of pm_wake_eventfd_ctx, read before memory_lock (M20 only). */
  cbCtx: boolean;
  /** Ghost (S19): vdev->pm_save holds the config state saved at a D0 -> D3hot write (NoSoftRst-). */
  pmSave: boolean;
  // actors
  U: Record<number, UProc>;
  V: VProc;
  H: HProc;
  W: WProc;
  C: CProc;
  I: Simple;
  X: Simple;
  P: Simple;
  S: SProc;
  A: AProc;
  K: Simple;
}

/** Global variables, in the order traces print them. */
export function globalSchema() {
  const holders = t.enum(...HOLDERS);
  return {
    usage: t.int(-1, 8),
    status: t.enum('ACTIVE', 'SUSPENDING', 'SUSPENDED', 'RESUMING'),
    req: t.enum('NONE', 'IDLE', 'RESUME'),
    deferred: t.bool(),
    forbidden: t.bool(),
    rpmError: t.bool(),
    pmFailed: t.bool(),
    power: t.enum('D0', 'D3hot', 'D3cold'),
    vpower: t.enum('D0', 'D3hot', 'D3cold'),
    memW: holders,
    memR: READERS,
    engaged: t.bool(),
    ctx: t.bool(),
    mapped: t.bool(),
    efd: t.int(0, 2),
    open: t.bool(),
    irq: t.enum('NONE', 'INTX', 'MSI'),
    intxMasked: t.bool(),
    pmIntxMasked: t.bool(),
    irqDepth: t.int(-1, 2),
    msiMasked: t.bool(),
    vfs: t.bool(),
    bUsage: t.int(-1, 4),
    bStatus: t.enum('ACTIVE', 'SUSPENDED'),
    bLock: holders,
    openRef: t.bool(),
    engRef: t.bool(),
    arms: t.int(0, 3),
    signals: t.int(0, 3),
    ssa: t.bool(),
    woken: t.bool(),
    pwake: t.bool(),
    intxOwner: t.enum('NONE', 'USER', 'PM'),
    efdRef: t.bool(),
    cbCtx: t.bool(),
    pmSave: t.bool(),
  };
}

export const READERS = t.set<Holder>(HOLDERS.filter((h) => h !== '-'));

const label = (family: Family) => t.enum(...LABELS[family]);

/** Process declarations: labels, locals and their initial values. */
export function processDecls(cfg: Config) {
  const left = (n: number) => t.int(0, n);
  return {
    U: {
      ids: cfg.ids,
      labels: LABELS.U,
      locals: { op: t.enum('NONE', ...OPS), left: left(cfg.budget), ref: t.int(0, 3), bref: t.bool(), eng: t.bool(), rc: t.enum(...RCS), getFailed: t.bool(), resetFailed: t.bool(), ret: label('U') },
      initLocals: { op: 'NONE' as OpOrNone, left: cfg.budget, ref: 0, bref: false, eng: false, rc: '0' as Rc, getFailed: false, resetFailed: false, ret: 'U_idle' },
    },
    V: { labels: LABELS.V, locals: { left: left(cfg.vcpu), ref: t.int(0, 1), ret: label('V') }, initLocals: { left: cfg.vcpu, ref: 0, ret: 'V_idle' } },
    H: { labels: LABELS.H, locals: { left: left(cfg.host), ref: t.int(0, 1), ret: label('H') }, initLocals: { left: cfg.host, ref: 0, ret: 'H_idle' } },
    W: { labels: LABELS.W, locals: { ret: label('W') }, initLocals: { ret: 'W_idle' } },
    C: {
      labels: LABELS.C,
      locals: { left: left(cfg.cycles), ref: t.int(0, 1), bref: t.bool(), saw: t.bool(), ret: label('C') },
      initLocals: { left: cfg.cycles, ref: 0, bref: false, saw: false, ret: 'C_closed' },
    },
    I: { labels: LABELS.I, locals: { left: left(cfg.intx) }, initLocals: { left: cfg.intx } },
    X: { labels: LABELS.X, locals: { left: left(cfg.unmaskfd) }, initLocals: { left: cfg.unmaskfd } },
    P: { labels: LABELS.P, locals: { left: left(cfg.pme) }, initLocals: { left: cfg.pme } },
    S: { labels: LABELS.S, locals: { left: left(cfg.sysfs), ret: label('S') }, initLocals: { left: cfg.sysfs, ret: 'S_idle' } },
    A: { labels: LABELS.A, locals: { left: left(cfg.sriov), ref: t.int(0, 1), ret: label('A') }, initLocals: { left: cfg.sriov, ref: 0, ret: 'A_idle' } },
    K: { labels: LABELS.K, locals: { left: left(cfg.ioeventfd) }, initLocals: { left: cfg.ioeventfd } },
  };
}

/**
 * The device is bound to vfio-pci and unused (brief §2.1 "initial"): registration
 * gave the probe reference back, so the device idled to low power. With
 * disable_idle_d3 registration keeps that reference and the device stays in D0.
 */
export function initialGlobals(cfg: Config): Omit<State, Family> {
  const pinned = idleD3Disabled(cfg);
  return {
    usage: pinned ? 1 : 0,
    status: pinned ? 'ACTIVE' : 'SUSPENDED',
    req: 'NONE',
    deferred: false,
    forbidden: false,
    rpmError: false,
    pmFailed: false,
    power: pinned ? 'D0' : cfg.d3cold ? 'D3cold' : 'D3hot',
    // register set D0 through vfio; the PCI core then idled the unused device behind vfio's back.
    vpower: 'D0',
    memW: '-',
    memR: READERS.empty(),
    engaged: false,
    ctx: false,
    mapped: false,
    efd: 0,
    open: false,
    irq: 'NONE',
    intxMasked: false,
    pmIntxMasked: false,
    irqDepth: 0,
    msiMasked: false,
    vfs: false,
    bUsage: pinned && cfg.sibling ? 1 : 0,
    bStatus: pinned && cfg.sibling ? 'ACTIVE' : 'SUSPENDED',
    bLock: '-',
    openRef: false,
    engRef: false,
    arms: 0,
    signals: 0,
    ssa: false,
    woken: false,
    pwake: false,
    intxOwner: 'NONE',
    efdRef: false,
    cbCtx: false,
    pmSave: false,
  };
}
