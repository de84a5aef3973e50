import type { SymmetryDecl } from '../../spec/symmetry.js';

/**
 * The symmetric sets of a run, numbered: group g has `sizes[g]` elements. A
 * primitive value or a map key that is an alias of element j of group g is found
 * here; everything else is left alone by permutations.
 */
export interface Mention {
  readonly group: number;
  readonly element: number;
}

export class SymmetryGroups {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  private readonly byValue = new Map<unknown, Mention>();
  private readonly byKey = new Map<string, Mention>();

  constructor(readonly decls: readonly SymmetryDecl[]) {
    this.names = decls.map((d) => d.name);
    this.sizes = decls.map((d) => d.keys.length);
    decls.forEach((decl, group) => {
      decl.keys.forEach((key, element) => this.claim(this.byKey, key, { group, element }, decl.name));
      decl.values.forEach((aliases, element) => aliases.forEach((value) => this.claim(this.byValue, value, { group, element }, decl.name)));
    });
  }

  get count(): number {
    return this.sizes.length;
  }

  valueMention(value: unknown): Mention | undefined {
    return this.byValue.get(value);
  }

  keyMention(key: string): Mention | undefined {
    return this.byKey.get(key);
  }

  /** The alias of element `element` that corresponds to `value` (same alias position). */
  renameValue(value: unknown, image: number): unknown {
    const mention = this.byValue.get(value)!;
    const aliases = this.decls[mention.group]!.values;
    const position = aliases[mention.element]!.indexOf(value);
    return aliases[image]![position];
  }

  keyOf(group: number, element: number): string {
    return this.decls[group]!.keys[element]!;
  }

  private claim(table: Map<unknown, Mention>, value: unknown, mention: Mention, name: string): void {
    const other = table.get(value);
    if (other && (other.group !== mention.group || other.element !== mention.element)) {
      throw new Error(`symmetry ${name}: value ${JSON.stringify(value)} belongs to two symmetric elements`);
    }
    table.set(value, mention);
  }
}

/** Every permutation of 0..n-1, identity first (Heap-free lexicographic order). */
export function allPermutations(n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const current = new Int32Array(n);
  const used = new Uint8Array(n);
  const visit = (position: number): void => {
    if (position === n) {
      out.push(current.slice());
      return;
    }
    for (let v = 0; v < n; v++) {
      if (used[v]) continue;
      used[v] = 1;
      current[position] = v;
      visit(position + 1);
      used[v] = 0;
    }
  };
  visit(0);
  return out;
}
