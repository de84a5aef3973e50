/**
 * Which shard owns a state. By default, its fingerprint decides (`lo` scaled onto the
 * shards): every successor is a fresh draw, so with N shards (N - 1) / N of all
 * successors cross to another shard. A locality key instead hashes a few of the
 * state's packed words, chosen because steps rarely change them
 * (partition-choice.ts): a successor that leaves those words alone stays in its
 * parent's shard and never touches the wire. This is the partition function of
 * distributed SPIN (Lerda and Sisto, 1999), chosen automatically.
 *
 * Equal states have equal words, so every state still has exactly one owner;
 * counts, depth and counterexamples do not depend on the partition.
 */
export class ShardPartition {
  private readonly key: Int32Array;
  /** The key words of the last state asked about, and its owner (-1: none yet). */
  private readonly lastKey: Int32Array;
  private lastOwner = -1;

  constructor(
    readonly shards: number,
    /** Indexes of the packed words that choose the owner; empty: the fingerprint does. */
    keyWords: readonly number[],
  ) {
    this.key = Int32Array.from(keyWords);
    this.lastKey = new Int32Array(this.key.length);
  }

  get keyWords(): readonly number[] {
    return [...this.key];
  }

  /**
   * The owner of the state at `words[base..]`, whose fingerprint's low lane is `lo`.
   * Called for every successor. Siblings mostly share their key words (that is
   * why the key was chosen), so the last answer is kept and a state whose key
   * words equal the last one's gets it without hashing.
   */
  owner(words: Int32Array, base: number, lo: number): number {
    const key = this.key;
    if (key.length === 0) return scaleToShards(lo, this.shards);
    const last = this.lastKey;
    let same = this.lastOwner >= 0;
    for (let k = 0; k < key.length && same; k++) same = words[base + key[k]!] === last[k];
    if (same) return this.lastOwner;
    // A multiplicative hash (murmur3's mixing) of the key words: nearby values spread over the shards.
    let h = 0x9e3779b9;
    for (let k = 0; k < key.length; k++) {
      const word = words[base + key[k]!]!;
      last[k] = word;
      h = Math.imul(h ^ word, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
      h = Math.imul(h, 0x1b873593);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    this.lastOwner = scaleToShards(h, this.shards);
    return this.lastOwner;
  }
}

/**
 * A 32-bit hash scaled onto [0, shards): its high bits decide, by a multiply and a
 * shift. `%` on an unsigned 32-bit value is a floating-point remainder in V8 (a
 * call into the runtime), and this runs for every successor.
 */
function scaleToShards(hash: number, shards: number): number {
  return ((hash >>> 0) * shards * 2.3283064365386963e-10) | 0;
}

/** Checks a key from a run description (input from the network): distinct word indexes of a state. */
export function isValidKey(keyWords: unknown, wordsPerState: number): keyWords is number[] {
  if (!Array.isArray(keyWords) || keyWords.length > wordsPerState) return false;
  const seen = new Set<number>();
  for (const word of keyWords) {
    if (!Number.isInteger(word) || word < 0 || word >= wordsPerState || seen.has(word)) return false;
    seen.add(word);
  }
  return true;
}
