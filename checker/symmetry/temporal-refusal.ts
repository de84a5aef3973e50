import type { ModelDef } from '../../spec/definitions.js';
import { ConfigError } from '../errors.js';

/**
 * Symmetry reduction is unsound for temporal properties (TLC only warns: a lasso
 * through representatives need not be a behaviour, and a violation can be missed).
 * Vigil refuses the combination instead. Temporal properties are read from the
 * model's `temporal` list (the liveness work adds it to ModelDef); a run that skips
 * them (its `temporal: false` check option) may use symmetry for its safety part.
 */
export function refuseSymmetryWithTemporalProperties(model: string, def: ModelDef<unknown>, options: { readonly temporal?: boolean }): void {
  const temporal = (def as { readonly temporal?: readonly { readonly name?: string }[] }).temporal ?? [];
  if (temporal.length === 0 || options.temporal === false) return;
  const names = temporal.map((p) => p.name ?? '?').join(', ');
  throw new ConfigError(
    `model ${model}: symmetry reduction with temporal properties (${names}) is unsound; check them without symmetry (--no-symmetry, or symmetry: false in YAML)`,
  );
}
