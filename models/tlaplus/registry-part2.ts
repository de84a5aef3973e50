import type { Spec } from '../../spec/spec.js';

/** Conformance translations, second half (see models/tlaplus/conformance.yaml). */
export const tlaplusPart2: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {
  'tlaplus/AsyncTerminationDetection': () => import('./AsyncTerminationDetection.js'),
  'tlaplus/TokenRing': () => import('./TokenRing.js'),
  'tlaplus/Bakery': () => import('./Bakery.js'),
  'tlaplus/DieHard': () => import('./DieHard.js'),
  'tlaplus/MissionariesAndCannibals': () => import('./MissionariesAndCannibals.js'),
  'tlaplus/Hanoi': () => import('./Hanoi.js'),
};
