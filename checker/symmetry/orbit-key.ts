import { canonicalKey } from '../../spec/canonical.js';
import type { ModelDef } from '../../spec/definitions.js';
import { FSet } from '../../spec/fset.js';
import { allPermutations, SymmetryGroups } from './groups.js';

/**
 * The reference explorer's symmetry: the smallest canonical string of the state
 * renamed by every permutation of every symmetric set, computed on plain objects
 * with no packed words, no signatures and no move programs. Slow (all n! renamings
 * per state) and simple on purpose: it is the oracle the fast canonicaliser is
 * tested against. Returns null when the model declares no symmetry.
 */
export function orbitKeyFor(def: ModelDef<any>): ((state: unknown) => string) | null {
  const decls = def.symmetries ?? [];
  if (decls.length === 0) return null;
  const groups = new SymmetryGroups(decls);
  let combos: Int32Array[][] = [[]];
  for (const n of groups.sizes) combos = combos.flatMap((prefix) => allPermutations(n).map((p) => [...prefix, p]));
  return (state) => {
    let best: string | null = null;
    for (const perms of combos) {
      const key = canonicalKey(rename(state, groups, perms));
      if (best === null || key < best) best = key;
    }
    return best!;
  };
}

function rename(value: unknown, groups: SymmetryGroups, perms: readonly Int32Array[]): unknown {
  if (value === null || typeof value !== 'object') {
    const mention = groups.valueMention(value);
    return mention ? groups.renameValue(value, perms[mention.group]![mention.element]!) : value;
  }
  if (value instanceof FSet) return new FSet(value.universe, value.toArray().map((member) => rename(member, groups, perms)));
  if (Array.isArray(value)) return value.map((item) => rename(item, groups, perms));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const mention = groups.keyMention(key);
    out[mention ? groups.keyOf(mention.group, perms[mention.group]![mention.element]!) : key] = rename(field, groups, perms);
  }
  return out;
}
