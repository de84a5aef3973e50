// Two power-state variables (issue 11): `power` is pdev->current_state, what the
// PCI core and the device know. RFC v2 (seed 004) also keeps vfio's own copy,
// vdev->power_state, which only vfio_pci_set_power_state writes; v3 replaced it by a
// boolean (power_state_d3, seed 002's v3 notes). The merged code has no copy (the
// 5.19 struct has no power_state field; memory-enabled tests read current_state),
// so `vpower` stays constant there. The runtime-PM paths (R1 power-up, W4 power-down,
// RFC v2's platform transition) change current_state behind vfio's back: that is the
// desynchronisation Alex asked about in the seed 004 review.
import type { Config } from './config.js';
import type { Power, State } from './state.js';
import { entryNeedsD3hot } from './variants.js';

/** The revision keeps vfio's own power state (RFC v2, v3). */
export const tracksOwnPowerState = (cfg: Config) => entryNeedsD3hot(cfg);

/**
 * vfio_pci_set_power_state: the device and, in RFC v2 / v3, vfio's copy. The device
 * is modelled as NoSoftRst- (needs_pm_restore): going D0 -> D3hot saves the config
 * state in vdev->pm_save, and leaving D3hot for D0 restores and frees it (ghost pmSave).
 */
export function setPowerState(n: State, cfg: Config, to: Power): void {
  if (to === 'D3hot' && n.power === 'D0') n.pmSave = true;
  else if (to === 'D0' && n.power !== 'D0') n.pmSave = false;
  n.power = to;
  if (tracksOwnPowerState(cfg)) n.vpower = to;
}

/** The power state vfio's own checks read (the ENTER test "power_state < D3hot"). */
export const vfioPowerState = (s: Readonly<State>, cfg: Config): Power => (tracksOwnPowerState(cfg) ? s.vpower : s.power);

/**
 * S14: when the device is ACTIVE and no vfio lock section is open, vfio's copy agrees
 * with current_state (v3's boolean only distinguishes D0 from D3).
 */
export function powerStatesAgree(s: Readonly<State>, cfg: Config): boolean {
  if (!tracksOwnPowerState(cfg) || s.status !== 'ACTIVE' || s.memW !== '-') return true;
  return cfg.variant === 'V3' ? (s.vpower === 'D0') === (s.power === 'D0') : s.vpower === s.power;
}
