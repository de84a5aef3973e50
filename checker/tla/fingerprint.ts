import { fmix32 } from '../state/fingerprint.js';
import { FcnValue, LazyFcn, ModelValue, SetValue, TupleValue, type Value } from './values.js';

/**
 * 64-bit structural fingerprints of TLA+ values and states, as two int32 lanes
 * (hi, lo), for the visited set. Equal values have equal fingerprints because
 * every composite value is canonical (sets in normal order without duplicates,
 * function keys in normal order, functions over 1..n as tuples): the
 * fingerprint follows exactly the structure `keyOf` encodes, without building
 * the string. A composite value is immutable, so its fingerprint is computed
 * once and kept on the value; a state's fingerprint then costs a few
 * multiplications per variable.
 *
 * A set's fingerprint is its members' summed (and a function's, its key-value
 * pairs'; a tuple's, its position-item pairs'), so it does not depend on their
 * order: under SYMMETRY the fingerprint of a value's image is found without
 * building the image and sorting it back into normal order (symmetry.ts), and
 * an EXCEPT's result gets its fingerprint from the function's by changing one
 * pair (fingerprintReplaced). States are folded in order.
 *
 * Results are left in `fpHi`/`fpLo` rather than returned in an object so that
 * the hot path allocates nothing.
 */

export let fpHi = 0;
export let fpLo = 0;

// One tag per kind, so that values of different kinds with the same parts differ.
const TAG_FALSE = 0x1f3a5c07;
const TAG_TRUE = 0x2b6d8e19;
const TAG_INT = 0x3c91f02b;
const TAG_STRING = 0x4d07a43d;
const TAG_MODEL = 0x5e8c364f;
const TAG_SET = 0x6f12c861;
const TAG_FCN = 0x70a95a73;
const TAG_TUPLE = 0x812feca5;
const TAG_STATE = 0x92b47eb7;
const TAG_PAIR = 0xa3391cc9;

/** A fingerprint cache on a composite value: set once, never changed. */
export interface Fingerprinted {
  fpHi: number;
  fpLo: number;
}

/** Sets fpHi/fpLo to the fingerprint of `v`. */
export function fingerprintValue(v: Value): void {
  switch (typeof v) {
    case 'boolean':
      fpHi = v ? TAG_TRUE : TAG_FALSE;
      fpLo = ~fpHi;
      return;
    case 'number':
      finishPair(TAG_INT, v | 0, Math.floor(v / 4294967296) | 0);
      return;
    case 'string':
      fingerprintStringValue(v);
      return;
  }
  // A composite value's or model value's kept fingerprint first (most are
  // kept: states share their unchanged parts). (0, 0) marks one not computed
  // yet (one that is (0, 0) is merely computed again); lazy functions have no
  // such fields (undefined | undefined is 0).
  const cached = v as unknown as Fingerprinted;
  if ((cached.fpHi | cached.fpLo) !== 0) {
    fpHi = cached.fpHi;
    fpLo = cached.fpLo;
    return;
  }
  if (v instanceof LazyFcn) {
    fingerprintValue(v.materialize());
    return;
  }
  if (v instanceof ModelValue) fingerprintString(TAG_MODEL, v.name);
  else if (v instanceof SetValue) fingerprintSet(v.elements());
  else if (v instanceof TupleValue) fingerprintTuple(v.items);
  else fingerprintFcn(v as FcnValue);
  cached.fpHi = fpHi;
  cached.fpLo = fpLo;
}

/** Sets fpHi/fpLo to a fingerprint computed elsewhere (the smallest of several, under SYMMETRY). */
export function setFingerprint(hi: number, lo: number): void {
  fpHi = hi;
  fpLo = lo;
}

/** Sets fpHi/fpLo to the fingerprint of a state (its variables' values in order). */
export function fingerprintState(values: readonly Value[]): void {
  fingerprintSequence(TAG_STATE, values);
}

/** A tuple's position-item pairs' fingerprints (fingerprintPair) summed. */
function fingerprintTuple(items: readonly Value[]): void {
  sumOfPairs(TAG_TUPLE, positionFingerprints(items.length), items);
}

