import { canonicalKey } from './canonical.js';

/**
 * A finite, ordered collection of values that a set or a `oneOf` type ranges over.
 * Each element has a stable index; the index is what the packed encoding stores.
 *
 * Lookups try identity first (cheap, and models usually reuse the element objects
 * they declared), then fall back to the canonical key so that a structurally equal
 * record built on the fly still finds its index.
 */
export class Universe<E> {
  readonly elements: readonly E[];
  private readonly byIdentity = new Map<unknown, number>();
  private readonly byKey = new Map<string, number>();
  private readonly primitive: boolean;

  constructor(elements: Iterable<E>) {
    const list = [...elements];
    this.primitive = list.every((e) => e === null || typeof e !== 'object');
    list.forEach((element, index) => {
      const key = canonicalKey(element);
      if (this.byKey.has(key)) throw new Error(`duplicate element ${key} in a universe`);
      this.byKey.set(key, index);
      this.byIdentity.set(element, index);
    });
    this.elements = list;
  }

  get size(): number {
    return this.elements.length;
  }

  /** Index of `value`, or -1 when it is not an element. */
  indexOf(value: unknown): number {
    const direct = this.byIdentity.get(value);
    if (direct !== undefined) return direct;
    if (this.primitive) return -1;
    if (value === null || typeof value !== 'object') return -1;
    return this.byKey.get(canonicalKey(value)) ?? -1;
  }

  at(index: number): E {
    return this.elements[index]!;
  }

  /** Same elements in the same order (two `t.set(...)` calls over equal lists): their sets' words agree. */
  sameElementsAs(other: Universe<unknown>): boolean {
    if (other === (this as Universe<unknown>)) return true;
    if (other.size !== this.size) return false;
    return this.elements.every((element, i) => canonicalKey(element) === canonicalKey(other.elements[i]));
  }

  /** `{1, 2, 3}`, shortened after a few elements, for error messages. */
  describe(): string {
    const shown = this.elements.slice(0, 6).map((e) => canonicalKey(e));
    return `{${shown.join(', ')}${this.size > 6 ? `, ... (${this.size} elements)` : ''}}`;
  }
}
