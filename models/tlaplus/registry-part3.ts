import type { Spec } from '../../spec/spec.js';

/** Conformance translations for the liveness and symmetry yardstick (safety part; see LIVENESS-SYMMETRY.md). */
export const tlaplusPart3: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {
  'tlaplus/LiveHourClock': () => import('./LiveHourClock.js'),
  'tlaplus/Prisoners': () => import('./Prisoners.js'),
  'tlaplus/ChangRoberts': () => import('./ChangRoberts.js'),
  'tlaplus/DijkstraMutex': () => import('./DijkstraMutex.js'),
  'tlaplus/AlternatingBit': () => import('./AlternatingBit.js'),
  'tlaplus/SingleLaneBridge': () => import('./SingleLaneBridge.js'),
};