/** Sets fpHi/fpLo to the fingerprint of the pairs (key i, vals[i]), keys given by their fingerprints (hi, lo for each). */
function sumOfPairs(tag: number, keyFps: Int32Array, vals: readonly Value[]): void {
  const n = vals.length;
  let sumHi = 0;
  let sumLo = 0;
  for (let i = 0; i < n; i++) {
    fingerprintValue(vals[i]!);
    fingerprintPair(keyFps[2 * i]!, keyFps[2 * i + 1]!, fpHi, fpLo);
    sumHi = (sumHi + fpHi) | 0;
    sumLo = (sumLo + fpLo) | 0;
  }
  finishSum(tag, n, sumHi, sumLo);
}

/** The fingerprints of the integers 1..n (hi, lo for each): a tuple's positions. Grown, never shrunk. */
let positions = new Int32Array(0);
export function positionFingerprints(n: number): Int32Array {
  if (positions.length < 2 * n) {
    const grown = new Int32Array(Math.max(2 * n, 2 * positions.length, 32));
    for (let i = 0; i < grown.length / 2; i++) {
      finishPair(TAG_INT, i + 1, 0);
      grown[2 * i] = fpHi;
      grown[2 * i + 1] = fpLo;
    }
    positions = grown;
  }
  return positions;
}

/** Items folded in order (a state). */
function fingerprintSequence(tag: number, items: readonly Value[]): void {
  let h1 = sequenceStart1(tag, items.length);
  let h2 = sequenceStart2(tag, items.length);
  for (let i = 0; i < items.length; i++) {
    fingerprintValue(items[i]!);
    h1 = mix1(h1, fpHi);
    h2 = mix2(h2, fpLo);
  }
  finishLanes(h1, h2);
}

/** A set's members' fingerprints summed lane by lane (the order does not matter). */
function fingerprintSet(members: readonly Value[]): void {
  let sumHi = 0;
  let sumLo = 0;
  for (let i = 0; i < members.length; i++) {
    fingerprintValue(members[i]!);
    sumHi = (sumHi + fpHi) | 0;
    sumLo = (sumLo + fpLo) | 0;
  }
  finishSum(TAG_SET, members.length, sumHi, sumLo);
}

/**
 * A function's key-value pairs' fingerprints (fingerprintPair) summed, with
 * the keys' fingerprints computed once per keys array: [f EXCEPT ...] shares
 * its keys (and these).
 */
function fingerprintFcn(f: FcnValue): void {
  const keys = f.keys;
  const n = keys.length;
  let keyFps = f.keyFps;
  if (keyFps === undefined) {
    keyFps = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      fingerprintValue(keys[i]!);
      keyFps[2 * i] = fpHi;
      keyFps[2 * i + 1] = fpLo;
    }
    f.keyFps = keyFps;
  }
  sumOfPairs(TAG_FCN, keyFps, f.vals);
}

// The pieces the folds above are made of, for symmetry.ts's images.

/**
 * Sets fpHi/fpLo to one key-value pair's part of a function's sum: the key's
 * and the value's lanes mixed in that order (the two fingerprints are already
 * finished, so two mixing steps a lane keep the pairs apart; finishSum mixes
 * the sums).
 */
export function fingerprintPair(keyHi: number, keyLo: number, valHi: number, valLo: number): void {
  fpHi = mix1(mix1(TAG_PAIR, keyHi), valHi);
  fpLo = mix2(mix2(TAG_PAIR, keyLo), valLo);
}

/** The kinds of value whose fingerprint is a sum of parts' fingerprints. */
export const enum Summed {
  Set,
  Fcn,
  Tuple,
}

/** Sets fpHi/fpLo to a set's, function's or tuple's fingerprint from the sum of its members' or pairs' fingerprints. */
export function finishSummed(kind: Summed, size: number, sumHi: number, sumLo: number): void {
  finishSum(kind === Summed.Set ? TAG_SET : kind === Summed.Fcn ? TAG_FCN : TAG_TUPLE, size, sumHi, sumLo);
}

/** The two running lanes of a state's ordered fold, before any item. */
export function stateStart1(length: number): number {
  return sequenceStart1(TAG_STATE, length);
}

