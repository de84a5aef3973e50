import type { MovableEntry, PermutableSlots } from './permutable-slots.js';

/**
 * Ints per move: source word, shift, mask; destination word, shift; renaming table
 * (-1: none); guard word, shift, mask, index (a sequence item moves only when its
 * sequence's length exceeds the index; index -1: always).
 */
const STRIDE = 10;

/**
 * One permutation (one per symmetric group) resolved against the slots: a flat list
 * of bit-field moves and the renaming tables of the touched universes. Applying it
 * is a single loop over typed arrays. A program is rebuilt in place for another
 * permutation (`resolve`), so the heuristic canonicaliser allocates nothing per state.
 */
export class PermutationProgram {
  readonly moves: Int32Array;
  readonly tables: Int32Array[];

  constructor(private readonly slots: PermutableSlots) {
    let count = 0;
    for (const entry of slots.entries) count += entry.kind === 'leaf' ? 1 : slots.universes[entry.universe]!.universe.size;
    this.moves = new Int32Array(count * STRIDE);
    this.tables = slots.universes.map((u) => new Int32Array(u.universe.size));
  }

  /** Rebuilds the moves for `perms` (perms[g][j] = image of element j of group g). */
  resolve(perms: readonly Int32Array[]): this {
    const { entries, universes, familyMembers, familyGroups } = this.slots;
    for (let i = 0; i < universes.length; i++) universes[i]!.fillTable(perms, this.tables[i]!);
    const moves = this.moves;
    let at = 0;
    for (const entry of entries) {
      const groups = familyGroups[entry.family]!;
      let code = 0;
      for (let k = 0; k < entry.keys.length; k++) code = code * perms[groups[k]!]!.length + perms[entry.keys[k]!.group]![entry.keys[k]!.element]!;
      const target = entries[familyMembers[entry.family]![code]!]!;
      if (entry.kind === 'leaf') {
        const from = entry.slots[0]!;
        const to = target.slots[0]!;
        moves[at++] = from.word;
        moves[at++] = from.offset;
        moves[at++] = from.bits >= 32 ? -1 : (1 << from.bits) - 1;
        moves[at++] = to.word;
        moves[at++] = to.offset;
        moves[at++] = entry.universe;
        at = writeGuard(moves, at, entry.guard);
        continue;
      }
      const table = this.tables[entry.universe]!;
      for (let i = 0; i < table.length; i++) {
        const image = table[i]!;
        const from = entry.slots[i >>> 5]!;
        const to = target.slots[image >>> 5]!;
        moves[at++] = from.word;
        moves[at++] = from.offset + (i & 31);
        moves[at++] = 1;
        moves[at++] = to.word;
        moves[at++] = to.offset + (image & 31);
        moves[at++] = -1;
        at = writeGuard(moves, at, entry.guard);
      }
    }
    return this;
  }

  /** Writes the permuted words of `src[base..]` into `out[0..]`. */
  apply(src: Int32Array, base: number, out: Int32Array): void {
    const fixed = this.slots.fixedMask;
    for (let w = 0; w < fixed.length; w++) out[w] = src[base + w]! & fixed[w]!;
    const moves = this.moves;
    const tables = this.tables;
    for (let k = 0; k < moves.length; k += STRIDE) {
      const guarded = moves[k + 9]!;
      if (guarded >= 0 && ((src[base + moves[k + 6]!]! >>> moves[k + 7]!) & moves[k + 8]!) <= guarded) continue;
      let value = (src[base + moves[k]!]! >>> moves[k + 1]!) & moves[k + 2]!;
      const table = moves[k + 5]!;
      if (table >= 0) value = tables[table]![value]!;
      out[moves[k + 3]!] |= value << moves[k + 4]!;
    }
  }
}

function writeGuard(moves: Int32Array, at: number, guard: MovableEntry['guard']): number {
  moves[at++] = guard ? guard.slot.word : 0;
  moves[at++] = guard ? guard.slot.offset : 0;
  moves[at++] = guard ? (guard.slot.bits >= 32 ? -1 : (1 << guard.slot.bits) - 1) : 0;
  moves[at++] = guard ? guard.index : -1;
  return at;
}
