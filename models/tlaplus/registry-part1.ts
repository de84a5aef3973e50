import type { Spec } from '../../spec/spec.js';

/** Conformance translations, first half (see models/tlaplus/conformance.yaml). */
export const tlaplusPart1: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {
  'tlaplus/TCommit': () => import('./TCommit.js'),
  'tlaplus/TwoPhase': () => import('./TwoPhase.js'),
  'tlaplus/Peterson': () => import('./Peterson.js'),
  'tlaplus/DiningPhilosophers': () => import('./DiningPhilosophers.js'),
  'tlaplus/CoffeeCan': () => import('./CoffeeCan.js'),
  'tlaplus/Chameneos': () => import('./Chameneos.js'),
};
