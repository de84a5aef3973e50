import type { Location } from './ast.js';
import { TlaEvalError } from './errors.js';
import { evaluate } from './eval.js';
import {
  finishLanes,
  finishSetOrFcn,
  fingerprintPair,
  fingerprintState,
  fingerprintValue,
  fpHi,
  fpLo,
  orderedStart1,
  orderedStart2,
  orderedStep1,
  orderedStep2,
  setFingerprint,
} from './fingerprint.js';
import type { TlaModel } from './model.js';
import { asFunction, FcnValue, keyOf, LazyFcn, ModelValue, SetValue, TupleValue, type Value } from './values.js';

/**
 * SYMMETRY: a state's identity is the smallest 64-bit fingerprint among its
 * images under the permutation group. The smallest fingerprint is the same for
 * every state of an orbit, whatever order the states are found in, so the
 * search counts orbits as TLC does (TLC fingerprints the smallest image by its
 * value order instead; both count one state per orbit).
 *
 * No image is built: a set's and a function's fingerprints are sums over their
 * members and pairs (fingerprint.ts), so an image's fingerprint is its parts'
 * images' fingerprints summed, whatever order the image's members would take.
 * The group keeps each composite value's images' fingerprints in a WeakMap
 * (values are immutable and shared between states: a successor's unchanged
 * parts cost one lookup). A field on the values would be faster here but
 * slows every spec without SYMMETRY (bigger values).
 */

/**
 * One permutation of model values, as an array by model value index, with its
 * place among the group's permutations (where its image fingerprints are in
 * the group's cache).
 */
interface Permutation {
  readonly image: readonly (Value | undefined)[];
  readonly ordinal: number;
  readonly group: Group;
}

interface Group {
  readonly size: number;
  /** Each composite value's images' fingerprints: hi, lo by permutation ordinal ((0, 0) not computed yet). */
  readonly images: WeakMap<object, Int32Array>;
}

/**
 * Sets fpHi/fpLo to the state's identity under the model's SYMMETRY: the
 * smallest fingerprint over the group of the (projected) state's images.
 */
export function symmetricFingerprinter(model: TlaModel, project: (state: Value[]) => Value[]): (state: Value[]) => void {
  const at = model.symmetry!.at;
  const perms = evaluate(model.symmetry!, null, model.scope, { cur: [], next: null, primed: false, varReads: 0 });
  if (!(perms instanceof SetValue)) throw new TlaEvalError('The SYMMETRY definition is not a set of permutations.', at);
  const generators = perms.elements().map((p) => {
    const f = asFunction(p);
    if (f === null) throw new TlaEvalError(`The SYMMETRY definition holds ${keyOf(p)}, which is not a permutation.`, at);
    const m = new Map<string, Value>();
    f.keys.forEach((k, i) => m.set(keyOf(k), f.vals[i]!));
    return m;
  });
  const images = permutationGroup(generators)
    .map((m) => imageArray(m, at))
    .filter((image): image is (Value | undefined)[] => image !== null);
  const group: Group = { size: images.length, images: new WeakMap() };
  const permutations = images.map((image, ordinal): Permutation => ({ image, ordinal, group }));
  return (state) => {
    const values = project(state);
    fingerprintState(values);
    let bestHi = fpHi;
    let bestLo = fpLo;
    for (const p of permutations) {
      imageOfOrdered(true, values, p);
      if (fpHi < bestHi || (fpHi === bestHi && fpLo < bestLo)) {
        bestHi = fpHi;
        bestLo = fpLo;
      }
    }
    setFingerprint(bestHi, bestLo);
  };
}

/** The permutation as an array by model value index; null for the identity (nothing to try). */
function imageArray(m: Map<string, Value>, at: Location): (Value | undefined)[] | null {
  const byName = new Map<string, ModelValue>();
  for (const [k, v] of m) {
    // TLC: "Symmetry function must have model values as domain and range."
    if (!(v instanceof ModelValue) || !k.startsWith('@')) throw new TlaEvalError(`Symmetry function must have model values as domain and range: one maps ${k} to ${keyOf(v)}.`, at);
    byName.set(`@${v.name}`, v);
  }
  // A permutation is onto its domain: every key is also an image, so each key's model value is in byName.
  const image: (Value | undefined)[] = [];
  let identity = true;
  for (const [k, v] of m) {
    const from = byName.get(k);
    if (from === undefined) throw new TlaEvalError(`SYMMETRY maps ${k} but nothing to it: not a permutation.`, at);
    if (from !== v) identity = false;
    image[from.index] = v;
  }
  return identity ? null : image;
}