export function stateStart2(length: number): number {
  return sequenceStart2(TAG_STATE, length);
}

/** One variable's fingerprint folded into the lanes (mix1 on the first, mix2 on the second). */
export { mix1 as stateStep1, mix2 as stateStep2 };

/** Sets fpHi/fpLo from the two lanes of an ordered fold. */
export function finishLanes(h1: number, h2: number): void {
  fpHi = fmix32(h1 ^ h2) | 0;
  fpLo = fmix32((h2 + fpHi) | 0) | 0;
}

function sequenceStart1(tag: number, length: number): number {
  return tag ^ length;
}

function sequenceStart2(tag: number, length: number): number {
  return Math.imul(tag, 0x27d4eb2f) ^ length;
}

/**
 * A set's, function's or tuple's fingerprint from its kind, size and the sums
 * of its parts. The map from the two sums to the two lanes is a bijection (for a
 * given kind and size: fmix32 is one, and so is each step here), so the sums
 * can be found again from the fingerprint (unfinishSum): [f EXCEPT ![k] = v]
 * then gets its fingerprint from f's by taking out one pair and putting in
 * another (fingerprintReplaced), without going through f's other pairs. The
 * sums are well mixed already (each part is a finished fingerprint).
 */
function finishSum(tag: number, size: number, sumHi: number, sumLo: number): void {
  const t = fmix32(sumHi ^ mix1(tag, size)) | 0;
  fpLo = fmix32(((sumLo ^ mix2(Math.imul(tag, 0x27d4eb2f), size)) + t) | 0) | 0;
  fpHi = fmix32(t ^ fpLo) | 0;
}

/** finishSum's sums, back from its lanes: left in sumHiFound and sumLoFound. */
let sumHiFound = 0;
let sumLoFound = 0;
function unfinishSum(tag: number, size: number, hi: number, lo: number): void {
  const t = unfmix32(hi) ^ lo;
  sumHiFound = unfmix32(t) ^ mix1(tag, size);
  sumLoFound = ((unfmix32(lo) - t) | 0) ^ mix2(Math.imul(tag, 0x27d4eb2f), size);
}

/** The inverse of fmix32 (murmur3's finaliser): its steps undone in reverse order. */
function unfmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7ed1b41d); // 0xc2b2ae35's inverse modulo 2^32
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, 0xa5cb9243); // 0x85ebca6b's inverse
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Gives `g`, which is `f` with the value at `index` replaced ([f EXCEPT ![k] = v]),
 * its fingerprint from f's: f's sum of key-value pairs, less the old pair, plus
 * the new. Only when f's fingerprint is known (a state's value: most EXCEPTs
 * make the next state's) and so is the new value's (a primitive, or a
 * composite's kept one: a nested EXCEPT's inner function got its own here);
 * else g's is left to be computed in full when it is needed.
 */
export function fingerprintReplaced(f: FcnValue, g: FcnValue, index: number): void {
  const keyFps = f.keyFps;
  if (keyFps === undefined) return;
  const n = f.keys.length;
  if (changedSum(TAG_FCN, f, n, n, keyFps[2 * index]!, keyFps[2 * index + 1]!, f.vals[index]!, g.vals[index]!)) {
    g.fpHi = fpHi;
    g.fpLo = fpLo;
  }
}

/** fingerprintReplaced for a tuple `u`: `t` with the item at `index` (0-based) replaced. */
export function fingerprintItemReplaced(t: TupleValue, u: TupleValue, index: number): void {
  const n = t.items.length;
  if (n < REPLACE_MIN_SIZE) return;
  const positions = positionFingerprints(index + 1);
  if (changedSum(TAG_TUPLE, t, n, n, positions[2 * index]!, positions[2 * index + 1]!, t.items[index]!, u.items[index]!)) {
    u.fpHi = fpHi;
    u.fpLo = fpLo;
  }
}

/**
 * Gives `u`, the tuple `t` with `item` appended (Append), its fingerprint from
 * t's: one more pair, and the size one more. Under the same conditions as
 * fingerprintReplaced.
 */
