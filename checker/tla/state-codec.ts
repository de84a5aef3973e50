import { compareValues, FcnValue, LazyFcn, makeFcn, ModelValue, SetValue, TupleValue, EnumSet, type Value } from './values.js';

/**
 * A compact binary form of TLA+ states, for checkpoints and for the states the
 * parallel search sends between threads. Each value is a tag byte and its parts:
 *
 *   FALSE / TRUE            tag only
 *   integer                 int32 LE (TLC's integers are 32-bit)
 *   string                  uint32 LE byte length, UTF-8 bytes
 *   model value             uint32 LE index in the model's list (the same in every thread: the config fixes it)
 *   set                     uint32 LE count, members in normal order
 *   function                uint32 LE count, then key, value pairs with keys in normal order
 *   tuple / sequence        uint32 LE count, items
 *
 * A state is its variables' values in order, nothing else: the reader knows how
 * many variables there are. The decoder trusts nothing: every tag, count, index,
 * length and the order of set members and function keys is checked, nesting is
 * bounded, and a bad input is one StateDecodeError naming what is wrong.
 */

const FALSE = 0;
const TRUE = 1;
const INT = 2;
const STRING = 3;
const MODEL = 4;
const SET = 5;
const FCN = 6;
const TUPLE = 7;

/** Deeper nesting than this is refused on decoding (a hostile file must not exhaust the stack). */
const MAX_NESTING = 200;

export class StateDecodeError extends Error {}

/** A value the codec cannot write (an infinite set held in a variable). */
export class StateEncodeError extends Error {}

/** Appends encoded states to one growing buffer. */
export class StateWriter {
  private bytes = new Uint8Array(1 << 12);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  get byteLength(): number {
    return this.length;
  }

  /** Appends one state; returns the offset its encoding ends at. */
  writeState(state: readonly Value[]): number {
    for (const v of state) this.writeValue(v);
    return this.length;
  }

  /**
   * Appends a successor as the variables that differ from `base` (its parent):
   * a uint32 mask (bit i set: variable i follows; variables past the 32nd
   * always follow) and those values. An unchanged variable is the parent's
   * very value object, so the reader shares it instead of building a copy.
   */
  writeStateDelta(state: readonly Value[], base: readonly Value[]): number {
    let mask = 0;
    for (let i = 0; i < state.length && i < 32; i++) if (state[i] !== base[i]) mask |= 1 << i;
    this.uint32(mask >>> 0);
    for (let i = 0; i < state.length; i++) if (i >= 32 || (mask & (1 << i)) !== 0) this.writeValue(state[i]!);
    return this.length;
  }

  /** The bytes written so far (a view, valid until the next write). */
  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Forgets what was written after `length` bytes (a state whose expansion failed). */
  truncate(length: number): void {
    this.length = Math.min(length, this.length);
  }

  private writeValue(v: Value): void {
    switch (typeof v) {
      case 'boolean':
        this.tag(v ? TRUE : FALSE);
        return;
      case 'number':
        this.tag(INT);
        this.int32(v);
        return;
      case 'string': {
        const encoded = utf8Of(v);
        this.tag(STRING);
        this.uint32(encoded.length);
        this.ensure(encoded.length);
        this.bytes.set(encoded, this.length);
        this.length += encoded.length;
        return;
      }
    }
    if (v instanceof ModelValue) {
      if (v.index < 0) throw new StateEncodeError(`the model value ${v.name} is not one of the configuration's`);
      this.tag(MODEL);
      this.uint32(v.index);
      return;
    }
    if (v instanceof SetValue) {
      if (!v.finite) throw new StateEncodeError(`a variable holds the infinite set ${v.describe()}, which cannot be saved`);
      const members = v.elements();
      this.tag(SET);
      this.uint32(members.length);
      for (const m of members) this.writeValue(m);
      return;
    }
    const f = v instanceof LazyFcn ? v.materialize() : v;
    if (f instanceof TupleValue) {
      this.tag(TUPLE);
      this.uint32(f.items.length);
      for (const item of f.items) this.writeValue(item);
      return;
    }
    this.tag(FCN);
    this.uint32(f.keys.length);
    for (let i = 0; i < f.keys.length; i++) {
      this.writeValue(f.keys[i]!);
      this.writeValue(f.vals[i]!);
    }
  }

  private tag(t: number): void {
    this.ensure(1);
    this.bytes[this.length++] = t;
  }

  private int32(n: number): void {
    if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new StateEncodeError(`the integer ${n} is outside TLC's 32-bit range`);
    this.ensure(4);
    this.view.setInt32(this.length, n, true);
    this.length += 4;
  }

  private uint32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, n, true);
    this.length += 4;
  }

  private ensure(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + more) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** A spec's strings are mostly a few constants ("send", "idle"): their bytes are kept. */
const utf8Cache = new Map<string, Uint8Array>();
const UTF8_CACHE_LIMIT = 1 << 14;

function utf8Of(text: string): Uint8Array {
  let bytes = utf8Cache.get(text);
  if (bytes !== undefined) return bytes;
  bytes = Buffer.from(text, 'utf8');
  if (text.length <= 64 && utf8Cache.size < UTF8_CACHE_LIMIT) utf8Cache.set(text, bytes);
  return bytes;
}

