type TypedArray = Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** An append-only typed array that doubles when full (no object per element). */
export class Growable<T extends TypedArray> {
  length = 0;

  constructor(
    public array: T,
    private readonly make: (length: number) => T,
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

  /** The filled part, trimmed to its length. */
  done(): T {
    return this.array.slice(0, this.length) as T;
  }
}

export const int32s = () => new Growable(new Int32Array(1024), (n) => new Int32Array(n));
export const uint32s = () => new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));
export const uint16s = () => new Growable(new Uint16Array(1024), (n) => new Uint16Array(n));
