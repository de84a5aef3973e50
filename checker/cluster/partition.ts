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

  constructor(
    readonly shards: number,
    /** Indexes of the packed words that choose the owner; empty: the fingerprint does. */
    keyWords: readonly number[],
  ) {
    this.key = Int32Array.from(keyWords);
  }

  get keyWords(): readonly number[] {
    return [...this.key];
  }

  /**
   * The owner of the state at `words[base..]`, whose fingerprint's low lane is `lo`.
   * Called for every successor, so it only hashes: keeping the last key and its
   * owner to skip the hash for siblings cost more than it saved (12.3 against 7.5
   * ns a call when the keys differ, 8.8 against 7.2 when seven in eight repeat).
   */
  owner(words: Int32Array, base: number, lo: number): number {
    const key = this.key;
    if (key.length === 0) return scaleToShards(lo, this.shards);
    // A multiplicative hash (murmur3's mixing) of the key words: nearby values spread over the shards.
    let h = 0x9e3779b9;
    for (let k = 0; k < key.length; k++) {
      h = Math.imul(h ^ words[base + key[k]!]!, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
      h = Math.imul(h, 0x1b873593);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return scaleToShards(h, this.shards);
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