/** Sets fpHi/fpLo to the fingerprint of the image of `v` under `p` (as fingerprintValue would of the image). */
function imageFingerprint(v: Value, p: Permutation): void {
  if (v instanceof ModelValue) {
    fingerprintValue(p.image[v.index] ?? v);
    return;
  }
  if (typeof v !== 'object') {
    fingerprintValue(v);
    return;
  }
  if (v instanceof LazyFcn) {
    imageFingerprint(v.materialize(), p);
    return;
  }
  let cache = p.group.images.get(v);
  if (cache === undefined) {
    cache = new Int32Array(2 * p.group.size);
    p.group.images.set(v, cache);
  }
  const at = 2 * p.ordinal;
  const hi = cache[at]!;
  const lo = cache[at + 1]!;
  // (0, 0) marks a fingerprint not computed yet; an image whose fingerprint is (0, 0) is merely computed again.
  if ((hi | lo) !== 0) {
    setFingerprint(hi, lo);
    return;
  }
  if (v instanceof SetValue) imageOfSet(v.elements(), p);
  else if (v instanceof TupleValue) imageOfOrdered(false, v.items, p);
  else imageOfFcn(v, p);
  cache[at] = fpHi;
  cache[at + 1] = fpLo;
}

function imageOfSet(members: readonly Value[], p: Permutation): void {
  let sumHi = 0;
  let sumLo = 0;
  for (let i = 0; i < members.length; i++) {
    imageFingerprint(members[i]!, p);
    sumHi = (sumHi + fpHi) | 0;
    sumLo = (sumLo + fpLo) | 0;
  }
  finishSetOrFcn(false, members.length, sumHi, sumLo);
}

/** A tuple's image (`state` false), or a state's: its items' images folded in order. */
function imageOfOrdered(state: boolean, items: readonly Value[], p: Permutation): void {
  let h1 = orderedStart1(state, items.length);
  let h2 = orderedStart2(state, items.length);
  for (let i = 0; i < items.length; i++) {
    imageFingerprint(items[i]!, p);
    h1 = orderedStep1(h1, fpHi);
    h2 = orderedStep2(h2, fpLo);
  }
  finishLanes(h1, h2);
}

/**
 * A function's image: each pair's key and value imaged. A permutation never
 * turns a function into a tuple or back (it moves model values only, and a
 * tuple's keys are 1..n), so the image is fingerprinted as a function too.
 */
function imageOfFcn(f: FcnValue, p: Permutation): void {
  let sumHi = 0;
  let sumLo = 0;
  for (let i = 0; i < f.keys.length; i++) {
    imageFingerprint(f.keys[i]!, p);
    const keyHi = fpHi;
    const keyLo = fpLo;
    imageFingerprint(f.vals[i]!, p);
    fingerprintPair(keyHi, keyLo, fpHi, fpLo);
    sumHi = (sumHi + fpHi) | 0;
    sumLo = (sumLo + fpLo) | 0;
  }
  finishSetOrFcn(true, f.keys.length, sumHi, sumLo);
}

/**
 * The group the SYMMETRY permutations generate, as TLC computes it
 * (MVPerm.permutationSubgroup): Permutations(A) \cup Permutations(B) also holds
 * their compositions.
 */
function permutationGroup(generators: Map<string, Value>[]): Map<string, Value>[] {
  const signature = (m: Map<string, Value>) => [...m].map(([k, v]) => `${k}>${keyOf(v)}`).sort().join(',');
  const group = new Map<string, Map<string, Value>>(generators.map((g) => [signature(g), g]));
  const queue = [...group.values()];
  while (queue.length > 0) {
    const a = queue.pop()!;
    for (const b of generators) {
      // a then b, as one map over the union of their domains.
      const c = new Map<string, Value>(b);
      for (const [k, v] of a) c.set(k, b.get(keyOf(v)) ?? v);
      const sig = signature(c);
      if (!group.has(sig)) {
        group.set(sig, c);
        queue.push(c);
      }
    }
  }
  return [...group.values()];
}
