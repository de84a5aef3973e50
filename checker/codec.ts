import type { AnyType } from '../spec/types.js';
import { FSet } from '../spec/fset.js';
import { buildLayout, type Layout, type LayoutNode } from './codec-layout.js';
import { maskFor, type FieldSlot } from './layout.js';
import { OutOfTypeError } from './errors.js';

/**
 * Schema-compiled state codec. From the layout tree it generates three straight-line
 * functions (no loops over the schema, no per-state allocation):
 * - `encode(state, out, base)`: validates every field and packs it into words;
 * - `decode(words, base)`: unpacks into a scratch state's preallocated objects;
 * - `copy(src)`: copies a state into a scratch state (the draft an action mutates).
 *
 * Scratch states are owned by the codec user: each `createScratch()` gets its own
 * preallocated object graph, re-linked on every decode/copy so that an action that
 * replaced a whole sub-object cannot corrupt the next successor.
 */
export interface StateCodec<S> {
  readonly words: number;
  readonly variables: readonly string[];
  encode(state: S, out: Int32Array, base: number): void;
  createScratch(): ScratchState<S>;
  /** A fresh state object (not shared with any scratch) decoded from words. */
  decodeFresh(words: Int32Array, base: number): S;
}

export interface ScratchState<S> {
  readonly state: S;
  decode(words: Int32Array, base: number): S;
  copyFrom(source: S): S;
}

type Reindex = (set: FSet<unknown>, universe: unknown, site: number) => FSet<unknown>;
type GeneratedFactory = (K: unknown[], C: readonly unknown[], FSetClass: typeof FSet, fail: (site: number, value: unknown) => never, reindex: Reindex) => {
  decode(words: Int32Array, base: number): void;
  copy(source: unknown): void;
  encode(state: unknown, out: Int32Array, base: number): void;
};

export function compileCodec<S>(schema: Readonly<Record<string, AnyType>>): StateCodec<S> {
  const layout = buildLayout(schema);
  const factory = new Function('K', 'C', 'FSet', 'fail', 'reindex', generateSource(layout)) as GeneratedFactory;
  const fail = (site: number, value: unknown): never => {
    const where = layout.sites[site]!;
    throw new OutOfTypeError(where.path, where.expected, value);
  };
  // Slow path for a set built over another universe object: re-index its members.
  const reindex: Reindex = (set, universe, site) => {
    const target = universe as FSet<unknown>['universe'];
    for (const member of set) if (target.indexOf(member) < 0) fail(site, set);
    return new FSet(target, set);
  };
  const makeScratch = () => {
    const K = layout.skeletonFactories.map((make) => make());
    const functions = factory(K, layout.constants, FSet, fail, reindex);
    return { root: K[layout.root.skeleton] as S, functions };
  };
  const encoder = makeScratch().functions;
  return {
    words: layout.words,
    variables: layout.root.fields.map(([name]) => name),
    encode: (state, out, base) => encoder.encode(state, out, base),
    createScratch() {
      const { root, functions } = makeScratch();
      return {
        state: root,
        decode: (words, base) => (functions.decode(words, base), root),
        copyFrom: (source) => (functions.copy(source), root),
      };
    },
    decodeFresh(words, base) {
      const { root, functions } = makeScratch();
      functions.decode(words, base);
      return root;
    },
  };
}

function generateSource(layout: Layout): string {
  const names = new NameSource();
  const enc = new EncodeGenerator(names, layout.words);
  const dec = new DecodeGenerator(names);
  const cpy = new CopyGenerator(names);
  enc.record(layout.root, 'state');
  dec.composite(layout.root, null);
  cpy.composite(layout.root, 'source', null);
  const loads = Array.from({ length: layout.words }, (_, i) => `const w${i} = words[base + ${i}];`).join('\n');
  const locals = Array.from({ length: layout.words }, (_, i) => `let w${i} = 0;`).join('\n');
  const stores = Array.from({ length: layout.words }, (_, i) => `out[base + ${i}] = w${i};`).join('\n');
  return `"use strict";
return {
  decode(words, base) {\n${loads}\n${dec.lines.join('\n')}\n  },
  copy(source) {\n${cpy.lines.join('\n')}\n  },
  encode(state, out, base) {\n${locals}\n${enc.lines.join('\n')}\n${stores}\n  },
};`;
}

class NameSource {
  private next = 0;
  fresh(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}

const prop = (name: string) => `[${JSON.stringify(name)}]`;
const extract = (slot: FieldSlot) => `((w${slot.word} >>> ${slot.offset}) & ${maskFor(slot.bits)})`;

/** Validates and packs; `value` is the name of a local holding the node's value. */
class EncodeGenerator {
  readonly lines: string[] = [];
  constructor(
    private readonly names: NameSource,
    private readonly words: number,
  ) {}

