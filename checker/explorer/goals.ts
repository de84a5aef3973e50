import { ConfigError } from '../errors.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { SearchGoal } from './search.js';

/**
 * Every kind of property a reviewer can ask about in the explorer, as one list:
 * invariants and "possible" properties (over a state), action properties (over
 * the step into a state), step assertions (raised by a step) and deadlock. Each
 * becomes a search goal the way the engine checks it, so "shortest path to a
 * step where S7 fails" finds the same kind of step `vigil check` reports.
 */
export type PropertyKind = 'invariant' | 'possible' | 'action' | 'assertion' | 'deadlock';
export type Want = 'holds' | 'violated';

export interface NamedProperty {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string | null;
}

/** The pseudo-property for deadlock freedom, listed when the model checks deadlock. */
export const DEADLOCK = 'deadlock';

export function namedProperties(model: RuntimeModel<any>): NamedProperty[] {
  const def = model.def;
  const described =
    (kind: PropertyKind) =>
    (p: { name: string; description?: string }): NamedProperty => ({ name: p.name, kind, description: p.description ?? null });
  return [
    ...def.invariants.map(described('invariant')),
    ...def.possibles.map(described('possible')),
    ...def.actionProperties.map(described('action')),
    ...def.assertions.map(described('assertion')),
    ...(def.checkDeadlock ? [{ name: DEADLOCK, kind: 'deadlock' as const, description: 'some step is enabled in every reachable state that is not terminal' }] : []),
  ];
}

/** By name, or `kind:name` when two kinds share a name (vfio's S8 is an invariant and an assertion). */
export function findProperty(model: RuntimeModel<any>, name: string): NamedProperty {
  const all = namedProperties(model);
  const property = all.find((p) => `${p.kind}:${p.name}` === name) ?? all.find((p) => p.name === name);
  if (!property) throw new ConfigError(`unknown property "${name}" (known: ${all.map((p) => p.name).join(', ') || 'none'})`);
  return property;
}

/** The search goal for "a state (or step) where `name` holds / is violated". */
export function goalFor<S extends object>(model: RuntimeModel<S>, name: string, want: Want): SearchGoal<S> {
  const property = findProperty(model, name);
  name = property.name;
  const wanted = want === 'holds';
  const def = model.def;
  switch (property.kind) {
    case 'invariant':
    case 'possible': {
      const holds = [...def.invariants, ...def.possibles].find((p) => p.name === name)!.holds;
      return { state: (s) => holds(s) === wanted };
    }
    case 'action': {
      const holds = def.actionProperties.find((p) => p.name === name)!.holds;
      return { step: (s, next) => holds(s, next) === wanted };
    }
    case 'assertion':
      if (wanted) throw new ConfigError(`assertion ${name}: only a step where it fails can be searched for`);
      return { failure: (failure) => failure.assertion === name };
    case 'deadlock':
      if (wanted) throw new ConfigError('deadlock: only a deadlocked state can be searched for');
      return { deadlock: true };
  }
}

/** "a state where S1 is violated", "a step where assertion S7 fails", "a deadlocked state". */
export function describeGoal(property: NamedProperty, want: Want): string {
  if (property.kind === 'deadlock') return 'a deadlocked state';
  if (property.kind === 'assertion') return `a step where assertion ${property.name} fails`;
  if (property.kind === 'action') return `a step where ${property.name} ${want === 'holds' ? 'holds' : 'is violated'}`;
  return `a state where ${property.name} ${want === 'holds' ? 'holds' : 'is violated'}`;
}
