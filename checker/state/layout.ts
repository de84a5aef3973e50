/**
 * Bit layout of packed states. Each leaf field takes `bits` bits at `offset` in
 * word `word`; a field never straddles two words, so encoding and decoding are a
 * shift and a mask. Sets wider than 32 elements take one field per 32-bit chunk.
 */
export interface FieldSlot {
  readonly word: number;
  readonly offset: number;
  readonly bits: number;
}

export class WordAllocator {
  private wordCount = 0;
  private bitsUsedInLast = 32;

  get words(): number {
    return Math.max(1, this.wordCount);
  }

  allocate(bits: number): FieldSlot {
    if (bits < 0 || bits > 32) throw new Error(`internal: field of ${bits} bits`);
    if (bits === 0) return { word: 0, offset: 0, bits: 0 };
    if (this.bitsUsedInLast + bits > 32) {
      this.wordCount++;
      this.bitsUsedInLast = 0;
    }
    const slot = { word: this.wordCount - 1, offset: this.bitsUsedInLast, bits };
    this.bitsUsedInLast += bits;
    return slot;
  }
}

/** Bits needed to store an index in 0..cardinality-1. */
export function bitsFor(cardinality: number): number {
  return cardinality <= 1 ? 0 : 32 - Math.clz32(cardinality - 1);
}

/** `(1 << bits) - 1` as an int32 mask, valid for 32 bits too. */
export function maskFor(bits: number): number {
  return bits >= 32 ? -1 : (1 << bits) - 1;
}