  node(node: LayoutNode, value: string): void {
    switch (node.kind) {
      case 'bool':
        this.lines.push(`if (${value} === true) { ${this.or(node.slot, '1')} } else if (${value} !== false) fail(${node.site}, ${value});`);
        return;
      case 'int':
        this.lines.push(
          `if (typeof ${value} !== 'number' || !(${value} >= ${node.min} && ${value} <= ${node.max}) || Math.floor(${value}) !== ${value}) fail(${node.site}, ${value});`,
          this.or(node.slot, `(${value} - ${node.min})`),
        );
        return;
      case 'oneOf': {
        const index = this.names.fresh('i');
        this.lines.push(`const ${index} = C[${node.universe}].indexOf(${value});`, `if (${index} < 0) fail(${node.site}, ${value});`, this.or(node.slot, index));
        return;
      }
      case 'set':
        this.lines.push(`if (!(${value} instanceof FSet)) fail(${node.site}, ${value});`);
        this.lines.push(`const ${value}w = ${value}.universe === C[${node.universe}] ? ${value}.words : reindex(${value}, C[${node.universe}], ${node.site}).words;`);
        node.slots.forEach((slot, i) => this.lines.push(this.or(slot, `${value}w[${i}]`)));
        return;
      case 'record':
        this.record(node, value);
        return;
      case 'tuple':
        this.lines.push(`if (!Array.isArray(${value}) || ${value}.length !== ${node.items.length}) fail(${node.site}, ${value});`);
        node.items.forEach((item, i) => this.child(item, `${value}[${i}]`));
        return;
      case 'seq':
        this.lines.push(`if (!Array.isArray(${value}) || ${value}.length > ${node.maxLength}) fail(${node.site}, ${value});`);
        this.lines.push(this.or(node.lengthSlot, `${value}.length`));
        node.items.forEach((item, i) => {
          this.lines.push(`if (${value}.length > ${i}) {`);
          this.child(item, `${value}[${i}]`);
          this.lines.push('}');
        });
        return;
    }
  }

  record(node: LayoutNode & { kind: 'record' }, value: string): void {
    this.lines.push(`if (typeof ${value} !== 'object' || ${value} === null) fail(${node.site}, ${value});`);
    for (const [name, child] of node.fields) this.child(child, `${value}${prop(name)}`);
  }

  private child(node: LayoutNode, access: string): void {
    const local = this.names.fresh('v');
    this.lines.push(`const ${local} = ${access};`);
    this.node(node, local);
  }

  private or(slot: FieldSlot, index: string): string {
    if (slot.bits === 0) return '';
    if (slot.word >= this.words) throw new Error('internal: slot beyond layout');
    const masked = slot.bits === 32 ? index : `(${index} & ${maskFor(slot.bits)})`;
    return `w${slot.word} |= ${masked} << ${slot.offset};`;
  }
}

/** Unpacks into the skeleton K; `target` is an assignable expression (null for the root). */
class DecodeGenerator {
  readonly lines: string[] = [];
  constructor(private readonly names: NameSource) {}

  node(node: LayoutNode, target: string): void {
    switch (node.kind) {
      case 'bool':
        this.lines.push(`${target} = ${extract(node.slot)} !== 0;`);
        return;
      case 'int':
        this.lines.push(`${target} = ${extract(node.slot)} + ${node.min};`);
        return;
      case 'oneOf':
        this.lines.push(`${target} = C[${node.universe}].at(${extract(node.slot)});`);
        return;
      default:
        this.composite(node, target);
    }
  }

  composite(node: Exclude<LayoutNode, { kind: 'bool' | 'int' | 'oneOf' }>, target: string | null): void {
    const self = `K[${node.skeleton}]`;
    if (target !== null) this.lines.push(`${target} = ${self};`);
    switch (node.kind) {
      case 'set':
        node.slots.forEach((slot, i) => this.lines.push(`${self}.words[${i}] = ${slot.bits === 32 ? `w${slot.word}` : extract(slot)};`));
        return;
      case 'record':
        for (const [name, child] of node.fields) this.node(child, `${self}${prop(name)}`);
        return;
      case 'tuple':
        node.items.forEach((item, i) => this.node(item, `${self}[${i}]`));
        return;
      case 'seq': {
        const length = this.names.fresh('n');
        this.lines.push(`const ${length} = ${extract(node.lengthSlot)};`, `${self}.length = ${length};`);
        node.items.forEach((item, i) => {
          this.lines.push(`if (${length} > ${i}) {`);
          this.node(item, `${self}[${i}]`);
          this.lines.push('}');
        });
        return;
      }
    }
  }
}

/** Copies `source` into the skeleton K, re-linking every composite. */
class CopyGenerator {
  readonly lines: string[] = [];
  constructor(private readonly names: NameSource) {}

  node(node: LayoutNode, source: string, target: string): void {
    if (node.kind === 'bool' || node.kind === 'int' || node.kind === 'oneOf') {
      this.lines.push(`${target} = ${source};`);
      return;
    }
    const local = this.names.fresh('c');
    this.lines.push(`const ${local} = ${source};`);
    this.composite(node, local, target);
  }

  composite(node: Exclude<LayoutNode, { kind: 'bool' | 'int' | 'oneOf' }>, source: string, target: string | null): void {
    const self = `K[${node.skeleton}]`;
    if (target !== null) this.lines.push(`${target} = ${self};`);
    switch (node.kind) {
      case 'set':
        node.slots.forEach((_, i) => this.lines.push(`${self}.words[${i}] = ${source}.words[${i}];`));
        return;
      case 'record':
        for (const [name, child] of node.fields) this.node(child, `${source}${prop(name)}`, `${self}${prop(name)}`);
        return;
      case 'tuple':
        node.items.forEach((item, i) => this.node(item, `${source}[${i}]`, `${self}[${i}]`));
        return;
      case 'seq': {
        const length = this.names.fresh('n');
        this.lines.push(`const ${length} = ${source}.length;`, `${self}.length = ${length};`);
        node.items.forEach((item, i) => {
          this.lines.push(`if (${length} > ${i}) {`);
          this.node(item, `${source}[${i}]`, `${self}[${i}]`);
          this.lines.push('}');
        });
        return;
      }
    }
  }
}
