import { canonicalKey } from '../../spec/canonical.js';
import { FSet } from '../../spec/fset.js';
import type { Universe } from '../../spec/universe.js';
import type { SymmetryGroups } from './groups.js';

/**
 * How permutations act on the elements of one universe (the values a oneOf or a set
 * ranges over). Each element is split, once, into a template (the element with
 * every symmetric alias blanked out) and its mentions (which symmetric elements it
 * names, in order). The image of element i under a permutation is the element with
 * the same template and the permuted mentions, found through a numeric key: no
 * allocation per state.
 */
export class UniversePermutation {
  readonly touched: boolean;
  /** Template id of each element (permutation-invariant). */
  readonly templates: Int32Array;
  /** Mentions of element i: groups/elements at mentionStart[i] .. mentionStart[i+1]-1. */
  readonly mentionStart: Int32Array;
  readonly mentionGroup: Int32Array;
  readonly mentionElement: Int32Array;
  /** 1 where the mention's position inside its element is meaningful (not a set member). */
  readonly mentionOrdered: Uint8Array;
  /**
   * Some element is a set holding symmetric values: its image is then computed on
   * the values themselves (a set's members reorder under a permutation), and cached
   * per permutation.
   */
  private readonly structural: boolean;
  private readonly structuralTables = new Map<string, Int32Array>();
  private readonly byKey = new Map<number, number>();
  private templateCount = 0;

  constructor(
    readonly universe: Universe<unknown>,
    private readonly groups: SymmetryGroups,
    where: string,
  ) {
    const templateIds = new Map<string, number>();
    const size = universe.size;
    this.templates = new Int32Array(size);
    this.mentionStart = new Int32Array(size + 1);
    const mentionGroups: number[] = [];
    const mentionElements: number[] = [];
    const mentionOrdered: number[] = [];
    universe.elements.forEach((element, index) => {
      const mentions: Mention[] = [];
      const template = canonicalKey(blank(element, groups, mentions, where));
      if (!templateIds.has(template)) templateIds.set(template, templateIds.size);
      this.templates[index] = templateIds.get(template)!;
      this.mentionStart[index] = mentionGroups.length;
      for (const m of mentions) {
        mentionGroups.push(m.group);
        mentionElements.push(m.element);
        mentionOrdered.push(m.inSet ? 0 : 1);
      }
    });
    this.mentionStart[size] = mentionGroups.length;
    this.templateCount = templateIds.size;
    this.mentionGroup = Int32Array.from(mentionGroups);
    this.mentionElement = Int32Array.from(mentionElements);
    this.mentionOrdered = Uint8Array.from(mentionOrdered);
    this.touched = mentionGroups.length > 0;
    this.structural = mentionOrdered.includes(0);
    for (let i = 0; i < size; i++) this.byKey.set(this.keyOf(i, null), i);
    this.checkClosed(where);
  }

  /** Writes the image index of every element under `perms` (one permutation per group) into `out`. */
  fillTable(perms: readonly Int32Array[], out: Int32Array): void {
    if (this.structural) {
      out.set(this.structuralTable(perms));
      return;
    }
    for (let i = 0; i < out.length; i++) out[i] = this.imageOf(i, perms);
  }

  imageOf(index: number, perms: readonly Int32Array[] | null): number {
    if (this.mentionStart[index] === this.mentionStart[index + 1]) return index;
    if (this.structural) return perms ? this.universe.indexOf(renameValue(this.universe.at(index), this.groups, perms)) : index;
    return this.byKey.get(this.keyOf(index, perms)) ?? -1;
  }

  private structuralTable(perms: readonly Int32Array[]): Int32Array {
    const key = perms.map((p) => p.join(',')).join(';');
    let table = this.structuralTables.get(key);
    if (!table) {
      table = Int32Array.from({ length: this.universe.size }, (_, i) => this.imageOf(i, perms));
      this.structuralTables.set(key, table);
    }
    return table;
  }

  /** (mentions code) * templates + template: injective, as the template fixes how many mentions follow. */
  private keyOf(index: number, perms: readonly Int32Array[] | null): number {
    let code = 0;
    for (let m = this.mentionStart[index]!; m < this.mentionStart[index + 1]!; m++) {
      const group = this.mentionGroup[m]!;
      const element = this.mentionElement[m]!;
      code = code * this.groups.sizes[group]! + (perms ? perms[group]![element]! : element);
    }
    return code * this.templateCount + this.templates[index]!;
  }

  /** The universe must contain the image of each element under every permutation (generators suffice). */
  private checkClosed(where: string): void {
    if (!this.touched) return;
    this.groups.sizes.forEach((n, group) => {
      const identity = this.groups.sizes.map((size) => Int32Array.from({ length: size }, (_, i) => i));
      const swap = identity.map((p) => p.slice());
      swap[group]![0] = 1;
      swap[group]![1] = 0;
      const cycle = identity.map((p) => p.slice());
      cycle[group] = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
      for (const perms of [swap, cycle]) {
        for (let i = 0; i < this.universe.size; i++) {
          if (this.imageOf(i, perms) >= 0) continue;
          const element = this.universe.at(i);
          throw new Error(
            `symmetry ${this.groups.names[group]}: ${where} can hold ${canonicalKey(element)} but not its image under a permutation of ${this.groups.names[group]}; ` +
              'declare its values over the whole symmetric set',
          );
        }
      }
    });
  }
}

interface Mention {
  readonly group: number;
  readonly element: number;
  /** Found among a set's members, where positions mean nothing. */
  readonly inSet: boolean;
}

/** The value with every symmetric alias renamed (setup and --check-symmetry only: it allocates). */
function renameValue(value: unknown, groups: SymmetryGroups, perms: readonly Int32Array[]): unknown {
  if (value === null || typeof value !== 'object') {
    const mention = groups.valueMention(value);
    return mention ? groups.renameValue(value, perms[mention.group]![mention.element]!) : value;
  }
  if (value instanceof FSet) return new FSet(value.universe, value.toArray().map((member) => renameValue(member, groups, perms)));
  if (Array.isArray(value)) return value.map((item) => renameValue(item, groups, perms));
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) out[name] = renameValue((value as Record<string, unknown>)[name], groups, perms);
  return out;
}

/** The element with each symmetric alias replaced by a placeholder naming the group and alias slot. */
function blank(value: unknown, groups: SymmetryGroups, mentions: Mention[], where: string, inSet = false): unknown {
  if (value === null || typeof value !== 'object') {
    const mention = groups.valueMention(value);
    if (!mention) return value;
    mentions.push({ ...mention, inSet });
    const slot = groups.decls[mention.group]!.values[mention.element]!.indexOf(value);
    return `\u0000${mention.group}:${slot}`;
  }
  if (Array.isArray(value)) return value.map((item) => blank(item, groups, mentions, where, inSet));
  if (value instanceof FSet) {
    // The template of a set is its sorted blanked members: the same for every renaming.
    const members = value.toArray().map((member) => canonicalKey(blank(member, groups, mentions, where, true)));
    return `{${members.sort().join(',')}}`;
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) out[name] = blank((value as Record<string, unknown>)[name], groups, mentions, where, inSet);
  return out;
}
