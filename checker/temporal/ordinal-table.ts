/**
 * Fingerprint -> state ordinal, for the liveness graph: edges need the ordinal of
 * a successor that was seen before, which the safety engine's fingerprint-only
 * table does not keep. Open addressing over one Int32Array of (hi, lo, ordinal + 1)
 * triples; grows at half load.
 */
export class OrdinalTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The ordinal stored for (hi, lo); or stores `ordinal` and returns -1. */
  findOrInsert(hi: number, lo: number, ordinal: number): number {
    if (this.count * 2 >= this.mask + 1) this.grow();
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const slots = this.slots;
    for (;;) {
      const at = slot * 3;
      const stored = slots[at + 2]!;
      if (stored === 0) {
        slots[at] = hi;
        slots[at + 1] = lo;
        slots[at + 2] = ordinal + 1;
        this.count++;
        return -1;
      }
      if (slots[at] === hi && slots[at + 1] === lo) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The ordinal stored for (hi, lo), or -1. */
  find(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const slots = this.slots;
    for (;;) {
      const at = slot * 3;
      const stored = slots[at + 2]!;
      if (stored === 0) return -1;
      if (slots[at] === hi && slots[at + 1] === lo) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.findOrInsert(old[at]!, old[at + 1]!, old[at + 2]! - 1);
  }
}
