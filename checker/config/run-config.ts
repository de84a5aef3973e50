import { dirname, resolve } from 'node:path';
import { FieldReader, readYamlFile } from './yaml-file.js';

/**
 * A YAML run configuration: what `vigil check config.yaml` runs. The model is a
 * registered name or a module path relative to the file.
 */
export interface RunConfig {
  readonly model: string;
  readonly constants: Record<string, unknown>;
  readonly invariants?: string[];
  readonly deadlock?: boolean;
  readonly maxDepth?: number;
  /** false: ignore the model's declared symmetries. */
  readonly symmetry?: boolean;
}

export const RUN_CONFIG_FIELDS = ['model', 'constants', 'invariants', 'deadlock', 'maxDepth', 'symmetry'] as const;

export function readRunConfig(file: string): RunConfig {
  return parseRunConfig(new FieldReader(file, '', readYamlFile(file)).onlyKeys(RUN_CONFIG_FIELDS), dirname(file));
}

export function parseRunConfig(reader: FieldReader, baseDir: string): RunConfig {
  return {
    model: resolveModelReference(reader.field('model').string(), baseDir),
    constants: reader.field('constants').optionalConstants(),
    invariants: reader.field('invariants').optionalStringList(),
    deadlock: reader.field('deadlock').optionalBoolean(),
    maxDepth: reader.field('maxDepth').optionalPositiveInteger(),
    symmetry: reader.field('symmetry').optionalBoolean(),
  };
}

/** Paths (containing a slash or ending in .js/.mjs) resolve against the config's folder. */
export function resolveModelReference(reference: string, baseDir: string): string {
  // A .tla spec is always a file (registered models have no extension).
  const looksLikePath = (/[\\/]/.test(reference) && /\.(m?js|m?ts|ya?ml)$/.test(reference)) || /\.tla$/.test(reference);
  return looksLikePath ? resolve(baseDir, reference) : reference;
}
