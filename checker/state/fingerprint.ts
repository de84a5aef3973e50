/**
 * 64-bit fingerprints of packed states, kept as two int32 lanes (a JS number holds
 * only 53 integer bits). Two murmur3-style lanes with different constants, mixed into
 * each other at the end so every input bit affects both halves.
 *
 * `compute` writes the result into `hi` and `lo` instead of returning an object, so
 * the hot loop allocates nothing.
 */
export class Fingerprinter {
  hi = 0;
  lo = 0;
  /** The third lane of a 96-bit fingerprint, set by `computeWide` only. */
  extra = 0;

  /** `compute` plus a third, independently seeded lane (`--fingerprint-bits 96`). */
  computeWide(words: Int32Array, base: number, count: number): void {
    this.compute(words, base, count);
    let h3 = 0x3c6ef372 ^ Math.imul(count, 0x165667b1);
    for (let i = 0; i < count; i++) {
      let k3 = Math.imul(words[base + i]! ^ 0x2545f491, 0x9e3779b1);
      k3 = (k3 << 13) | (k3 >>> 19);
      h3 ^= Math.imul(k3, 0x85ebca77);
      h3 = (h3 << 15) | (h3 >>> 17);
      h3 = (Math.imul(h3, 5) + 0x561ccd1b) | 0;
    }
    this.extra = fmix32(h3 ^ count) | 0;
  }

  compute(words: Int32Array, base: number, count: number): void {
    let h1 = 0x9747b28c ^ count;
    let h2 = 0x85ebca6b ^ Math.imul(count, 0x27d4eb2f);
    for (let i = 0; i < count; i++) {
      const word = words[base + i]!;
      let k1 = Math.imul(word, 0xcc9e2d51);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, 0x1b873593);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      let k2 = Math.imul(word ^ 0x5bd1e995, 0x239b961b);
      k2 = (k2 << 17) | (k2 >>> 15);
      h2 ^= Math.imul(k2, 0xab0e9789);
      h2 = (h2 << 11) | (h2 >>> 21);
      h2 = (Math.imul(h2, 5) + 0x38495ab5) | 0;
    }
    h1 = fmix32(h1 ^ h2);
    h2 = fmix32(h2 + h1);
    this.hi = h1 | 0;
    this.lo = h2 | 0;
  }
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
