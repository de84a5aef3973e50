// Issue 21, the third pass over vfio-pm: for each hole class, a bug of our own that
// passed every property before this pass, caught now by the new property and by no
// other. Each runs on the smallest configuration that shows it, with --continue, so
// the full set of violated properties is pinned, and the unmutated model on the same
// configuration is clean (the violation is the mutant's own: issue 21's stricter rule).
import test from 'ava';
import { check } from '../checker/index.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import vfioPm from '../models/vfio-pm/index.js';

interface Row {
  readonly hole: string;
  readonly constants: Record<string, unknown>;
  readonly verdict: 'assertion' | 'invariant';
  /** Every property violated, in the order first seen. */
  readonly violations: readonly string[];
  readonly traceLength: number;
  /** The step the shortest counterexample ends with. */
  readonly lastStep: string;
}

const ROWS: Record<string, Row> = {
  M18: {
    hole: '1: an ordinary ioctl returns -EIO after the wrapper resumed the device',
    constants: { script: 'ENTRY,OTHER', vcpu: 0, host: 0 },
    verdict: 'assertion',
    violations: ['S15'],
    traceLength: 22,
    lastStep: 'U1: OTHER returns: PM wrapper pm_runtime_put',
  },
  M19: {
    hole: '1: after LOW_POWER_EXIT an open, quiescent device stays suspended',
    constants: { script: 'ENTRY,EXIT', vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['L5'],
    traceLength: 20,
    lastStep: 'U1: EXIT returns: PM wrapper pm_runtime_put',
  },
  M20: {
    hole: "2: the resume callback signals an eventfd whose reference the close has put",
    constants: { script: 'ENTRY_WAKEUP', vcpu: 0, host: 1 },
    verdict: 'assertion',
    violations: ['S16'],
    traceLength: 23,
    lastStep: 'H: resume callback (M20 bug): if the copy read before the lock is set, signal it and exit low power; unlock (R3)',
  },
  M21: {
    hole: "2: the resume unmasks an INTx mask that a delivered interrupt gave the user",
    constants: { script: 'INTX_ON,ENTRY', intx: 1, vcpu: 0, host: 1 },
    verdict: 'assertion',
    violations: ['S17'],
    traceLength: 29,
    lastStep: 'H: resume callback: unmask INTx that the suspend callback masked (R4)',
  },
  M22: {
    hole: '3: VFs are enabled while the PF sits in a guest-set D3hot',
    constants: { script: 'PM_D3HOT', sriov: 1, vcpu: 0, host: 0 },
    verdict: 'assertion',
    violations: ['S18'],
    traceLength: 13,
    lastStep: 'A: sriov_configure: (M22 bug) no set D0, pci_enable_sriov, unlock; the reference stays while VFs exist',
  },
  M23: {
    hole: '4: pm_save of a NoSoftRst- device is never restored (suspend skips the D0 step)',
    constants: { script: 'PM_D3HOT,ENTRY', vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['S19'],
    traceLength: 19,
    lastStep: 'W: PCI core: save config, power down to D3cold; no vfio lock held (W4)',
  },
  M24: {
    hole: '4: pci_enable_sriov fails and the PF reference leaks (a failure path new in this pass)',
    constants: { script: 'ENTRY', sriov: 1, failures: true, vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['S4', 'S4b', 'L4', 'L1'],
    traceLength: 8,
    lastStep: 'A: sriov_configure: set D0, pci_enable_sriov FAILS, unlock; (M24 bug) no pm_runtime_put',
  },
  M25: {
    hole: "4: pci_reset_bus fails at close and try_reset returns before the dev_set puts (seed 003's old early return)",
    constants: { script: 'ENTRY', sibling: true, failures: true, vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['S4b', 'L4'],
    traceLength: 15,
    lastStep: 'C: close: pm_runtime_put of the enable reference; device closed (D6)',
  },
  M26: {
    hole: '4: a bad wake eventfd is looked up after the entry, which stays engaged although ENTRY_WAKEUP fails',
    constants: { script: 'ENTRY_WAKEUP', failures: true, vcpu: 0, host: 0 },
    verdict: 'assertion',
    violations: ['S12'],
    traceLength: 11,
    lastStep: 'U1: ENTRY_WAKEUP: if not engaged: engage, arm the eventfd, put_noidle; unlock (E2)',
  },
  // Issue 21, point 4's second half: MSI/MSI-X, the !pci_2_3 INTx path, HOT_RESET's failing reset.
  M27: {
    hole: "4 MSI/MSI-X: the suspend callback masks the user's MSI/MSI-X vectors too and the resume only unmasks INTx",
    constants: { script: 'MSI_ON,ENTRY', vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['S20'],
    traceLength: 27,
    lastStep: 'C: resume: status ACTIVE, wake waiters, async idle check (R5)',
  },
  M28: {
    hole: '4 !pci_2_3: the mask helper disables the exclusive line again after a delivered interrupt disabled it',
    constants: { script: 'INTX_ON,ENTRY', intx: 1, pci23: false, vcpu: 0, host: 0 },
    verdict: 'invariant',
    violations: ['S21'],
    traceLength: 20,
    lastStep: 'W: suspend callback: vfio_pci_intx_mask under irqlock: (M28 bug) disable_irq_nosync even if masked; pm_intx_masked := true (W3b)',
  },
  M29: {
    hole: "4 failure paths: HOT_RESET's pci_reset_bus fails and the ioctl returns 0",
    constants: { script: 'HOT_RESET', sibling: true, hotResetFails: true, vcpu: 0, host: 0 },
    verdict: 'assertion',
    violations: ['S22'],
    traceLength: 14,
    lastStep: 'U1: HOT_RESET returns: PM wrapper pm_runtime_put',
  },
  M30: {
    hole: '4 failure paths: after runtime_error is cleared the wrapper still answers -EIO (a latched failure)',
    constants: { script: 'ENTRY,OTHER,OTHER', failures: true, recover: true, vcpu: 0, host: 0 },
    verdict: 'assertion',
    violations: ['S15'],
    traceLength: 22,
    lastStep: 'U1: OTHER returns: PM wrapper pm_runtime_put',
  },
};

for (const [mutant, row] of Object.entries(ROWS)) {
  test(`${mutant} (hole ${row.hole}) violates exactly ${row.violations.join(', ')}; MERGED on the same configuration is clean`, (t) => {
    const constants = { ...SMOKE, ...row.constants };
    const all = check(vfioPm, { constants: { ...constants, mutant }, continueAfterViolation: true });
    t.is(all.verdict, row.verdict);
    t.deepEqual(
      all.violations.map((v) => v.property),
      [...row.violations],
    );
    const first = check(vfioPm, { constants: { ...constants, mutant } });
    t.is(first.property, row.violations[0]!);
    t.is(first.trace!.length, row.traceLength);
    t.is(first.trace!.at(-1)!.action, row.lastStep);
    const clean = check(vfioPm, { constants, continueAfterViolation: true });
    t.is(clean.verdict, 'ok');
    t.deepEqual(clean.violations, []);
  });
}

test('M20: the stale signal comes after the close put the eventfd, between the resume callback reading it and locking', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, ...ROWS.M20!.constants, mutant: 'M20' } });
  const actions = result.trace!.map((s) => s.action);
  const read = actions.findIndex((a) => a.startsWith('H: resume: PCI core powers the device up'));
  const closeExit = actions.findIndex((a) => a.startsWith('C: close: pre-locked exit'));
  t.true(read > 0 && closeExit > read, actions.join('\n'));
  t.like(result.trace!.at(-2)!.state, { ctx: false, efdRef: false, cbCtx: true });
});

test('M21: the ghost owner is written at the mask write: the handler took the mask over after the suspend callback set it', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, ...ROWS.M21!.constants, mutant: 'M21' } });
  const owners = result.trace!.map((s) => (s.state as { intxOwner: string }).intxOwner);
  const pm = owners.indexOf('PM');
  t.true(pm > 0 && owners.indexOf('USER', pm) > pm, owners.join(','));
  // The old "masked before" ghost, sampled at the suspend callback, saw no mask there.
  t.like(result.trace!.at(-2)!.state, { intxMasked: true, intxOwner: 'USER', pmIntxMasked: true });
});

