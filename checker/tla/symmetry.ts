import type { Location } from './ast.js';
import { TlaEvalError } from './errors.js';
import { evaluate } from './eval.js';
import {
  finishLanes,
  finishSummed,
  fingerprintPair,
  fingerprintState,
  fingerprintValue,
  fpHi,
  fpLo,
  positionFingerprints,
  setFingerprint,
  stateStart1,
  stateStart2,
  stateStep1,
  stateStep2,
  Summed,
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
 * Each composite value keeps its images' fingerprints, under all the group's
 * permutations at once (values are immutable and shared between states: a
 * successor's unchanged parts cost one property load for the whole group).
 * A value no permutation moves (no model value of the group in it) is marked
 * with the group's `fixed`: its images' fingerprints are its own, with nothing
 * stored per permutation.
 */

/** The permutations other than the identity, as arrays by model value index. */
interface Group {
  readonly size: number;
  readonly permutations: readonly (readonly (Value | undefined)[])[];
  /** Told apart from other groups in this process (another model's): the last entry of each of its image arrays. */
  readonly serial: number;
  /** Marks a value no permutation moves: its images' fingerprints are its own. */
  readonly fixed: Int32Array;
  /** By model value index: its images' fingerprints, or `fixed`. */
  readonly modelImages: Int32Array[];
}

/**
 * A composite value's images' fingerprints under its group: hi, lo by
 * permutation, then the group's serial (or the group's `fixed`). Kept on the
 * value itself, as a property only specs with SYMMETRY ever add: a WeakMap
 * over millions of values cost 15% of a run in lookups and more in the
 * collector's work on its entries.
 */
interface ImageSlot {
  symImages?: Int32Array;
}

let groups = 0;

/** An image array for `g`: its serial set at the end. */
function newImages(g: Group): Int32Array {
  const images = new Int32Array(2 * g.size + 1);
  images[2 * g.size] = g.serial;
  return images;
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
  const permutations = permutationGroup(generators)
    .map((m) => imageArray(m, at))
    .filter((image): image is (Value | undefined)[] => image !== null);
  const serial = ++groups;
  const group: Group = { size: permutations.length, permutations, serial, fixed: Int32Array.of(serial), modelImages: [] };
  // Per state: each variable's own fingerprint and its images' (reused: states are fingerprinted one at a time).
  const own: number[] = [];
  const imaged: Int32Array[] = [];
  return (state) => {
    const values = project(state);
    fingerprintState(values);
    let bestHi = fpHi;
    let bestLo = fpLo;
    const n = values.length;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      imaged[i] = imagesOf(v, group);
      fingerprintValue(v);
      own[2 * i] = fpHi;
      own[2 * i + 1] = fpLo;
    }
    for (let p = 0; p < group.size; p++) {
      stateImage(n, imaged, own, p, group);
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

/**
 * The fingerprints of `v`'s images under every permutation (hi, lo by
 * permutation: as fingerprintValue would give of each image), or `g.fixed`
 * when no permutation moves anything in it.
 */
function imagesOf(v: Value, g: Group): Int32Array {
  if (typeof v !== 'object') return g.fixed;
  if (v instanceof ModelValue) return g.modelImages[v.index] ?? (g.modelImages[v.index] = modelValueImages(v, g));
  if (v instanceof LazyFcn) return imagesOf(v.materialize(), g);
  const slot = v as unknown as ImageSlot;
  const kept = slot.symImages;
  if (kept !== undefined && kept[kept.length - 1] === g.serial) return kept;
  let images: Int32Array;
  if (v instanceof SetValue) images = setImages(v.elements(), g);
  else if (v instanceof TupleValue) images = tupleImages(v.items, g);
  else images = fcnImages(v, g);
  slot.symImages = images;
  return images;
}

function modelValueImages(v: ModelValue, g: Group): Int32Array {
  if (g.permutations.every((image) => (image[v.index] ?? v) === v)) return g.fixed;
  const images = newImages(g);
  for (let p = 0; p < g.size; p++) {
    fingerprintValue(g.permutations[p]![v.index] ?? v);
    images[2 * p] = fpHi;
    images[2 * p + 1] = fpLo;
  }
  return images;
}

/** A set's images: its members' images' fingerprints summed, as fingerprint.ts sums a set's members. */
function setImages(members: readonly Value[], g: Group): Int32Array {
  let fixedHi = 0;
  let fixedLo = 0;
  let sums: Int32Array | null = null;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const im = imagesOf(m, g);
    if (im === g.fixed) {
      fingerprintValue(m);
      fixedHi = (fixedHi + fpHi) | 0;
      fixedLo = (fixedLo + fpLo) | 0;
    } else {
      sums ??= newImages(g);
      for (let j = 0; j < 2 * g.size; j++) sums[j] = (sums[j]! + im[j]!) | 0;
    }
  }
  return sums === null ? g.fixed : finishedImages(Summed.Set, members.length, fixedHi, fixedLo, sums, g);
}

/**
 * A function's images: each pair's key and value imaged, the pairs' fingerprints
 * summed. A permutation never turns a function into a tuple or back (it moves
 * model values only, and a tuple's keys are 1..n), so each image is
 * fingerprinted as a function too.
 */
function fcnImages(f: FcnValue, g: Group): Int32Array {
  const n = f.keys.length;
  let fixedHi = 0;
  let fixedLo = 0;
  let sums: Int32Array | null = null;
  for (let i = 0; i < n; i++) {
    const keyImages = imagesOf(f.keys[i]!, g);
    const valImages = imagesOf(f.vals[i]!, g);
    fingerprintValue(f.keys[i]!);
    const keyHi = fpHi;
    const keyLo = fpLo;
    fingerprintValue(f.vals[i]!);
    const valHi = fpHi;
    const valLo = fpLo;
    if (keyImages === g.fixed && valImages === g.fixed) {
      fingerprintPair(keyHi, keyLo, valHi, valLo);
      fixedHi = (fixedHi + fpHi) | 0;
      fixedLo = (fixedLo + fpLo) | 0;
      continue;
    }
    sums ??= newImages(g);
    for (let p = 0; p < g.size; p++) {
      const kx = keyImages === g.fixed;
      const vx = valImages === g.fixed;
      fingerprintPair(kx ? keyHi : keyImages[2 * p]!, kx ? keyLo : keyImages[2 * p + 1]!, vx ? valHi : valImages[2 * p]!, vx ? valLo : valImages[2 * p + 1]!);
      sums[2 * p] = (sums[2 * p]! + fpHi) | 0;
      sums[2 * p + 1] = (sums[2 * p + 1]! + fpLo) | 0;
    }
  }
  return sums === null ? g.fixed : finishedImages(Summed.Fcn, n, fixedHi, fixedLo, sums, g);
}

/** A tuple's images: its position-item pairs' fingerprints summed (a position is never moved), as fingerprint.ts sums them. */
function tupleImages(items: readonly Value[], g: Group): Int32Array {
  const n = items.length;
  const positions = positionFingerprints(n);
  let fixedHi = 0;
  let fixedLo = 0;
  let sums: Int32Array | null = null;
  for (let i = 0; i < n; i++) {
    const posHi = positions[2 * i]!;
    const posLo = positions[2 * i + 1]!;
    const itemImages = imagesOf(items[i]!, g);
    if (itemImages === g.fixed) {
      fingerprintValue(items[i]!);
      fingerprintPair(posHi, posLo, fpHi, fpLo);
      fixedHi = (fixedHi + fpHi) | 0;
      fixedLo = (fixedLo + fpLo) | 0;
      continue;
    }
    sums ??= newImages(g);
    for (let p = 0; p < g.size; p++) {
      fingerprintPair(posHi, posLo, itemImages[2 * p]!, itemImages[2 * p + 1]!);
      sums[2 * p] = (sums[2 * p]! + fpHi) | 0;
      sums[2 * p + 1] = (sums[2 * p + 1]! + fpLo) | 0;
    }
  }
  return sums === null ? g.fixed : finishedImages(Summed.Tuple, n, fixedHi, fixedLo, sums, g);
}

/**
 * The images' fingerprints of a set, function or tuple of `size` parts, from
 * the sum of its fixed parts' and each permutation's sum of its moved parts'
 * (`sums`, hi and lo by permutation, overwritten with the results).
 */
function finishedImages(kind: Summed, size: number, fixedHi: number, fixedLo: number, sums: Int32Array, g: Group): Int32Array {
  for (let p = 0; p < g.size; p++) {
    finishSummed(kind, size, (fixedHi + sums[2 * p]!) | 0, (fixedLo + sums[2 * p + 1]!) | 0);
    sums[2 * p] = fpHi;
    sums[2 * p + 1] = fpLo;
  }
  return sums;
}

/**
 * Sets fpHi/fpLo to the fingerprint of permutation p's image of a state: its
 * n variables' images folded in order, a variable marked fixed taking its own
 * fingerprint (`own`: hi, lo by variable).
 */
function stateImage(n: number, itemImages: readonly Int32Array[], own: ArrayLike<number>, p: number, g: Group): void {
  let h1 = stateStart1(n);
  let h2 = stateStart2(n);
  for (let i = 0; i < n; i++) {
    const im = itemImages[i]!;
    const fixed = im === g.fixed;
    h1 = stateStep1(h1, fixed ? own[2 * i]! : im[2 * p]!);
    h2 = stateStep2(h2, fixed ? own[2 * i + 1]! : im[2 * p + 1]!);
  }
  finishLanes(h1, h2);
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