/** Encodes one state into a fresh array (for a single message or a test). */
export function encodeState(state: readonly Value[]): Uint8Array {
  const writer = new StateWriter();
  writer.writeState(state);
  return writer.result().slice();
}

/** Reads states back from bytes written by StateWriter, checking everything. */
export class StateReader {
  private readonly view: DataView;
  private at = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly bytes: Uint8Array,
    private readonly variables: number,
    private readonly modelValues: readonly ModelValue[],
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.at;
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  /** Passes over a state the caller does not need (its end is known from the offsets sent with it). */
  skipTo(end: number): void {
    if (end < this.at || end > this.bytes.length) this.fail(`a state end ${end} is out of range`);
    this.at = end;
  }

  /** A successor written by writeStateDelta against `base`. */
  readStateDelta(base: readonly Value[], end: number): Value[] {
    const mask = this.uint32();
    const state: Value[] = new Array(this.variables);
    for (let i = 0; i < this.variables; i++) state[i] = i >= 32 || (mask & (1 << i)) !== 0 ? this.readValue(0) : base[i]!;
    if (this.at !== end) throw new StateDecodeError(`a state ends at byte ${this.at}, expected ${end}`);
    return state;
  }

  /** The next state; it must end exactly at `end` when given (the offsets a snapshot stores). */
  readState(end?: number): Value[] {
    const state: Value[] = new Array(this.variables);
    for (let i = 0; i < this.variables; i++) state[i] = this.readValue(0);
    if (end !== undefined && this.at !== end) throw new StateDecodeError(`a state ends at byte ${this.at}, expected ${end}`);
    return state;
  }

  private readValue(depth: number): Value {
    if (depth > MAX_NESTING) this.fail(`values nested deeper than ${MAX_NESTING}`);
    const tag = this.byte();
    switch (tag) {
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT:
        return this.need(4, () => this.view.getInt32(this.at, true));
      case STRING: {
        const length = this.uint32();
        if (length > this.bytes.length - this.at) this.fail(`a string of ${length} bytes runs past the end`);
        let text: string;
        try {
          text = this.decoder.decode(this.bytes.subarray(this.at, this.at + length));
        } catch {
          this.fail('a string is not valid UTF-8');
        }
        this.at += length;
        return text;
      }
      case MODEL: {
        const index = this.uint32();
        const mv = this.modelValues[index];
        if (mv === undefined) this.fail(`model value number ${index} does not exist (the configuration has ${this.modelValues.length})`);
        return mv;
      }
      case SET: {
        const members = this.items(this.count(1), depth);
        this.inOrder(members, 'set members');
        return new EnumSet(members);
      }
      case TUPLE:
        return new TupleValue(this.items(this.count(1), depth));
      case FCN: {
        const n = this.count(2);
        const keys: Value[] = new Array(n);
        const vals: Value[] = new Array(n);
        for (let i = 0; i < n; i++) {
          keys[i] = this.readValue(depth + 1);
          vals[i] = this.readValue(depth + 1);
        }
        this.inOrder(keys, 'function keys');
        const f = makeFcn(keys, vals);
        // A function over 1..n is always written as a tuple: another form would be a second encoding of one value.
        if (!(f instanceof FcnValue)) this.fail('a function over 1..n is not written as a tuple');
        return f;
      }
      default:
        return this.fail(`unknown value tag ${tag}`);
    }
  }

  private items(n: number, depth: number): Value[] {
    const out: Value[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.readValue(depth + 1);
    return out;
  }

  /** Strictly increasing in TLC's normal order: canonical, without duplicates. */
  private inOrder(values: readonly Value[], what: string): void {
    for (let i = 1; i < values.length; i++) if (compareValues(values[i - 1]!, values[i]!) >= 0) this.fail(`${what} are not in normal order or repeat`);
  }

  /** A count, checked against the bytes left (each item takes at least `minBytes`). */
  private count(minBytes: number): number {
    const n = this.uint32();
    if (n * minBytes > this.bytes.length - this.at) this.fail(`a count of ${n} runs past the end`);
    return n;
  }

  private byte(): number {
    if (this.at >= this.bytes.length) this.fail('the data ends inside a state');
    return this.bytes[this.at++]!;
  }

  private uint32(): number {
    return this.need(4, () => this.view.getUint32(this.at, true));
  }

  private need<T>(bytes: number, read: () => T): T {
    if (this.at + bytes > this.bytes.length) this.fail('the data ends inside a value');
    const v = read();
    this.at += bytes;
    return v;
  }

  private fail(why: string): never {
    throw new StateDecodeError(`${why} (at byte ${this.at})`);
  }
}

/** Decodes exactly one state that fills `bytes`. */
export function decodeState(bytes: Uint8Array, variables: number, modelValues: readonly ModelValue[]): Value[] {
  const reader = new StateReader(bytes, variables, modelValues);
  const state = reader.readState();
  if (!reader.done) throw new StateDecodeError(`${bytes.length - reader.offset} bytes follow the state`);
  return state;
}
