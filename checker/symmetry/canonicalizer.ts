import type { ModelDef } from '../../spec/definitions.js';
import { ElementSignatures } from './element-signature.js';
import { allPermutations, SymmetryGroups } from './groups.js';
import { permutableSlots, type PermutableSlots } from './permutable-slots.js';
import { PermutationProgram } from './permutation-program.js';

/** Up to this many permutations (all symmetric sets together) the canonical form is the exact minimum over all of them. */
export const EXACT_PERMUTATION_LIMIT = 720;

export type SymmetryMethod = 'exact' | 'heuristic';

/** What a run reports about its symmetry reduction. */
export interface SymmetryInfo {
  readonly sets: readonly { readonly name: string; readonly size: number }[];
  readonly method: SymmetryMethod;
}

/**
 * Maps packed states to a representative of their orbit under every permutation of
 * every symmetric set; the engines fingerprint the representative.
 *
 * - exact (at most 720 permutations, e.g. one set of 6): the lexicographic minimum of
 *   the permuted words over all permutations, each a precompiled move program;
 * - heuristic (bigger sets): elements sorted by a permutation-invariant signature,
 *   ties resolved by trying every order of each tied block (a block whose adjacent
 *   swaps leave the state unchanged needs no trying). When the tied orders exceed the
 *   limit, the first order is kept. The result is always a permutation of the state,
 *   so two orbits are never merged; an orbit may keep several representatives.
 */
export class SymmetryReduction {
  readonly info: SymmetryInfo;
  /** Heuristic only: states whose ties were too many to try, which may have a second representative. */
  untriedTies = 0;
  private readonly slots: PermutableSlots;
  private readonly candidate: Int32Array;
  private readonly exactPrograms: PermutationProgram[] | null;
  private readonly heuristic: HeuristicNormalForm | null;

  constructor(
    readonly groups: SymmetryGroups,
    schema: ModelDef<unknown>['schema'],
    words: number,
    /** Tests lower it to exercise the heuristic on small sets against the exact form. */
    exactLimit = EXACT_PERMUTATION_LIMIT,
  ) {
    this.slots = permutableSlots(schema, groups);
    this.candidate = new Int32Array(words);
    const total = groups.sizes.reduce((product, n) => product * factorial(n), 1);
    const method: SymmetryMethod = total <= exactLimit ? 'exact' : 'heuristic';
    this.info = { sets: groups.names.map((name, g) => ({ name, size: groups.sizes[g]! })), method };
    this.exactPrograms = method === 'exact' ? combinations(groups.sizes).map((perms) => new PermutationProgram(this.slots).resolve(perms)) : null;
    this.heuristic = method === 'heuristic' ? new HeuristicNormalForm(this.slots, groups.sizes, words) : null;
  }

  /** Writes the representative of the state at `src[base..]` into `out[0..]`. */
  canonicalize(src: Int32Array, base: number, out: Int32Array): void {
    if (this.heuristic) {
      if (!this.heuristic.canonicalize(src, base, out)) this.untriedTies++;
      return;
    }
    const programs = this.exactPrograms!;
    // programs[0] is the identity: the state itself is the first candidate.
    for (let w = 0; w < out.length; w++) out[w] = src[base + w]!;
    const candidate = this.candidate;
    for (let p = 1; p < programs.length; p++) {
      programs[p]!.apply(src, base, candidate);
      if (lessThan(candidate, out)) out.set(candidate);
    }
  }

  /** A program for one permutation (for --check-symmetry). */
  programFor(perms: readonly Int32Array[]): PermutationProgram {
    return new PermutationProgram(this.slots).resolve(perms);
  }
}

class HeuristicNormalForm {
  private readonly signatures: ElementSignatures;
  private readonly program: PermutationProgram;
  private readonly perms: Int32Array[];
  private readonly orders: Int32Array[];
  private readonly sorted: Int32Array;
  private readonly candidate: Int32Array;
  private readonly permutationsBySize: Int32Array[][] = [];
  /** Tied blocks of the current state (group, first position, length): preallocated, no allocation per state. */
  private readonly blockGroup: Int32Array;
  private readonly blockStart: Int32Array;
  private readonly blockLength: Int32Array;
  private readonly odometer: Int32Array;
  private blocks = 0;

  constructor(
    slots: PermutableSlots,
    private readonly sizes: readonly number[],
    words: number,
  ) {
    this.signatures = new ElementSignatures(slots, sizes);
    this.program = new PermutationProgram(slots);
    this.perms = sizes.map((n) => new Int32Array(n));
    this.orders = sizes.map((n) => new Int32Array(n));
    this.sorted = new Int32Array(words);
    this.candidate = new Int32Array(words);
    const most = sizes.reduce((sum, n) => sum + n, 0);
    this.blockGroup = new Int32Array(most);
    this.blockStart = new Int32Array(most);
    this.blockLength = new Int32Array(most);
    this.odometer = new Int32Array(most);
  }

