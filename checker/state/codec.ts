import type { AnyType } from '../../spec/types.js';
import { FSet } from '../../spec/fset.js';
import type { Universe } from '../../spec/universe.js';
import { buildLayout, type Layout, type LayoutNode } from './codec-layout.js';
import { maskFor, type FieldSlot } from './layout.js';
import { OutOfTypeError } from '../errors.js';

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
  /**
   * Like encode, for a state derived from `previous` whose encoding `out` already
   * holds: validates and patches only the fields that differ.
   */
  encodeDelta(state: S, previous: S, out: Int32Array, base: number): void;
  createScratch(): ScratchState<S>;
  /** A fresh state object (not shared with any scratch) decoded from words. */
  decodeFresh(words: Int32Array, base: number): S;
}

export interface ScratchState<S> {
  readonly state: S;
  decode(words: Int32Array, base: number): S;
  copyFrom(source: S): S;
  /** copyFrom without the return value: the generated function itself, for the hot loop. */
  readonly copy: (source: S) => void;
  /**
   * For a scratch that was a copy of `previous` and has since been changed (an
   * action's draft): writes the scratch's encoding into `out`, starting from
   * `previous`'s words in `from` and validating only the fields that differ, and
   * puts every differing field back to its value in `previous`. Returns true when
   * the scratch equals `previous` again, so the next step needs no copy; false when
   * the step replaced a sub-object or linked one into a second place (then the
   * fields are only encoded, and only a full copy restores the scratch). One pass
   * over the fields instead of a copy before the step and a diff after it.
   */
  readonly encodeAndRestore: (previous: S, from: Int32Array, out: Int32Array) => boolean;
}

