import type { Spec } from '../../spec/spec.js';

/** Conformance translations with TLC's SYMMETRY (see models/tlaplus/conformance.yaml). */
export const tlaplusSymmetry: Readonly<Record<string, () => Promise<{ default: Spec<any> }>>> = {
  'tlaplus/MCTwoPhaseSym': () => import('./MCTwoPhaseSym.js'),
  'tlaplus/MCDijkstraMutexSym': () => import('./MCDijkstraMutexSym.js'),
  'tlaplus/MCAlternatingBitSym': () => import('./MCAlternatingBitSym.js'),
};
