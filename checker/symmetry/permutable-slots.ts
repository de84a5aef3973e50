import type { AnyType } from '../../spec/types.js';
import type { Universe } from '../../spec/universe.js';
import { buildLayout, type LayoutNode } from '../state/codec-layout.js';
import { maskFor, type FieldSlot } from '../state/layout.js';
import type { Mention, SymmetryGroups } from './groups.js';
import { UniversePermutation } from './universe-permutation.js';

/**
 * The packed state seen by permutations, derived from the schema and the codec's
 * own layout (the same bit slots). Bits no permutation can change are "fixed" (one
 * mask per word). Every other slot is a movable entry:
 * - its family is its path with symmetric map keys abstracted (`rmState[*]`), and
 *   its keys are the symmetric elements those keys name; a permutation moves the
 *   entry to the family member at the permuted keys;
 * - a oneOf over a touched universe also has its value renamed;
 * - a set over a touched universe has its bits moved (`set` entries).
 */
export interface MovableEntry {
  readonly kind: 'leaf' | 'set';
  readonly family: number;
  readonly keys: readonly Mention[];
  /** The slot (leaf), or the set's chunk slots. */
  readonly slots: readonly FieldSlot[];
  /** Index into `universes` of a touched universe, or -1. */
  readonly universe: number;
  /** A sequence item exists only when the length slot exceeds `index`; unused items stay zero. */
  readonly guard: { readonly slot: FieldSlot; readonly index: number } | null;
}

export interface PermutableSlots {
  readonly words: number;
  readonly fixedMask: Int32Array;
  readonly entries: readonly MovableEntry[];
  readonly universes: readonly UniversePermutation[];
  /** For each family, the entry index at each key tuple (mixed-radix code over the key groups). */
  readonly familyMembers: readonly Int32Array[];
  /** For each family, the groups of its keys (the radices of its codes). */
  readonly familyGroups: readonly (readonly number[])[];
}

export function permutableSlots(schema: Readonly<Record<string, AnyType>>, groups: SymmetryGroups): PermutableSlots {
  const layout = buildLayout(schema);
  const walker = new SlotWalker(groups, layout.words);
  walker.record(schema, layout.root, '', []);
  return walker.result();
}

class SlotWalker {
  private readonly fixedMask: Int32Array;
  private readonly entries: MovableEntry[] = [];
  private readonly universes: UniversePermutation[] = [];
  private readonly universeIndex = new Map<Universe<unknown>, number>();
  private readonly families = new Map<string, number>();
  private readonly familyGroups: number[][] = [];
  private readonly familyEntries: { code: number; entry: number }[][] = [];
  private guard: MovableEntry['guard'] = null;

  constructor(
    private readonly groups: SymmetryGroups,
    private readonly words: number,
  ) {
    this.fixedMask = new Int32Array(words);
  }

  record(fields: Readonly<Record<string, AnyType>>, node: LayoutNode, path: string, keys: Mention[]): void {
    if (node.kind !== 'record') throw new Error('internal: layout and schema disagree');
    const byName = new Map(node.fields);
    for (const [name, type] of Object.entries(fields)) this.node(type, byName.get(name)!, `${path}.${name}`, keys);
  }

  private node(type: AnyType, node: LayoutNode, path: string, keys: Mention[]): void {
    switch (type.kind) {
      case 'bool':
      case 'int':
        this.leaf(node as LayoutNode & { slot: FieldSlot }, path, keys, -1);
        return;
      case 'oneOf':
        this.leaf(node as LayoutNode & { slot: FieldSlot }, path, keys, this.universe(type.universe, path));
        return;
      case 'set': {
        const slots = (node as LayoutNode & { kind: 'set' }).slots;
        const universe = this.universe(type.universe, path);
        if (universe >= 0) this.add({ kind: 'set', family: this.family(path, keys), keys, slots, universe, guard: this.guard });
        else slots.forEach((slot, i) => this.leaf({ slot }, `${path}#${i}`, keys, -1));
        return;
      }
      case 'record':
        this.record(type.fields, node, path, keys);
        return;
      case 'map':
        this.map(type.domain.map(String), type.value, node, path, keys);
        return;
      case 'tuple':
        type.items.forEach((item, i) => this.node(item, (node as LayoutNode & { kind: 'tuple' }).items[i]!, `${path}[${i}]`, keys));
        return;
      case 'seq': {
        const seq = node as LayoutNode & { kind: 'seq' };
        this.leaf({ slot: seq.lengthSlot }, `${path}.length`, keys, -1);
        const outer = this.guard;
        seq.items.forEach((item, i) => {
          this.guard = { slot: seq.lengthSlot, index: i };
          this.node(type.item, item, `${path}[${i}]`, keys);
        });
        this.guard = outer;
        return;
      }
    }
  }