export function fingerprintAppended(t: TupleValue, u: TupleValue, item: Value): void {
  const n = t.items.length;
  if (n + 1 < REPLACE_MIN_SIZE) return;
  const positions = positionFingerprints(n + 1);
  if (changedSum(TAG_TUPLE, t, n, n + 1, positions[2 * n]!, positions[2 * n + 1]!, undefined, item)) {
    u.fpHi = fpHi;
    u.fpLo = fpLo;
  }
}

/**
 * Below this size, summing all the pairs again (when the fingerprint is
 * needed) costs no more than taking one out and putting one in: LamportMutex's
 * 3-process functions were slower updated in place.
 */
const REPLACE_MIN_SIZE = 5;

/** A primitive's, or a composite's already kept, fingerprint (a lazy function has no fields: undefined | undefined is 0). */
function fingerprintKnown(v: Value): boolean {
  return typeof v !== 'object' || ((v as unknown as Fingerprinted).fpHi | (v as unknown as Fingerprinted).fpLo) !== 0;
}

/**
 * Sets fpHi/fpLo to the fingerprint of `whole` (of kind `tag`, `size` parts)
 * with the pair (key, old) taken out (none when `old` is undefined) and the
 * pair (key, now) put in, `newSize` parts in all; false, with nothing set,
 * when whole's or now's fingerprint is not known, or the result is too small
 * to be worth it (REPLACE_MIN_SIZE).
 */
function changedSum(tag: number, whole: Fingerprinted, size: number, newSize: number, keyHi: number, keyLo: number, old: Value | undefined, now: Value): boolean {
  if (newSize < REPLACE_MIN_SIZE || (whole.fpHi | whole.fpLo) === 0 || !fingerprintKnown(now)) return false;
  unfinishSum(tag, size, whole.fpHi, whole.fpLo);
  let sumHi = sumHiFound;
  let sumLo = sumLoFound;
  if (old !== undefined) {
    fingerprintValue(old);
    fingerprintPair(keyHi, keyLo, fpHi, fpLo);
    sumHi = (sumHi - fpHi) | 0;
    sumLo = (sumLo - fpLo) | 0;
  }
  fingerprintValue(now);
  fingerprintPair(keyHi, keyLo, fpHi, fpLo);
  finishSum(tag, newSize, (sumHi + fpHi) | 0, (sumLo + fpLo) | 0);
  return true;
}

/** Short strings' fingerprints, remembered: a spec's strings are mostly a few constants ("Access"). */
const stringCache = new Map<string, number>();
const stringLanes: number[] = [];
const STRING_CACHE_LIMIT = 1 << 16;

function fingerprintStringValue(s: string): void {
  const at = stringCache.get(s);
  if (at !== undefined) {
    fpHi = stringLanes[at]!;
    fpLo = stringLanes[at + 1]!;
    return;
  }
  fingerprintString(TAG_STRING, s);
  if (s.length <= 64 && stringCache.size < STRING_CACHE_LIMIT) {
    stringCache.set(s, stringLanes.length);
    stringLanes.push(fpHi, fpLo);
  }
}

function fingerprintString(tag: number, s: string): void {
  let h1 = tag ^ s.length;
  let h2 = Math.imul(tag, 0x27d4eb2f) ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = mix1(h1, c);
    h2 = mix2(h2, c);
  }
  fpHi = fmix32(h1 ^ h2) | 0;
  fpLo = fmix32((h2 + fpHi) | 0) | 0;
}

function finishPair(tag: number, a: number, b: number): void {
  const h1 = mix1(mix1(tag, a), b);
  const h2 = mix2(mix2(Math.imul(tag, 0x27d4eb2f), a), b);
  fpHi = fmix32(h1 ^ h2) | 0;
  fpLo = fmix32((h2 + fpHi) | 0) | 0;
}

// Two murmur3-style lanes with different constants (as checker/state/fingerprint.ts).
function mix1(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mix2(h: number, word: number): number {
  let k = Math.imul(word ^ 0x5bd1e995, 0x239b961b);
  k = (k << 17) | (k >>> 15);
  h ^= Math.imul(k, 0xab0e9789);
  h = (h << 11) | (h >>> 21);
  return (Math.imul(h, 5) + 0x38495ab5) | 0;
}