  /** False when some tied orders were left untried. */
  canonicalize(src: Int32Array, base: number, out: Int32Array): boolean {
    this.signatures.compute(src, base);
    for (let g = 0; g < this.sizes.length; g++) this.sortGroup(g);
    this.program.resolve(this.perms).apply(src, base, this.sorted);
    out.set(this.sorted);
    this.findUntiedBlocks(src, base);
    if (this.blocks === 0) return true;
    let total = 1;
    for (let b = 0; b < this.blocks; b++) total *= factorial(this.blockLength[b]!);
    if (total > EXACT_PERMUTATION_LIMIT) return false;
    this.tryTiedOrders(src, base, out);
    return true;
  }

  /** orders[g]: elements by (signature, index); perms[g]: element -> its position. */
  private sortGroup(g: number): void {
    const order = this.orders[g]!;
    const signature = this.signatures.signatures[g]!;
    for (let i = 0; i < order.length; i++) order[i] = i;
    for (let i = 1; i < order.length; i++) {
      const e = order[i]!;
      let j = i - 1;
      while (j >= 0 && signature[order[j]!]! > signature[e]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = e;
    }
    const perm = this.perms[g]!;
    for (let p = 0; p < order.length; p++) perm[order[p]!] = p;
  }

  /** Tied blocks that some adjacent swap does not leave unchanged. */
  private findUntiedBlocks(src: Int32Array, base: number): void {
    this.blocks = 0;
    for (let g = 0; g < this.sizes.length; g++) {
      const n = this.sizes[g]!;
      const order = this.orders[g]!;
      const signature = this.signatures.signatures[g]!;
      for (let start = 0; start < n; ) {
        let end = start + 1;
        while (end < n && signature[order[end]!] === signature[order[start]!]) end++;
        if (end - start > 1 && !this.swapsFix(g, start, end, src, base)) {
          this.blockGroup[this.blocks] = g;
          this.blockStart[this.blocks] = start;
          this.blockLength[this.blocks] = end - start;
          this.blocks++;
        }
        start = end;
      }
    }
  }

  /** Adjacent transpositions generate the block's permutations: if each fixes the sorted state, all do. */
  private swapsFix(g: number, start: number, end: number, src: Int32Array, base: number): boolean {
    const perm = this.perms[g]!;
    const order = this.orders[g]!;
    let fixed = true;
    for (let p = start; p + 1 < end && fixed; p++) {
      perm[order[p]!] = p + 1;
      perm[order[p + 1]!] = p;
      this.program.resolve(this.perms).apply(src, base, this.candidate);
      fixed = equal(this.candidate, this.sorted);
      perm[order[p]!] = p;
      perm[order[p + 1]!] = p + 1;
    }
    return fixed;
  }

  /** Every combination of orders inside the blocks; the minimum wins. */
  private tryTiedOrders(src: Int32Array, base: number, out: Int32Array): void {
    const odometer = this.odometer;
    odometer.fill(0);
    for (;;) {
      let k = 0;
      while (k < this.blocks && ++odometer[k]! === this.permutationsOf(this.blockLength[k]!).length) odometer[k++] = 0;
      if (k === this.blocks) break;
      for (let b = 0; b < this.blocks; b++) {
        const order = this.orders[this.blockGroup[b]!]!;
        const perm = this.perms[this.blockGroup[b]!]!;
        const start = this.blockStart[b]!;
        const chosen = this.permutationsOf(this.blockLength[b]!)[odometer[b]!]!;
        for (let i = 0; i < chosen.length; i++) perm[order[start + i]!] = start + chosen[i]!;
      }
      this.program.resolve(this.perms).apply(src, base, this.candidate);
      if (lessThan(this.candidate, out)) out.set(this.candidate);
    }
    for (let g = 0; g < this.sizes.length; g++) this.sortGroup(g);
  }

  /** All permutations of 0..n-1, built once per size (at most 720 of them are ever tried). */
  private permutationsOf(n: number): Int32Array[] {
    return (this.permutationsBySize[n] ??= allPermutations(n));
  }
}

/** Every combination of one permutation per group (identity first). */
function combinations(sizes: readonly number[]): Int32Array[][] {
  let result: Int32Array[][] = [[]];
  for (const n of sizes) {
    const perms = allPermutations(n);
    result = result.flatMap((prefix) => perms.map((p) => [...prefix, p]));
  }
  return result;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function lessThan(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function equal(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The reduction a run uses: none without declared symmetries or with symmetry turned off. */
export function symmetryReductionFor(def: ModelDef<any>, words: number, enabled: boolean): SymmetryReduction | null {
  const decls = def.symmetries ?? [];
  if (!enabled || decls.length === 0) return null;
  return new SymmetryReduction(new SymmetryGroups(decls), def.schema, words);
}
