import type { Spec } from '../../spec/spec.js';
import { prepare, resolveSearchSettings, type CheckOptions } from '../check.js';
import { checkSymmetry, type SymmetryCheck } from './check-symmetry.js';

/** `--check-symmetry` as a library call: builds the model for `options` and samples its declared symmetry. */
export function verifySymmetry(spec: Spec, options: CheckOptions = {}, sampleSize = 2000): SymmetryCheck {
  const { runtime } = prepare(spec, options.constants);
  // Without the checkpoint options: sampling writes no snapshot and must not take the directory's lock.
  const settings = resolveSearchSettings(spec.name, runtime, { ...options, symmetry: false, checkpoint: undefined, resume: undefined });
  return checkSymmetry(runtime, settings, sampleSize);
}
