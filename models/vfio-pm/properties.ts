// Properties S1-S13 and L1-L4 (brief §5). Invariants are declared in the order a
// reviewer reads them, and the first violated one in that order is the one
// reported when a step violates several. S7, S8 (signal step), S10 (resume step)
// and S12 are step assertions raised in the kernel paths (access.ts,
// low-power.ts, runtime-pm.ts); S11 is the checker's deadlock detection.
import type { ModelBuilder } from '../../spec/index.js';
import type { Config } from './config.js';
import type { Family, State } from './state.js';
import { powerStatesAgree, tracksOwnPowerState } from './power-state.js';
import { hasMergedUapi, idleD3Disabled, isRfc2 } from './variants.js';

/** Every actor sits at an idle label: no operation in flight (the terminal states). */
export function allIdle(cfg: Config, s: Readonly<State>): boolean {
  for (const id of cfg.ids) if (s.U[id]!.pc !== 'U_idle') return false;
  return (
    s.V.pc === 'V_idle' &&
    s.H.pc === 'H_idle' &&
    s.W.pc === 'W_idle' &&
    (s.C.pc === 'C_closed' || s.C.pc === 'C_open') &&
    s.I.pc === 'I_idle' &&
    s.X.pc === 'X_idle' &&
    s.P.pc === 'P_idle' &&
    s.S.pc === 'S_idle' &&
    s.A.pc === 'A_idle' &&
    s.K.pc === 'K_idle'
  );
}

/**
 * Quiescent: all actors idle and no work queued for W (or for B's worker). If the
 * environment stops here nothing ever happens again, so "eventually" properties
 * under weak fairness become invariants over these states (brief §5, last paragraph).
 */
export function quiescent(cfg: Config, s: Readonly<State>): boolean {
  return allIdle(cfg, s) && s.req === 'NONE' && !(s.bUsage === 0 && s.bStatus === 'ACTIVE');
}

/** Close is under way (D1..D6): the fd is still open but the VMM can no longer use it. */
const closing = (s: Readonly<State>) => s.open && s.C.pc !== 'C_open';

