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
  /** Small universes are searched by identity in a plain loop: faster than a Map lookup. */
  private readonly small: boolean;
  /** When the elements are the integers first..first+size-1: the index is arithmetic. */
  private readonly firstInteger: number | undefined;

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
    this.small = list.length <= 16;
    this.firstInteger = consecutiveIntegersFrom(list);
  }

  get size(): number {
    return this.elements.length;
  }

  /** Index of `value`, or -1 when it is not an element. */
  indexOf(value: unknown): number {
    if (this.firstInteger !== undefined) {
      if (typeof value !== 'number') return -1;
      const index = value - this.firstInteger;
      return index >= 0 && index < this.elements.length && Number.isInteger(index) ? index : -1;
    }
    if (this.small) {
      const elements = this.elements;
      for (let i = 0; i < elements.length; i++) if (elements[i] === value) return i;
    }
    // (a miss falls through to the Map, which also finds NaN by SameValueZero)
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

/** `first` when the elements are first, first+1, ... (integers), else undefined. */
function consecutiveIntegersFrom(list: readonly unknown[]): number | undefined {
  if (list.length === 0 || !Number.isSafeInteger(list[0])) return undefined;
  const first = list[0] as number;
  return list.every((element, i) => element === first + i) ? first : undefined;
}
