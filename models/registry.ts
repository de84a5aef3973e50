import type { Spec } from '../spec/spec.js';
import { tlaplusPart1 } from './tlaplus/registry-part1.js';
import { tlaplusPart2 } from './tlaplus/registry-part2.js';
import { tlaplusPart3 } from './tlaplus/registry-part3.js';
import { tlaplusSymmetry } from './tlaplus/registry-symmetry.js';

/**
 * Models that ship with Vigil, by the name `vigil check <name>` accepts. Each entry
 * loads its module lazily, so listing models does not build them.
 */
export const registry: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {
  diehard: () => import('./examples/diehard.js'),
  twophase: () => import('./examples/twophase.js'),
  'counter-grid': () => import('./examples/counter-grid.js'),
  'lock-order': () => import('./examples/lock-order.js'),
  'vfio-pm': () => import('./vfio-pm/index.js'),
  race: () => import('./examples/race.js'),
  'fair-workers': () => import('./examples/fair-workers.js'),
  'missed-wakeup': () => import('./examples/missed-wakeup.js'),
  ...tlaplusPart1,
  ...tlaplusPart2,
  ...tlaplusPart3,
  ...tlaplusSymmetry,
};
