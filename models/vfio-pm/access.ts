// Device-access checks (property S7, brief §5 "S7 (c)") and the S12 return-value
// check. Both are step assertions: they fail inside the step that does the access
// or returns the value, so the trace ends exactly there (verdict `assertion`).
import { assert } from '../../spec/index.js';
import type { Config, OpOrNone } from './config.js';
import type { Rc, State, UProc } from './state.js';
import { hasMergedUapi } from './variants.js';

/**
 * Config access by a kernel path: never in D3cold (D3hot config access is legal,
 * §7.1 item 2). A path that holds a PM reference must also never run while the
 * device is SUSPENDING: its reference should have prevented or waited out the suspend.
 */
export function cfgAccess(n: Readonly<State>, who: string, holdsPmRef: boolean): void {
  assert(n.power !== 'D3cold', 'S7', `${who}: config access while the device is in D3cold`);
  if (holdsPmRef) assert(n.status !== 'SUSPENDING', 'S7', `${who}: config access under a PM reference while SUSPENDING`);
}

/** MMIO needs D0 (not just status ACTIVE: §7.1 item 1) and no suspend in flight. */
export function mmioAccess(n: Readonly<State>, who: string): void {
  assert(n.power === 'D0', 'S7', `${who}: MMIO access while the device is in ${n.power}`);
  assert(n.status !== 'SUSPENDING', 'S7', `${who}: MMIO access while SUSPENDING`);
}

/** The sibling B is touched by a bus reset: it must be resumed (D0). */
export function siblingAccess(n: Readonly<State>, who: string): void {
  assert(n.bStatus === 'ACTIVE', 'S7', `${who}: bus reset touches sibling B while it is suspended (D3cold)`);
}

/**
 * S12, judged when the ioctl returns: error returns are negative; ENTRY on an
 * engaged device fails with -EINVAL; with the merged uAPI a successful ENTRY
 * returns 0 and EXIT always returns 0.
 */
export function checkReturn(cfg: Config, op: OpOrNone, engagedBefore: boolean, rc: Rc): void {
  assert(!rc.startsWith('+'), 'S12', `${op} returned ${rc}: a positive errno`);
  // The wrapper's failed resume is returned as -EIO before the body runs (seed 002).
  if (rc === '-EIO' && (op === 'ENTRY' || op === 'ENTRY_WAKEUP' || op === 'EXIT')) return;
  // A bad wake eventfd fails the lookup before the entry (checkFailedEntry when it does not).
  if (rc === '-EBADF' && op === 'ENTRY_WAKEUP') return;
  if (op === 'ENTRY' || op === 'ENTRY_WAKEUP') {
    if (engagedBefore) assert(rc === '-EINVAL', 'S12', `${op} on an engaged device returned ${rc}, not -EINVAL`);
    else if (hasMergedUapi(cfg)) assert(rc === '0', 'S12', `${op} on a device that was not engaged returned ${rc}`);
  }
  if (op === 'EXIT' && hasMergedUapi(cfg)) assert(rc === '0', 'S12', `EXIT returned ${rc}`);
}

/** S12 for a failing ENTRY, judged in E2 under the lock: an error leaves engaged as it was. */
export function checkFailedEntry(cfg: Config, n: Readonly<State>, op: OpOrNone, engagedBefore: boolean): void {
  if (!hasMergedUapi(cfg)) return;
  assert(n.engaged === engagedBefore, 'S12', `${op} failed (-EBADF) but left the device ${n.engaged ? 'engaged' : 'not engaged'}`);
}

/**
 * S12's other half, judged in E2 while the lock is still held: with the merged
 * uAPI a successful ENTRY leaves the device engaged, armed iff it was ENTRY_WAKEUP.
 */
export function checkEngaged(cfg: Config, n: Readonly<State>, op: OpOrNone): void {
  if (!hasMergedUapi(cfg)) return;
  assert(n.engaged, 'S12', `${op} returned 0 but the device is not engaged`);
  assert(n.ctx === (op === 'ENTRY_WAKEUP'), 'S12', `${op} returned 0 but the wake eventfd is ${n.ctx ? 'armed' : 'not armed'}`);
}

/**
 * S15 (availability, issue 21), judged when an ioctl or region access that held the
 * PM wrapper's reference returns: -EIO is due only when the wrapper's runtime resume
 * (or hot reset's dev_set get) failed, or, for a BAR access, when the memory is
 * disabled (checked in the body by checkMemoryDisabledByUser).
 */
export function checkAvailable(p: Readonly<UProc>): void {
  if (p.rc !== '-EIO' || p.getFailed || p.op === 'BAR_RW') return;
  assert(false, 'S15', `${p.op} returned -EIO although the PM wrapper's resume succeeded`);
}

/**
 * S15 for a BAR region access under the wrapper's reference: memory is disabled
 * only because the user wrote PM_CTRL <- D3hot (a resumed device is otherwise in D0).
 */
export function checkMemoryDisabledByUser(n: Readonly<State>, who: string): void {
  assert(n.power === 'D3hot' && n.status === 'ACTIVE', 'S15', `${who}: -EIO on a device the PM wrapper resumed (${n.status}, ${n.power})`);
}

/**
 * S22 (issue 21), judged when HOT_RESET returns: it reports success only for a bus
 * that was reset. Seed 003 makes the reset's outcome decide what follows ("if
 * (!pci_reset_bus(pdev)) reset_done = true; ... if (reset_done) cur->needs_reset =
 * false;"); the hot reset ioctl hands pci_reset_bus's result to the user.
 */
export function checkResetReported(p: Readonly<UProc>): void {
  if (p.op === 'HOT_RESET' && p.resetFailed) assert(p.rc !== '0', 'S22', 'HOT_RESET returned 0 although pci_reset_bus failed');
}