test('pm_intx_masked is kernel-faithful: it outlives the resume that acted on it (INTx unmasked, flag still set)', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, script: 'INTX_ON,ENTRY,OTHER', vcpu: 0, host: 0 } });
  t.is(result.verdict, 'ok');
  // M18's trace ends right after the wrapper's resume of a device whose suspend masked INTx.
  const resumed = check(vfioPm, { constants: { ...SMOKE, script: 'INTX_ON,ENTRY,OTHER', vcpu: 0, host: 0, mutant: 'M18' } });
  t.is(resumed.property, 'S15');
  t.true(resumed.trace!.some((s) => s.action === 'U1: resume callback: unmask INTx that the suspend callback masked (R4)'));
  t.like(resumed.trace!.at(-1)!.state, { status: 'ACTIVE', irq: 'INTX', intxMasked: false, intxOwner: 'NONE', pmIntxMasked: true });
  // M15 is still caught, now by the owner ghost (a PM-owned mask left at R5), not by clearing the flag.
  const m15 = check(vfioPm, { constants: { ...SMOKE, script: 'INTX_ON,ENTRY,OTHER', vcpu: 0, host: 0, mutant: 'M15' } });
  t.is(m15.property, 'S10');
  t.like(m15.trace!.at(-2)!.state, { intxOwner: 'PM', pmIntxMasked: true });
  const m9 = check(vfioPm, { constants: { ...SMOKE, script: 'INTX_ON,INTX_MASK,ENTRY,OTHER', vcpu: 0, host: 0, mutant: 'M9' } });
  t.is(m9.property, 'S17');
});

