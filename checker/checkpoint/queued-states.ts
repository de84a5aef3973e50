import type { StateCodec } from '../state/codec.js';
import type { SavedSearch } from './saved-search.js';

/**
 * Checks that every packed state of a snapshot's queue is a state of this model:
 * it must decode, and encode back (with full type validation) to the same words.
 * The checksums catch accidents; this catches a crafted file whose words would
 * otherwise reach model code as values outside their types.
 */
export function checkQueuedStates(codec: StateCodec<any>, words: Int32Array, saved: SavedSearch): void {
  const again = new Int32Array(codec.words);
  for (let base = 0; base < words.length; base += codec.words) {
    let same = true;
    try {
      codec.encode(codec.decodeFresh(words, base), again, 0);
      for (let i = 0; i < codec.words; i++) if (again[i] !== words[base + i]) same = false;
    } catch {
      same = false;
    }
    if (!same) saved.corrupt(`queued state ${base / codec.words} is not a state of this model`);
  }
}