export function addProperties(builder: ModelBuilder<State>, cfg: Config): ModelBuilder<State> {
  const pinned = idleD3Disabled(cfg) ? 1 : 0;
  const b = (x: boolean) => (x ? 1 : 0);
  /** S4's ghost formula: every holder of a usage reference, counted. */
  const expectedUsage = (s: Readonly<State>) => {
    let refs = s.H.ref + s.C.ref + s.A.ref + s.V.ref;
    for (const id of cfg.ids) refs += s.U[id]!.ref;
    return b(s.forbidden) + pinned + b(s.openRef) - b(s.engRef) + refs + b(s.vfs);
  };
  const expectedB = (s: Readonly<State>) => {
    let refs = b(s.C.bref);
    for (const id of cfg.ids) refs += b(s.U[id]!.bref);
    return (cfg.sibling ? pinned : 0) + refs;
  };
  /** The host pins the device up (sysfs power/control = on, or VFs exist). */
  const hostPinned = (s: Readonly<State>) => s.forbidden || s.vfs;
  /** The unused device may idle to low power: nothing on the host or in the design pins it. */
  const unpinned = (s: Readonly<State>) => !hostPinned(s) && !pinned;

  builder
    .invariant('S1', (s) => !(s.engaged && s.mapped), 'engaged => not mapped: no user mapping while low power is allowed')
    .invariant('S2', (s) => !s.mapped || s.power === 'D0', 'mapped => power D0 (and memory enabled): no live mapping across a power-down')
    .invariant('S3', (s) => s.usage >= 0 && s.bUsage >= 0, 'usage >= 0: no put, put_noidle or allow at 0')
    .invariant('S4', (s) => s.usage === expectedUsage(s) && s.bUsage === expectedB(s), 'usage = forbid + disable_idle_d3 + open_ref - eng_ref + sum ref[t] + VFs')
    .invariant('S5', (s) => (!s.engaged || s.open) && (!s.ctx || s.engaged), 'engaged => open or closing; ctx => engaged; nothing left engaged after close')
    .invariant('S6', (s) => !(s.open && !s.engaged && !closing(s)) || s.usage >= 1, 'a device in normal use holds a usage reference, so it can never start suspending')
    .invariant('S8', (s) => s.signals <= s.arms, 'at most one wake signal per ENTRY_WAKEUP')
    .invariant('S10', (s) => !(s.status === 'SUSPENDED' && s.irq === 'INTX') || s.intxMasked, 'a suspended device with INTx enabled has INTx masked')
    .invariant(
      'S4b',
      (s) =>
        !quiescent(cfg, s) ||
        (s.usage === b(s.forbidden) + pinned + (pinned ? 0 : b(s.open)) - b(s.engaged) + b(s.vfs) && s.bUsage === (cfg.sibling ? pinned : 0)),
      'quiescent: usage = forbid + disable_idle_d3 + open (no enable reference with disable_idle_d3) - engaged + VFs',
    )
    .invariant(
      'L1',
      // No disable_idle_d3 exemption (seed 003: only register's put is skipped, so an
      // open device holds one reference either way and ENTRY gives it away).
      (s) => !(quiescent(cfg, s) && s.open && s.engaged && !hostPinned(s)) || s.status === 'SUSPENDED',
      'quiescent, open and engaged (low power not forbidden on the host) => SUSPENDED, with or without disable_idle_d3',
    )
    .invariant('L2', (s) => !quiescent(cfg, s) || !s.pwake, 'quiescent => no resume of an armed device is still waiting for its signal')
    .invariant(
      'L4',
      (s) => !(quiescent(cfg, s) && !s.open && unpinned(s)) || (s.status === 'SUSPENDED' && (!cfg.sibling || s.bStatus === 'SUSPENDED')),
      'quiescent and closed => the unused device (and its dev_set sibling) idled to low power',
    )
    // Issue 21 (appended, so that the reading order of the older properties stays).
    .invariant(
      'L5',
      (s) => !(quiescent(cfg, s) && s.open && !s.engaged && !s.rpmError) || s.status === 'ACTIVE',
      'quiescent, open and not engaged (no runtime error) => ACTIVE: after LOW_POWER_EXIT the device is usable again',
    )
    .invariant('S16', (s) => s.ctx === s.efdRef, 'pm_wake_eventfd_ctx is set iff vfio holds its eventfd reference (no dangling pointer, no leak)')
    .invariant('S18', (s) => !s.vfs || s.status === 'ACTIVE', 'VFs enabled => the PF is ACTIVE (seed 003: the PF power state stays above its VFs)')
    .actionProperty(
      'S9',
      (s, n) => !(s.status === 'ACTIVE' && n.status === 'SUSPENDING') || !s.open || (s.engaged && !s.woken),
      'a suspend starts only on an unused device, or an engaged one that has not been woken since its ENTRY',
    );
  if (cfg.msiLive) {
    // Seed 004 (Alex): "the device could be resumed under the user, which might start triggering MSI/X interrupts".
    builder.invariant(
      'S20',
      (s) => !(s.irq === 'MSI' && s.status === 'ACTIVE') || !s.msiMasked,
      'a resumed device delivers the user\'s MSI/MSI-X: once ACTIVE, the runtime-PM path has left no vector masked',
    );
  }
  if (!cfg.pci23) {
    builder.invariant(
      'S21',
      (s) => s.irqDepth === (s.irq === 'INTX' && s.intxMasked ? 1 : 0),
      '!pci_2_3: the line is disabled at the irq controller exactly once iff INTx is masked (disable_irq/enable_irq balanced)',
    );
  }
  if (!isRfc2(cfg)) {
    // RFC v2 keeps pm_save across its platform D3cold on purpose (its resume callback restores it).
    builder.invariant('S19', (s) => !s.pmSave || s.power === 'D3hot', 'pm_save is held only while the device sits in a user-set D3hot: restored at D0, never leaked');
  }
  if (tracksOwnPowerState(cfg)) {
    builder.invariant('S14', (s) => powerStatesAgree(s, cfg), "ACTIVE with no vfio lock held => vfio's power_state agrees with pdev->current_state (RFC v2, v3)");
  }
  if (hasMergedUapi(cfg)) {
    builder.actionProperty(
      'S13',
      (s, n) => !s.engaged || n.engaged || exitsLowPower(cfg, s, n),
      'engaged goes false only in EXIT (X2), close (D2) or a resume callback (R3); with a wake-up armed, that callback signals',
    );
  }
  return builder
    .assertion('S7', 'device access only in permitted power states (config: not D3cold; MMIO: D0; not SUSPENDING under a PM reference)')
    .assertion('S8', 'every wake signal comes after the device reached SUSPENDED since the last ENTRY_WAKEUP')
    .assertion('S10', 'resume unmasks INTx iff suspend masked it, preserving the user-visible mask state')
    .assertion('S12', 'ENTRY returns -EINVAL iff already engaged and a successful ENTRY leaves the device engaged (armed iff WAKEUP), a failed one as it was; EXIT returns 0; errors are negative')
    .assertion('S15', 'an ioctl or region access under the PM wrapper returns -EIO only if its runtime resume failed, or (BAR) the user disabled memory with D3hot')
    .assertion('S16', 'the wake eventfd is signalled only through the reference vfio holds')
    .assertion('S17', "the resume callback unmasks only the INTx mask the suspend callback set, never the user's")
    .assertion('S18', 'pci_enable_sriov runs with the PF in D0')
    .assertion('S22', 'HOT_RESET returns 0 only if pci_reset_bus reset the bus');
}

const RESUMERS: readonly Family[] = ['V', 'H', 'W', 'C', 'S', 'A'];

/**
 * S13: in `s`, some thread is about to run X2 or D2, or a resume callback (R3) with
 * ctx set that signals in this step (the count rises; at its cap of 3 it cannot).
 * These steps all hold memory_lock for writing, so at most one of them is enabled.
 */
function exitsLowPower(cfg: Config, s: Readonly<State>, n: Readonly<State>): boolean {
  for (const id of cfg.ids) if (s.U[id]!.pc === 'U_exit_body') return true;
  if (s.C.pc === 'C_D2' || s.C.pc === 'C_D2_exit') return true;
  if (!s.ctx) return false;
  const signalled = n.signals > s.signals || s.signals === 3;
  for (const id of cfg.ids) if (s.U[id]!.pc === 'U_R3') return signalled;
  for (const f of RESUMERS) if ((s[f] as { pc: string }).pc === `${f}_R3`) return signalled;
  return false;
}

