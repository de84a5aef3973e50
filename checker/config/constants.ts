import type { ConstDecl } from '../../spec/constants.js';
import type { Spec } from '../../spec/spec.js';
import { ConfigError } from '../errors.js';

/**
 * Fills in constant defaults and parses overrides. An unknown name or a value the
 * declaration rejects is a configuration error (exit 151) naming both.
 */
export function resolveConstants(spec: Spec, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const declarations = spec.constants as Record<string, ConstDecl<unknown>>;
  const resolved: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declarations)) resolved[name] = decl.default;
  for (const [name, raw] of Object.entries(overrides)) {
    // An own key only: "toString" or "__proto__" is an unknown name, not Object.prototype's.
    const decl = Object.hasOwn(declarations, name) ? declarations[name] : undefined;
    if (!decl) {
      const known = Object.keys(spec.constants).join(', ') || 'none';
      throw new ConfigError(`model ${spec.name}: unknown constant "${name}" (known: ${known})`);
    }
    const parsed = decl.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      throw new ConfigError(`model ${spec.name}: constant ${name}: ${(parsed as { error: string }).error}`);
    }
    resolved[name] = parsed;
  }
  return resolved;
}
