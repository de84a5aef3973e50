type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** An append-only typed array that doubles when full (no object per element). */
export class Growable<T extends TypedArray> {
  length = 0;

  constructor(
    public array: T,
    protected make: (length: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.array.length) this.reserve(this.length + 1);
    this.array[this.length++] = value;
  }

  /** Makes room for `length` elements in total. */
  reserve(length: number): void {
    if (length <= this.array.length) return;
    const wider = this.make(Math.max(length, this.array.length * 2));
    wider.set(this.array);
    this.array = wider;
  }

  get bytes(): number {
    return this.array.byteLength;
  }

  /** The filled part, trimmed to its length. */
  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}

/**
 * A Growable of small numbers: one byte each until the first value above 255, then
 * two (values above 65,535 are refused by the callers). Most graphs need no widening:
 * successor positions and fairness-group set ids are small.
 */
export class NarrowColumn extends Growable<Uint8Array | Uint16Array> {
  constructor() {
    super(new Uint8Array(1024), (n) => new Uint8Array(n));
  }

  override push(value: number): void {
    if (value > 0xff && this.array instanceof Uint8Array) this.widen();
    super.push(value);
  }

  private widen(): void {
    this.array = Uint16Array.from(this.array);
    this.make = (n) => new Uint16Array(n);
  }

  /** Bytes per element now. */
  get width(): number {
    return this.array.BYTES_PER_ELEMENT;
  }
}

export const int32s = () => new Growable(new Int32Array(1024), (n) => new Int32Array(n));
export const uint32s = () => new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));
export const uint16s = () => new Growable(new Uint16Array(1024), (n) => new Uint16Array(n));
