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
 * pairs'), so it does not depend on their order: under SYMMETRY the
 * fingerprint of a value's image is found without building the image and
 * sorting it back into normal order (symmetry.ts). Tuples and states are folded
 * in order.
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
  // A composite value's kept fingerprint first (most are kept: states share
  // their unchanged parts). (0, 0) marks one not computed yet (one that is
  // (0, 0) is merely computed again); model values and lazy functions have no
  // such fields (undefined | undefined is 0).
  const cached = v as unknown as Fingerprinted;
  if ((cached.fpHi | cached.fpLo) !== 0) {
    fpHi = cached.fpHi;
    fpLo = cached.fpLo;
    return;
  }
  if (v instanceof ModelValue) {
    fingerprintString(TAG_MODEL, v.name);
    return;
  }
  if (v instanceof LazyFcn) {
    fingerprintValue(v.materialize());
    return;
  }
  if (v instanceof SetValue) fingerprintSet(v.elements());
  else if (v instanceof TupleValue) fingerprintSequence(TAG_TUPLE, v.items);
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

/** Items folded in order. */
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
  const vals = f.vals;
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
  let sumHi = 0;
  let sumLo = 0;
  for (let i = 0; i < n; i++) {
    fingerprintValue(vals[i]!);
    fingerprintPair(keyFps[2 * i]!, keyFps[2 * i + 1]!, fpHi, fpLo);
    sumHi = (sumHi + fpHi) | 0;
    sumLo = (sumLo + fpLo) | 0;
  }
  finishSum(TAG_FCN, n, sumHi, sumLo);
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

/** Sets fpHi/fpLo to a set's fingerprint (`fcn` false) or a function's from the sum of its members' or pairs' fingerprints. */
export function finishSetOrFcn(fcn: boolean, size: number, sumHi: number, sumLo: number): void {
  finishSum(fcn ? TAG_FCN : TAG_SET, size, sumHi, sumLo);
}

/** The two running lanes of a tuple's (`state` false) or a state's ordered fold, before any item. */
export function orderedStart1(state: boolean, length: number): number {
  return sequenceStart1(state ? TAG_STATE : TAG_TUPLE, length);
}

export function orderedStart2(state: boolean, length: number): number {
  return sequenceStart2(state ? TAG_STATE : TAG_TUPLE, length);
}

/** One item's fingerprint folded into the lanes (mix1 on the first, mix2 on the second). */
export { mix1 as orderedStep1, mix2 as orderedStep2 };

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

function finishSum(tag: number, size: number, sumHi: number, sumLo: number): void {
  finishLanes(mix1(mix1(tag ^ size, sumHi), sumLo), mix2(mix2(Math.imul(tag, 0x27d4eb2f) ^ size, sumLo), sumHi));
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
