import type { AnyType } from '../../spec/types.js';
import { FSet } from '../../spec/fset.js';
import { Universe } from '../../spec/universe.js';
import { bitsFor, WordAllocator, type FieldSlot } from './layout.js';

/**
 * The layout tree: the state schema annotated with bit slots, skeleton indices (the
 * preallocated objects a scratch state is built from) and a "site" index per node
 * for error messages. The code generator (codec.ts) walks this tree.
 */
export type LayoutNode =
  | { kind: 'bool'; site: number; slot: FieldSlot }
  | { kind: 'int'; site: number; slot: FieldSlot; min: number; max: number }
  | { kind: 'oneOf'; site: number; slot: FieldSlot; universe: number }
  | { kind: 'set'; site: number; slots: FieldSlot[]; universe: number; skeleton: number }
  | { kind: 'record'; site: number; fields: [string, LayoutNode][]; skeleton: number }
  | { kind: 'tuple'; site: number; items: LayoutNode[]; skeleton: number }
  | { kind: 'seq'; site: number; lengthSlot: FieldSlot; maxLength: number; items: LayoutNode[]; skeleton: number };

/** Where a value sits in the state, and what type it must have. */
export interface Site {
  readonly path: string;
  readonly expected: string;
}

export interface Layout {
  readonly root: LayoutNode & { kind: 'record' };
  readonly words: number;
  readonly sites: readonly Site[];
  /** Constants referenced by generated code (universes and value lists). */
  readonly constants: readonly unknown[];
  /** Factories for the preallocated objects of one scratch state. */
  readonly skeletonFactories: readonly (() => unknown)[];
}

export function buildLayout(schema: Readonly<Record<string, AnyType>>): Layout {
  const builder = new LayoutBuilder();
  const root = builder.record(Object.entries(schema), '', 'state');
  return {
    root,
    words: builder.allocator.words,
    sites: builder.sites,
    constants: builder.constants,
    skeletonFactories: builder.skeletons,
  };
}

class LayoutBuilder {
  readonly allocator = new WordAllocator();
  readonly sites: Site[] = [];
  readonly constants: unknown[] = [];
  readonly skeletons: (() => unknown)[] = [];

  node(type: AnyType, path: string): LayoutNode {
    switch (type.kind) {
      case 'bool':
        return { kind: 'bool', site: this.site(path, 'BOOLEAN'), slot: this.allocator.allocate(1) };
      case 'int':
        return this.int(type.min, type.max, path);
      case 'oneOf':
        return {
          kind: 'oneOf',
          site: this.site(path, `one of ${describeUniverse(type.universe)}`),
          slot: this.allocator.allocate(bitsFor(type.universe.size)),
          universe: this.constant(type.universe),
        };
      case 'set':
        return this.set(type.universe, path);
      case 'record':
        return this.record(Object.entries(type.fields), path, 'a record');
      case 'map':
        return this.record(
          type.domain.map((key) => [String(key), type.value] as [string, AnyType]),
          path,
          `a function over {${type.domain.join(', ')}}`,
          true,
        );
      case 'tuple': {
        const site = this.site(path, `a ${type.items.length}-tuple`);
        const items = type.items.map((item, i) => this.node(item, `${path}[${i}]`));
        return { kind: 'tuple', site, items, skeleton: this.skeleton(() => new Array(type.items.length).fill(0)) };
      }
      case 'seq': {
        const site = this.site(path, `a sequence of at most ${type.maxLength} items`);
        const lengthSlot = this.allocator.allocate(bitsFor(type.maxLength + 1));
        const items: LayoutNode[] = [];
        for (let i = 0; i < type.maxLength; i++) items.push(this.node(type.item, `${path}[${i}]`));
        return { kind: 'seq', site, lengthSlot, maxLength: type.maxLength, items, skeleton: this.skeleton(() => []) };
      }
    }
  }

  record(entries: [string, AnyType][], path: string, expected: string, isMap = false): LayoutNode & { kind: 'record' } {
    const site = this.site(path || 'state', expected);
    const fields = entries.map(([name, type]) => [name, this.node(type, childPath(path, name, isMap))] as [string, LayoutNode]);
    const names = fields.map(([name]) => name);
    const skeleton = this.skeleton(() => Object.fromEntries(names.map((n) => [n, 0])));
    return { kind: 'record', site, fields, skeleton };
  }

  private int(min: number, max: number, path: string): LayoutNode {
    const span = max - min + 1;
    if (span > 2 ** 31) throw new Error(`${path}: integer range ${min}..${max} is too wide to pack (at most 2^31 values)`);
    return { kind: 'int', site: this.site(path, `an integer in ${min}..${max}`), slot: this.allocator.allocate(bitsFor(span)), min, max };
  }

  private set(universe: Universe<unknown>, path: string): LayoutNode {
    const slots: FieldSlot[] = [];
    for (let remaining = universe.size; remaining > 0; remaining -= 32) slots.push(this.allocator.allocate(Math.min(32, remaining)));
    return {
      kind: 'set',
      site: this.site(path, `a subset of ${describeUniverse(universe)}`),
      slots,
      universe: this.constant(universe),
      skeleton: this.skeleton(() => new FSet(universe)),
    };
  }

  private site(path: string, expected: string): number {
    this.sites.push({ path, expected });
    return this.sites.length - 1;
  }

  private constant(value: unknown): number {
    const existing = this.constants.indexOf(value);
    if (existing >= 0) return existing;
    this.constants.push(value);
    return this.constants.length - 1;
  }

  private skeleton(factory: () => unknown): number {
    this.skeletons.push(factory);
    return this.skeletons.length - 1;
  }
}

function childPath(parent: string, name: string, isMap: boolean): string {
  if (!parent) return name;
  return isMap ? `${parent}[${name}]` : `${parent}.${name}`;
}

function describeUniverse(universe: Universe<unknown>): string {
  const shown = universe.elements.slice(0, 8).map((e) => JSON.stringify(e));
  return `{${shown.join(', ')}${universe.size > 8 ? `, ... (${universe.size} values)` : ''}}`;
}