test('S18 (PF/VF power dependency) is not vacuous: VFs get enabled on a PF the guest had put in D3hot', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, script: 'PM_D3HOT', sriov: 1, vcpu: 0, host: 0 }, coverage: true });
  t.is(result.verdict, 'ok');
  const enable = result.coverage!.find((row) => row.action.startsWith('A: sriov_configure: set D0, pci_enable_sriov, unlock'));
  t.true(enable !== undefined && enable.enabled > 0);
});

test('MSI/MSI-X: the device sends MSIs (the handler touches nothing) and the merged suspend callback leaves the vectors alone', (t) => {
  const constants = { ...SMOKE, script: 'MSI_ON,ENTRY', intx: 1, vcpu: 0, host: 1 };
  const result = check(vfioPm, { constants, coverage: true });
  t.is(result.verdict, 'ok');
  const msi = result.coverage!.find((row) => row.action.startsWith('I: MSI/MSI-X from the device in D0'));
  t.true(msi !== undefined && msi.enabled > 0);
  // M27's masked vectors send nothing: the MSI step is never taken after its suspend.
  const m27 = check(vfioPm, { constants: { ...constants, mutant: 'M27' } });
  t.is(m27.property, 'S20');
  t.like(m27.trace!.at(-1)!.state, { irq: 'MSI', msiMasked: true, status: 'ACTIVE', power: 'D0' });
});

test('!pci_2_3: the handler, the suspend callback and the resume keep disable_irq / enable_irq balanced (S21 holds with every INTx op)', (t) => {
  const constants = { ...SMOKE, menu: 'INTX_ON,INTX_MASK,INTX_UNMASK,INTX_OFF,ENTRY,EXIT,OTHER', intx: 1, pci23: false };
  const result = check(vfioPm, { constants, coverage: true });
  t.is(result.verdict, 'ok');
  const handler = result.coverage!.find((row) => row.action.startsWith('I: INTx on its exclusive line (!pci_2_3)'));
  t.true(handler !== undefined && handler.enabled > 0);
  // M28's double disable leaves the line dead after the resume: depth 1 with INTx unmasked.
  const m28 = check(vfioPm, { constants: { ...SMOKE, ...ROWS.M28!.constants, host: 1, mutant: 'M28' }, continueAfterViolation: true });
  t.deepEqual(
    m28.violations.map((v) => v.property),
    ['S21'],
  );
});

test('M29: the ioctl returns 0 with the failed pci_reset_bus recorded in the ghost', (t) => {
  const constants = { ...SMOKE, ...ROWS.M29!.constants };
  const m29 = check(vfioPm, { constants: { ...constants, mutant: 'M29' } });
  const failed = m29.trace!.findIndex((s) => s.action.includes('pci_reset_bus FAILS'));
  t.true(failed > 0);
  t.like(m29.trace!.at(-2)!.state, { U: { 1: { op: 'HOT_RESET', rc: '0', resetFailed: true } } });
});

test('M30 is invisible while runtime_error stays set for ever (recover=false): only the clearing makes the latch wrong', (t) => {
  const constants = { ...SMOKE, ...ROWS.M30!.constants, recover: false };
  t.is(check(vfioPm, { constants: { ...constants, mutant: 'M30' }, continueAfterViolation: true }).verdict, 'ok');
  const m30 = check(vfioPm, { constants: { ...constants, recover: true, mutant: 'M30' } });
  t.true(m30.trace!.some((s) => s.action.startsWith('PM core: pm_runtime_set_suspended, runtime_error cleared')));
});

test('H6: after runtime_error is cleared, the first resume acts on the pm_intx_masked left by the suspend before the failure (S10)', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, script: 'INTX_ON,ENTRY', failures: true, recover: true, vcpu: 0, host: 1 } });
  t.is(result.property, 'S10');
  const actions = result.trace!.map((s) => s.action);
  const failed = actions.findIndex((a) => a.includes('resume FAILS'));
  const teardown = actions.findIndex((a) => a.startsWith('C: close: teardown'));
  const cleared = actions.findIndex((a) => a.startsWith('PM core: pm_runtime_set_suspended'));
  t.true(failed > 0 && teardown > failed && cleared > teardown, actions.join('\n'));
  t.like(result.trace!.at(-1)!.state, { irq: 'NONE', pmIntxMasked: true, open: false });
});
