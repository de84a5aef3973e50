import type { RuntimeModel, StepRef } from '../runtime-model.js';
import { formatStep, isAssertionFailure } from '../runtime-model.js';
import { OutOfTypeError } from '../errors.js';
import { formatValue } from '../state/format-value.js';
import type { SearchOptions } from '../search/bfs.js';
import { SymmetryGroups } from './groups.js';
import { SymmetryReduction } from './canonicalizer.js';
import type { PermutationProgram } from './permutation-program.js';

/** The outcome of `--check-symmetry`: the first violation found, or how much was sampled. */
export type SymmetryCheck =
  | { readonly ok: true; readonly sampledStates: number; readonly permutations: number; readonly exhaustive: boolean }
  | { readonly ok: false; readonly message: string };

interface Generator {
  readonly program: PermutationProgram;
  readonly description: string;
}

/**
 * Tests a symmetry declaration on a sample: the first `limit` states of an unreduced
 * breadth-first search. For each sampled state s and each generator π of each
 * symmetric set (swap the first two elements; rotate all of them), it checks that
 * every property gives the same answer on s and π(s), and that the successors of
 * π(s) are exactly π applied to the successors of s (the step that breaks this is
 * named). Generators suffice: if they commute with the model, every permutation does.
 */
export function checkSymmetry(model: RuntimeModel<any>, properties: SearchOptions, limit = 2000): SymmetryCheck {
  const decls = model.def.symmetries ?? [];
  if (decls.length === 0) return { ok: false, message: `--check-symmetry: model ${model.name} declares no symmetry` };
  const groups = new SymmetryGroups(decls);
  const reduction = new SymmetryReduction(groups, model.def.schema, model.codec.words);
  const generators = generatorsOf(groups, reduction);
  const sample = sampleStates(model, limit);
  const words = model.codec.words;
  const permuted = new Int32Array(words);
  for (const state of sample) {
    for (const generator of generators) {
      generator.program.apply(state, 0, permuted);
      const problem = compareStates(model, properties, state, permuted, generator);
      if (problem) return { ok: false, message: `--check-symmetry: ${problem}` };
    }
  }
  // A sample smaller than the limit is every reachable state: the unreduced search ran out first.
  return { ok: true, sampledStates: sample.length, permutations: generators.length, exhaustive: sample.length < limit };
}

function generatorsOf(groups: SymmetryGroups, reduction: SymmetryReduction): Generator[] {
  const generators: Generator[] = [];
  groups.sizes.forEach((n, g) => {
    const identity = groups.sizes.map((size) => Int32Array.from({ length: size }, (_, i) => i));
    const swap = identity.map((p) => p.slice());
    swap[g]![0] = 1;
    swap[g]![1] = 0;
    const keys = (perm: Int32Array) => Array.from(perm, (image, j) => `${groups.keyOf(g, j)}->${groups.keyOf(g, image)}`).join(', ');
    generators.push({ program: reduction.programFor(swap), description: `swapping ${groups.keyOf(g, 0)} and ${groups.keyOf(g, 1)} of ${groups.names[g]}` });
    if (n > 2) {
      const cycle = identity.map((p) => p.slice());
      cycle[g] = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
      generators.push({ program: reduction.programFor(cycle), description: `renaming ${keys(cycle[g]!)} in ${groups.names[g]}` });
    }
  });
  return generators;
}

/** The first `limit` distinct states in BFS order, as packed words. */
function sampleStates(model: RuntimeModel<any>, limit: number): Int32Array[] {
  const seen = new Set<string>();
  const queue: Int32Array[] = [];
  const keep = (state: object) => {
    if (queue.length >= limit) return;
    const words = encodeOrNull(model, state);
    if (!words || seen.has(words.join(','))) return;
    seen.add(words.join(','));
    queue.push(words);
  };
  model.forEachInitialState((state) => keep(state));
  const scratch = model.codec.createScratch();
  for (let head = 0; head < queue.length && queue.length < limit; head++) {
    const state = model.codec.decodeFresh(queue[head]!, 0);
    model.forEachSuccessor(state, scratch, (next) => keep(next), isAssertionFailure);
  }
  return queue;
}

function compareStates(model: RuntimeModel<any>, properties: SearchOptions, words: Int32Array, permutedWords: Int32Array, generator: Generator): string | null {
  const state = model.codec.decodeFresh(words, 0);
  const permuted = model.codec.decodeFresh(permutedWords, 0);
  const where = `${generator.description}, in state ${formatValue(state)}`;
  const statePredicates = [
    ...properties.invariants.map((p) => ({ kind: 'invariant', ...p })),
    ...properties.possibles.map((p) => ({ kind: 'possible property', ...p })),
    ...model.def.constraints.map((p) => ({ kind: 'constraint', ...p })),
    ...(model.def.terminal ? [{ kind: 'terminal predicate', name: 'terminalWhen', holds: model.def.terminal }] : []),
  ];
  for (const property of statePredicates) {
    const before = property.holds(state);
    const after = property.holds(permuted);
    if (before !== after) return `${property.kind} ${property.name} is not symmetric: it ${before ? 'holds' : 'fails'} before and ${after ? 'holds' : 'fails'} after ${where}`;
  }
  const successors = successorsOf(model, state);
  const permutedSuccessors = successorsOf(model, permuted);
  const targets = new Map<string, Successor>();
  for (const successor of permutedSuccessors) targets.set(successor.words.join(','), successor);
  const image = new Int32Array(model.codec.words);
  const images = new Set<string>();
  for (const successor of successors) {
    generator.program.apply(successor.words, 0, image);
    const key = image.join(',');
    images.add(key);
    const counterpart = targets.get(key);
    if (!counterpart) return `action ${successor.label} is not symmetric: its step has no permuted counterpart after ${where}`;
    for (const property of properties.actionProperties) {
      const before = property.holds(state, successor.state);
      const after = property.holds(permuted, counterpart.state);
      if (before !== after) return `action property ${property.name} is not symmetric: it ${before ? 'holds' : 'fails'} on step ${successor.label} but ${after ? 'holds' : 'fails'} on ${counterpart.label} after ${where}`;
    }
  }
  for (const successor of permutedSuccessors) {
    if (!images.has(successor.words.join(','))) return `action ${successor.label} is not symmetric: the permuted state has this step but the original has no counterpart (${where})`;
  }
  return null;
}

interface Successor {
  readonly label: string;
  readonly words: Int32Array;
  readonly state: object;
}

function successorsOf(model: RuntimeModel<any>, state: object): Successor[] {
  const out: Successor[] = [];
  const scratch = model.codec.createScratch();
  model.forEachSuccessor(
    state,
    scratch,
    (next, step: StepRef) => {
      const words = encodeOrNull(model, next);
      if (words) out.push({ label: formatStep(step), words, state: model.codec.decodeFresh(words, 0) });
    },
    isAssertionFailure,
  );
  return out;
}

function encodeOrNull(model: RuntimeModel<any>, state: object): Int32Array | null {
  const words = new Int32Array(model.codec.words);
  try {
    model.codec.encode(state, words, 0);
    return words;
  } catch (error) {
    if (error instanceof OutOfTypeError) return null;
    throw error;
  }
}
