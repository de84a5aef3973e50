import type { PermutableSlots } from './permutable-slots.js';

/**
 * A permutation-invariant fingerprint of each symmetric element in one state: what
 * sits at its own map keys, and where it is mentioned (which family, which value
 * template). Renaming elements renames their signatures with them, so sorting
 * elements by signature puts every state of an orbit in the same order, up to ties.
 * Collisions only cost exactness (ties), never soundness.
 */
export class ElementSignatures {
  /** signatures[g][j]: element j of group g. */
  readonly signatures: Int32Array[];

  constructor(
    private readonly slots: PermutableSlots,
    sizes: readonly number[],
  ) {
    this.signatures = sizes.map((n) => new Int32Array(n));
  }

  compute(words: Int32Array, base: number): void {
    for (const signature of this.signatures) signature.fill(0);
    const { entries, universes } = this.slots;
    for (const entry of entries) {
      const guard = entry.guard;
      if (guard && ((words[base + guard.slot.word]! >>> guard.slot.offset) & (guard.slot.bits >= 32 ? -1 : (1 << guard.slot.bits) - 1)) <= guard.index) continue;
      if (entry.kind === 'leaf') {
        const slot = entry.slots[0]!;
        const value = (words[base + slot.word]! >>> slot.offset) & (slot.bits >= 32 ? -1 : (1 << slot.bits) - 1);
        if (entry.universe < 0) this.ownKeys(entry.keys, entry.family, value, 0);
        else this.element(entry.keys, entry.family, entry.universe, value, 0);
        continue;
      }
      const size = universes[entry.universe]!.universe.size;
      for (let i = 0; i < size; i++) {
        const slot = entry.slots[i >>> 5]!;
        if (((words[base + slot.word]! >>> (slot.offset + (i & 31))) & 1) !== 0) this.element(entry.keys, entry.family, entry.universe, i, 1);
      }
    }
  }

  private ownKeys(keys: readonly { group: number; element: number }[], family: number, value: number, salt: number): void {
    for (let p = 0; p < keys.length; p++) {
      const key = keys[p]!;
      this.signatures[key.group]![key.element] = (this.signatures[key.group]![key.element]! + mix(family, p, value, salt)) | 0;
    }
  }

  /** A universe element held at `keys`: features for the keys and for every element it mentions. */
  private element(keys: readonly { group: number; element: number }[], family: number, universe: number, index: number, salt: number): void {
    const u = this.slots.universes[universe]!;
    const template = u.templates[index]!;
    const first = u.mentionStart[index]!;
    const last = u.mentionStart[index + 1]!;
    for (let p = 0; p < keys.length; p++) {
      // Which mentions name the key's own element: invariant, and tells "self" from "other".
      let self = 0;
      for (let m = first; m < last; m++) if (u.mentionGroup[m] === keys[p]!.group && u.mentionElement[m] === keys[p]!.element) self |= 1 << (u.mentionOrdered[m] ? Math.min(m - first, 29) : 30);
      const key = keys[p]!;
      this.signatures[key.group]![key.element] = (this.signatures[key.group]![key.element]! + mix(family, p, template * 64 + self, salt + 2)) | 0;
    }
    for (let m = first; m < last; m++) {
      const group = u.mentionGroup[m]!;
      const element = u.mentionElement[m]!;
      const position = u.mentionOrdered[m] ? Math.min(m - first, 98) : 99;
      this.signatures[group]![element] = (this.signatures[group]![element]! + mix(family, 100 + position, template, salt + 4 + keys.length * 8)) | 0;
    }
  }
}

function mix(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
  return h ^ (h >>> 16);
}