type Reindex = (set: FSet<unknown>, universe: unknown, site: number) => FSet<unknown>;
type GeneratedFactory = (K: unknown[], C: readonly unknown[], FSetClass: typeof FSet, fail: (site: number, value: unknown) => never, reindex: Reindex) => {
  decode(words: Int32Array, base: number): void;
  copy(source: unknown): void;
  encode(state: unknown, out: Int32Array, base: number): void;
  encodeDelta(state: unknown, previous: unknown, out: Int32Array, base: number): void;
  encodeAndRestore(previous: unknown, from: Int32Array, out: Int32Array): boolean;
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
    // The generated functions themselves (they use no `this`): no wrapper call on the hot path.
    encode: encoder.encode as StateCodec<S>['encode'],
    encodeDelta: encoder.encodeDelta as StateCodec<S>['encodeDelta'],
    createScratch() {
      const { root, functions } = makeScratch();
      return {
        state: root,
        decode: (words, base) => (functions.decode(words, base), root),
        copyFrom: (source) => (functions.copy(source), root),
        copy: functions.copy as (source: S) => void,
        encodeAndRestore: functions.encodeAndRestore as ScratchState<S>['encodeAndRestore'],
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
  const universes = layout.constants as readonly Universe<unknown>[];
  const enc = new EncodeGenerator(names, layout.words, universes, false);
  const delta = new EncodeGenerator(names, layout.words, universes, true);
  const restoring = new EncodeGenerator(names, layout.words, universes, true, true);
  const dec = new DecodeGenerator(names);
  const cpy = new CopyGenerator(names);
  enc.record(layout.root, 'state', 'undefined');
  delta.record(layout.root, 'state', 'previous');
  restoring.record(layout.root, 'state', 'previous');
  dec.composite(layout.root, null);
  cpy.composite(layout.root, 'source', null);
  // Hoisting skeleton nodes and constants into closure constants keeps the hot
  // functions free of array loads.
  const hoisted = [
    ...layout.skeletonFactories.map((_, i) => `const K${i} = K[${i}];`),
    ...layout.constants.map((_, i) => `const C${i} = C[${i}];\nconst E${i} = C${i}.elements;`),
  ].join('\n');
  const loads = Array.from({ length: layout.words }, (_, i) => `const w${i} = words[base + ${i}];`).join('\n');
  const locals = Array.from({ length: layout.words }, (_, i) => `let w${i} = 0;`).join('\n');
  const current = Array.from({ length: layout.words }, (_, i) => `let w${i} = out[base + ${i}];`).join('\n');
  const stores = Array.from({ length: layout.words }, (_, i) => `out[base + ${i}] = w${i};`).join('\n');
  const fromLoads = Array.from({ length: layout.words }, (_, i) => `let w${i} = from[${i}];`).join('\n');
  const outStores = Array.from({ length: layout.words }, (_, i) => `out[${i}] = w${i};`).join('\n');
  const copyFrom = Array.from({ length: layout.words }, (_, i) => `out[${i}] = from[${i}];`).join('\n');
  return `"use strict";
${hoisted}
const generated = {
  decode(words, base) {\n${loads}\n${dec.lines.join('\n')}\n  },
  copy(source) {\n${cpy.lines.join('\n')}\n  },
  encode(state, out, base) {\n${locals}\n${enc.lines.join('\n')}\n${stores}\n  },
  encodeDelta(state, previous, out, base) {\n${current}\n${delta.lines.join('\n')}\n${stores}\n  },
  encodeAndRestore(previous, from, out) {
const state = K${layout.root.skeleton};
// Restoring a field while encoding is safe only if every sub-object is still the
// scratch's own (none replaced, none reachable twice): else encode without restoring.
if (!(${ownSkeletonTest(layout.root, 'state')})) {
${copyFrom}
generated.encodeDelta(state, previous, out, 0);
return false;
}
${fromLoads}\n${restoring.lines.join('\n')}\n${outStores}
return true;
  },
};
return generated;`;
}

class NameSource {
  private next = 0;
  fresh(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}

/** Property access; array-index keys as number literals, which V8 treats as fast element access. */
/** A primitive as JavaScript source (JSON.stringify would write Infinity as null). */
function literalOf(value: string | number | boolean): string {
  if (typeof value !== 'number') return JSON.stringify(value);
  if (Object.is(value, -0)) return '-0';
  return value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value);
}

const prop = (name: string) => (/^(0|[1-9]\d{0,8})$/.test(name) ? `[${name}]` : `[${JSON.stringify(name)}]`);
const extract = (slot: FieldSlot) => `((w${slot.word} >>> ${slot.offset}) & ${maskFor(slot.bits)})`;

/**
 * Validates and packs. In full mode every field is ORed into zeroed words. In delta
 * mode the words already hold the encoding of `previous` (the state the draft was
 * copied from), and only fields whose value differs from `previous` are validated
 * and patched: most steps change one or two fields.
 */
class EncodeGenerator {
  readonly lines: string[] = [];
  constructor(
    private readonly names: NameSource,
    private readonly words: number,
    private readonly universes: readonly Universe<unknown>[],
    private readonly delta: boolean,
    /** Delta mode that also writes `previous`'s value back into the scratch's skeleton (encodeAndRestore). */
    private readonly restore = false,
  ) {}

  /**
   * `value` / `previous` name locals holding the node's new and old values; `target`
   * (restore mode) is where the node lives in the scratch's skeleton.
   */
  node(node: LayoutNode, value: string, previous: string, target = ''): void {
    switch (node.kind) {
      case 'bool':
      case 'int':
      case 'oneOf':
        this.leaf(node, value, previous, target);
        return;
      case 'set':
        this.lines.push(`if (!(${value} instanceof FSet)) fail(${node.site}, ${value});`);
        this.lines.push(`const ${value}w = ${value}.universe === C${node.universe} ? ${value}.words : reindex(${value}, C${node.universe}, ${node.site}).words;`);
        node.slots.forEach((slot, i) => {
          const bits = `${value}w[${i}]`;
          const putBack = this.restore ? ` K${node.skeleton}.words[${i}] = ${previous}.words[${i}];` : '';
          if (!this.delta) this.lines.push(this.or(slot, bits));
          else this.lines.push(`if ((${bits} & ${maskFor(slot.bits)}) !== ${extract(slot)}) { ${this.patch(slot, bits)}${putBack} }`);
        });
        return;
      case 'record':
        this.record(node, value, previous);
        return;
      case 'tuple':
        this.lines.push(`if (!Array.isArray(${value}) || ${value}.length !== ${node.items.length}) fail(${node.site}, ${value});`);
        node.items.forEach((item, i) => this.child(item, `${value}[${i}]`, `${previous}[${i}]`, `K${node.skeleton}[${i}]`));
        return;
      case 'seq':
        this.seq(node, value);
        // Items shift when the length changes: the skeleton gets the whole sequence back.
        if (this.restore) new CopyGenerator(this.names, this.lines).node(node, previous, target);
        return;
    }
  }

  record(node: LayoutNode & { kind: 'record' }, value: string, previous: string): void {
    this.lines.push(`if (typeof ${value} !== 'object' || ${value} === null) fail(${node.site}, ${value});`);
    for (const [name, child] of node.fields) this.child(child, `${value}${prop(name)}`, `${previous}${prop(name)}`, `K${node.skeleton}${prop(name)}`);
  }

  private leaf(node: LayoutNode & { kind: 'bool' | 'int' | 'oneOf' }, value: string, previous: string, target: string): void {
    const { check, index } = this.validatedIndex(node, value);
    if (!this.delta) {
      this.lines.push(check, this.or(node.slot, index));
      return;
    }
    const putBack = this.restore ? ` ${target} = ${previous};` : '';
    this.lines.push(`if (${value} !== ${previous}) { ${check} ${this.patch(node.slot, index)}${putBack} }`);
  }

  /** A statement that fails on an out-of-type value, and the expression of its index. */
  private validatedIndex(node: LayoutNode & { kind: 'bool' | 'int' | 'oneOf' }, value: string): { check: string; index: string } {
    switch (node.kind) {
      case 'bool':
        return { check: `if (${value} !== true && ${value} !== false) fail(${node.site}, ${value});`, index: `(${value} ? 1 : 0)` };
      case 'int':
        // (v | 0) === v is true only for int32 numbers, so it also rejects non-numbers.
        return {
          check: `if ((${value} | 0) !== ${value} || ${value} < ${node.min} || ${value} > ${node.max}) fail(${node.site}, ${value});`,
          index: `(${value} - ${node.min})`,
        };
      case 'oneOf': {
        const index = this.names.fresh('i');
        return { check: `const ${index} = ${this.indexExpression(node.universe, value)}; if (${index} < 0) fail(${node.site}, ${value});`, index };
      }
    }
  }

  /** Sequences are re-encoded whole: their items shift when the length changes. */
  private seq(node: LayoutNode & { kind: 'seq' }, value: string): void {
    this.lines.push(`if (!Array.isArray(${value}) || ${value}.length > ${node.maxLength}) fail(${node.site}, ${value});`);
    if (this.delta) for (const slot of slotsOf(node)) this.lines.push(this.clear(slot));
    const full = new EncodeGenerator(this.names, this.words, this.universes, false);
    full.lines.push(full.or(node.lengthSlot, `${value}.length`));
    node.items.forEach((item, i) => {
      full.lines.push(`if (${value}.length > ${i}) {`);
      full.child(item, `${value}[${i}]`, 'undefined', '');
      full.lines.push('}');
    });
    this.lines.push(...full.lines);
  }

  /**
   * Small universes of primitives compile to a chain of === tests: string literals
   * are interned, so each test is a pointer comparison. NaN equals nothing under
   * ===, so universes holding it use the lookup (SameValueZero) instead.
   */
  private indexExpression(universe: number, value: string): string {
    const elements = this.universes[universe]!.elements;
    const literal = elements.every((e) => typeof e === 'string' || typeof e === 'boolean' || (typeof e === 'number' && !Number.isNaN(e)));
    if (!literal || elements.length > 16) return `C${universe}.indexOf(${value})`;
    return `${elements.map((e, i) => `${value} === ${literalOf(e as string | number | boolean)} ? ${i} : `).join('')}-1`;
  }

  private child(node: LayoutNode, access: string, previousAccess: string, target: string): void {
    const local = this.names.fresh('v');
    this.lines.push(`const ${local} = ${access};`);
    let previous = 'undefined';
    if (this.restore || (this.delta && node.kind !== 'seq')) {
      previous = this.names.fresh('p');
      this.lines.push(`const ${previous} = ${previousAccess};`);
    }
    this.node(node, local, previous, target);
  }

  private or(slot: FieldSlot, index: string): string {
    if (slot.bits === 0) return '';
    if (slot.word >= this.words) throw new Error('internal: slot beyond layout');
    const masked = slot.bits === 32 ? index : `(${index} & ${maskFor(slot.bits)})`;
    return `w${slot.word} |= ${masked} << ${slot.offset};`;
  }

  private patch(slot: FieldSlot, index: string): string {
    if (slot.bits === 0) return '';
    return `${this.clear(slot)} ${this.or(slot, index)}`;
  }

  private clear(slot: FieldSlot): string {
    if (slot.bits === 0) return '';
    return `w${slot.word} &= ${~(maskFor(slot.bits) << slot.offset)};`;
  }
}

/**
 * An expression that is true when every composite under `node` (at `access`) is
 * the scratch's own skeleton object. Each skeleton object has exactly one place in
 * the tree, so then no object is reachable twice and no restore can change a
 * value another field still has to encode.
 */
function ownSkeletonTest(node: LayoutNode, access: string): string {
  const tests: string[] = [];
  const visit = (child: LayoutNode, at: string, into: string[]) => {
    if (!('skeleton' in child)) return;
    into.push(`${at} === K${child.skeleton}`);
    if (child.kind === 'record') for (const [name, field] of child.fields) visit(field, `${at}${prop(name)}`, into);
    if (child.kind === 'tuple') child.items.forEach((item, i) => visit(item, `${at}[${i}]`, into));
    if (child.kind === 'seq') {
      child.items.forEach((item, i) => {
        const inner: string[] = [];
        visit(item, `${at}[${i}]`, inner);
        if (inner.length > 0) into.push(`(${at}.length <= ${i} || (${inner.join(' && ')}))`);
      });
    }
  };
  if (node.kind === 'record') for (const [name, field] of node.fields) visit(field, `${access}${prop(name)}`, tests);
  return tests.length > 0 ? tests.join(' && ') : 'true';
}

/** Every bit slot under a node (for clearing a subtree). */
function slotsOf(node: LayoutNode): FieldSlot[] {
  switch (node.kind) {
    case 'bool':
    case 'int':
    case 'oneOf':
      return [node.slot];
    case 'set':
      return node.slots;
    case 'record':
      return node.fields.flatMap(([, child]) => slotsOf(child));
    case 'tuple':
      return node.items.flatMap(slotsOf);
    case 'seq':
      return [node.lengthSlot, ...node.items.flatMap(slotsOf)];
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
        this.lines.push(`${target} = E${node.universe}[${extract(node.slot)}];`);
        return;
      default:
        this.composite(node, target);
    }
  }

  composite(node: Exclude<LayoutNode, { kind: 'bool' | 'int' | 'oneOf' }>, target: string | null): void {
    const self = `K${node.skeleton}`;
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
  constructor(
    private readonly names: NameSource,
    readonly lines: string[] = [],
  ) {}

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
    const self = `K${node.skeleton}`;
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
