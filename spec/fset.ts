import { Universe } from './universe.js';

/**
 * A finite set over a declared universe, stored as a bitset: bit i is set iff the
 * universe's i-th element is a member. Copying and encoding are word copies, which
 * is why state sets are FSets rather than JS `Set`s.
 *
 * `words` is a plain number array (not a typed array) so that immer can draft it in
 * the reference explorer.
 */
export class FSet<E> implements Iterable<E> {
  static {
    // Lets immer draft FSets in the reference explorer (set on the prototype, so it
    // is not a member of every instance). immer's `immerable` is this registered
    // symbol; naming it here keeps immer out of the engine's start-up.
    (FSet.prototype as unknown as Record<symbol, boolean>)[Symbol.for('immer-draftable')] = true;
  }
  readonly universe: Universe<E>;
  words: number[];

  constructor(universe: Universe<E>, members: Iterable<E> = []) {
    this.universe = universe;
    this.words = new Array<number>(Math.ceil(universe.size / 32)).fill(0);
    for (const member of members) this.add(member);
  }

  has(element: E): boolean {
    const index = this.universe.indexOf(element);
    if (index < 0) return false;
    return (this.words[index >>> 5]! & (1 << (index & 31))) !== 0;
  }

  add(element: E): this {
    const index = this.indexOrThrow(element);
    this.words[index >>> 5] = this.words[index >>> 5]! | (1 << (index & 31));
    return this;
  }

  delete(element: E): boolean {
    const index = this.universe.indexOf(element);
    if (index < 0 || !this.has(element)) return false;
    this.words[index >>> 5] = this.words[index >>> 5]! & ~(1 << (index & 31));
    return true;
  }

  clear(): void {
    for (let i = 0; i < this.words.length; i++) this.words[i] = 0;
  }

  get size(): number {
    let count = 0;
    for (const word of this.words) count += popcount(word);
    return count;
  }

  isEmpty(): boolean {
    for (const word of this.words) if (word !== 0) return false;
    return true;
  }

  isSubsetOf(other: FSet<E> | ReadonlySet<E> | readonly E[]): boolean {
    const that = this.sameUniverse(other);
    return this.words.every((word, i) => (word & ~that.words[i]!) === 0);
  }

  equals(other: FSet<E> | ReadonlySet<E> | readonly E[]): boolean {
    const that = this.sameUniverse(other);
    return this.words.every((word, i) => word === that.words[i]);
  }

  /** Replace the contents with `other`'s (same universe). */
  assign(other: FSet<E> | ReadonlySet<E> | readonly E[]): this {
    const that = this.sameUniverse(other);
    for (let i = 0; i < this.words.length; i++) this.words[i] = that.words[i]!;
    return this;
  }

  /** A new set with the members of both. */
  union(other: FSet<E> | ReadonlySet<E> | readonly E[]): FSet<E> {
    return this.combine(other, (a, b) => a | b);
  }

  intersection(other: FSet<E> | ReadonlySet<E> | readonly E[]): FSet<E> {
    return this.combine(other, (a, b) => a & b);
  }

  difference(other: FSet<E> | ReadonlySet<E> | readonly E[]): FSet<E> {
    return this.combine(other, (a, b) => a & ~b);
  }

  /** Members in universe order. */
  [Symbol.iterator](): Iterator<E> {
    return this.toArray()[Symbol.iterator]();
  }

  toArray(): E[] {
    const out: E[] = [];
    this.forEach((member) => out.push(member));
    return out;
  }

  /** Calls `visit` for each member in universe order, without allocating. */
  forEach(visit: (member: E) => void): void {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        visit(this.universe.at(w * 32 + bit));
        word &= word - 1;
      }
    }
  }

  every(predicate: (member: E) => boolean): boolean {
    for (let w = 0; w < this.words.length; w++) {
      let word = this.words[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        if (!predicate(this.universe.at(w * 32 + bit))) return false;
        word &= word - 1;
      }
    }
    return true;
  }

  some(predicate: (member: E) => boolean): boolean {
    return !this.every((member) => !predicate(member));
  }

  /** Used by `canonicalKey`: a set is keyed by its members, not its layout. */
  canonicalMembers(): E[] {
    return this.toArray();
  }

  toJSON(): E[] {
    return this.toArray();
  }

  private combine(other: FSet<E> | ReadonlySet<E> | readonly E[], op: (a: number, b: number) => number): FSet<E> {
    const that = this.sameUniverse(other);
    const result = new FSet(this.universe);
    for (let i = 0; i < this.words.length; i++) result.words[i] = op(this.words[i]!, that.words[i]!) | 0;
    return result;
  }

  private indexOrThrow(element: E): number {
    const index = this.universe.indexOf(element);
    if (index < 0) throw new RangeError(`value ${JSON.stringify(element)} is not in the set's universe ${this.universe.describe()}`);
    return index;
  }

  /**
   * `other` as a set over this universe: a JS Set or array is accepted (its members
   * must be in the universe); an FSet over an equal list of elements is used as is.
   */
  private sameUniverse(other: FSet<E> | ReadonlySet<E> | readonly E[]): FSet<E> {
    if (other instanceof Set || Array.isArray(other)) return new FSet(this.universe, other as Iterable<E>);
    if (!(other instanceof FSet)) throw new TypeError(notAnFSet(other));
    if (other.universe === this.universe || this.universe.sameElementsAs(other.universe)) return other;
    throw new Error(
      `sets over different universes: ${this.universe.describe()} and ${other.universe.describe()}; ` +
        'declare the set type once (const Ids = t.set([...])) and make both values with Ids.empty() / Ids.of(...), or convert one with Ids.of(...other)',
    );
  }
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** The message for a JS Set or array passed where an FSet is needed: what to write instead. */
export function notAnFSet(value: unknown): string {
  const what = value instanceof Set ? `a JS Set of ${value.size}` : Array.isArray(value) ? `an array of ${value.length}` : `${typeof value} ${String(value)}`;
  return `expected an FSet, got ${what}: make set values with the set type's of(...) / empty() (const Ids = t.set([...]); Ids.of(1, 2)), or new FSet(universe, members)`;
}
