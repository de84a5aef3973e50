import { resolveConstants } from '../config/constants.js';
import type { Spec } from '../../spec/spec.js';

/**
 * The exact `vigil` command that reproduces a run: the model and every constant
 * that differs from the model's default (all of them would drown the line), so
 * a counterexample posted to a mailing list or opened in the explorer is the
 * same one.
 */
/**
 * `model`: how the command line named the model (a file path, or a run config
 * whose constants are then the `baseline`), when not by its registered name.
 */
export function reproduceCommand(spec: Spec, constants: Readonly<Record<string, unknown>>, command: 'check' | 'explore' = 'check', model: string = spec.name, baseline?: Readonly<Record<string, unknown>>): string {
  const defaults = baseline ?? resolveConstants(spec, {});
  const flags = Object.entries(constants)
    .filter(([name, value]) => String(defaults[name]) !== String(value))
    .map(([name, value]) => `--const ${name}=${shellWord(String(value))}`);
  return ['vigil', command, shellWord(model), ...flags].join(' ');
}

function shellWord(text: string): string {
  return /^[\w.,:=+\/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