  private map(domain: string[], value: AnyType, node: LayoutNode, path: string, keys: Mention[]): void {
    if (node.kind !== 'record') throw new Error('internal: layout and schema disagree');
    const byName = new Map(node.fields);
    const touchedGroups = new Set<number>();
    for (const key of domain) {
      const mention = this.groups.keyMention(key);
      if (mention) touchedGroups.add(mention.group);
    }
    for (const group of touchedGroups) {
      for (let element = 0; element < this.groups.sizes[group]!; element++) {
        const key = this.groups.keyOf(group, element);
        if (!domain.includes(key)) {
          throw new Error(`symmetry ${this.groups.names[group]}: state${path} is a function over {${domain.join(', ')}}, which lacks ${key}; its domain must hold the whole symmetric set`);
        }
      }
    }
    for (const key of domain) {
      const mention = this.groups.keyMention(key);
      const childPath = mention ? `${path}[*${mention.group}]` : `${path}[${key}]`;
      this.node(value, byName.get(key)!, childPath, mention ? [...keys, mention] : keys);
    }
  }

  private leaf(node: { slot: FieldSlot }, path: string, keys: Mention[], universe: number): void {
    const slot = node.slot;
    if (slot.bits === 0) return;
    if (keys.length === 0 && universe < 0 && this.guard === null) {
      this.fixedMask[slot.word]! |= maskFor(slot.bits) << slot.offset;
      return;
    }
    this.add({ kind: 'leaf', family: this.family(path, keys), keys, slots: [slot], universe, guard: this.guard });
  }

  private universe(universe: Universe<unknown>, path: string): number {
    const known = this.universeIndex.get(universe);
    if (known !== undefined) return known;
    const permutation = new UniversePermutation(universe, this.groups, `state${path}`);
    const index = permutation.touched ? this.universes.push(permutation) - 1 : -1;
    this.universeIndex.set(universe, index);
    return index;
  }

  private family(path: string, keys: Mention[]): number {
    let family = this.families.get(path);
    if (family === undefined) {
      family = this.families.size;
      this.families.set(path, family);
      this.familyGroups.push(keys.map((k) => k.group));
      this.familyEntries.push([]);
    }
    return family;
  }

  private add(entry: MovableEntry): void {
    const index = this.entries.push(entry) - 1;
    this.familyEntries[entry.family]!.push({ code: keyCode(entry.keys.map((k) => k.element), this.familyGroups[entry.family]!, this.groups.sizes), entry: index });
  }

  result(): PermutableSlots {
    const familyMembers = this.familyEntries.map((members, family) => {
      const size = this.familyGroups[family]!.reduce((product, group) => product * this.groups.sizes[group]!, 1);
      const table = new Int32Array(size).fill(-1);
      for (const { code, entry } of members) table[code] = entry;
      return table;
    });
    return {
      words: this.words,
      fixedMask: this.fixedMask,
      entries: this.entries,
      universes: this.universes,
      familyMembers,
      familyGroups: this.familyGroups,
    };
  }
}

/** Mixed-radix code of a key tuple (elements of the given groups). */
export function keyCode(elements: ArrayLike<number>, groups: readonly number[], sizes: readonly number[]): number {
  let code = 0;
  for (let i = 0; i < groups.length; i++) code = code * sizes[groups[i]!]! + elements[i]!;
  return code;
}
