import { StateExpander, StepEvaluationError, type ExpansionSink } from '../search/expander.js';
import type { Finding } from '../search/outcome.js';
import type { RuntimeModel } from '../runtime-model.js';
import { ShardPartition } from './partition.js';
import { symmetryReductionFor, type SymmetryReduction } from '../symmetry/canonicalizer.js';

/** How a cluster run's owners were chosen, from a sample of the model's steps. */
export interface PartitionChoice {
  /** Packed words that choose a state's owner; empty: its fingerprint does. */
  readonly keyWords: readonly number[];
  /** Of the sampled steps, the share whose successor has another owner than its parent: by fingerprint, and by the chosen key. */
  readonly fingerprintCrossing: number;
  readonly keyCrossing: number;
  /** The busiest shard's sampled states over the mean, with the chosen key. */
  readonly imbalance: number;
  readonly sampledStates: number;
  readonly sampledSteps: number;
}

export interface SampleBudget {
  /** States expanded breadth-first from the initial states. */
  readonly breadthFirst: number;
  /** Random walks, and steps per walk: they reach the deep levels a breadth-first sample misses. */
  readonly walks: number;
  readonly walkDepth: number;
  /** Sampling stops at this many steps (half of them at most from the breadth-first part). */
  readonly maxSteps: number;
}

const DEFAULT_BUDGET: SampleBudget = { breadthFirst: 5000, walks: 800, walkDepth: 50, maxSteps: 60_000 };
/** A key must spread the sampled states at least this evenly... */
const MAX_IMBALANCE = 1.1;
/** ...over at least this many distinct key values per shard (so that later levels have room to spread too)... */
const MIN_KEYS_PER_SHARD = 64;
/** ...and keep at most this share of the fingerprint partition's crossings, or it is not worth the risk. */
const WORTHWHILE = 0.75;
/** A spread is judged on at least this many sampled states. */
const MIN_SPREAD_SAMPLE = 400;
/** The greedy search starts from at most this many words (those steps change least): it evaluates the sample O(words²) times. */
const MAX_KEY_SEARCH_WORDS = 16;

/**
 * Chooses the locality key of a run with `shards` shards: the smallest set of
 * packed words whose hash spreads the sampled states evenly while the fewest
 * sampled steps change it (greedy: drop the word whose removal saves the most
 * crossings, while the spread holds). Deterministic for a model and its constants.
 * Under symmetry, states are judged by their orbit representatives' words, which
 * is what owners are chosen from (ExpansionSink.ownerOf).
 */
export function choosePartition(model: RuntimeModel<any>, shards: number, symmetric = false, budget: SampleBudget = DEFAULT_BUDGET): PartitionChoice {
  // Under symmetry the owner follows the orbit: keys are judged on the representatives' words.
  const sample = new StepSample(model, symmetryReductionFor(model.def, model.codec.words, symmetric));
  sample.breadthFirst(budget.breadthFirst, budget.maxSteps / 2);
  sample.randomWalks(budget.walks, budget.walkDepth, budget.maxSteps);
  const fingerprint = sample.evaluate(new ShardPartition(shards, []));
  const none = { keyWords: [], fingerprintCrossing: fingerprint.crossing, keyCrossing: fingerprint.crossing, imbalance: fingerprint.imbalance, sampledStates: sample.size, sampledSteps: sample.steps };
  if (shards < 2 || sample.steps === 0) return none;
  let key = sample.leastChangedWords(MAX_KEY_SEARCH_WORDS);
  let best = sample.evaluate(new ShardPartition(shards, key));
  while (key.length > 1) {
    let next: { key: number[]; score: Score } | null = null;
    for (const word of key) {
      const candidate = key.filter((w) => w !== word);
      const score = sample.evaluate(new ShardPartition(shards, candidate));
      if (score.imbalance > MAX_IMBALANCE || score.distinctKeys < MIN_KEYS_PER_SHARD * shards) continue;
      if (next === null || score.crossing < next.score.crossing) next = { key: candidate, score };
    }
    if (next === null || next.score.crossing > best.crossing) break;
    key = next.key;
    best = next.score;
  }
  if (best.crossing > WORTHWHILE * fingerprint.crossing) return none;
  return { keyWords: key, fingerprintCrossing: fingerprint.crossing, keyCrossing: best.crossing, imbalance: best.imbalance, sampledStates: sample.size, sampledSteps: sample.steps };
}

interface Score {
  readonly crossing: number;
  readonly imbalance: number;
  readonly distinctKeys: number;
}

/** The most states of one shard over the mean (1 when there are too few to judge). */
function spread(owners: readonly number[], shards: number): number {
  if (owners.length < MIN_SPREAD_SAMPLE) return 1;
  const loads = new Array<number>(shards).fill(0);
  for (const owner of owners) loads[owner]!++;
  return Math.max(...loads) / (owners.length / shards);
}

/**
 * Distinct states reached by a small breadth-first search and by seeded random
 * walks, and the steps between them (parent and successor as sample indexes).
 */
class StepSample implements ExpansionSink {
  /** Sampled states (expanded from these words) and the words that name their orbits (the same without symmetry: keys are judged on these). */
  private readonly states: Int32Array[] = [];
  private readonly namedStates: Int32Array[] = [];
  /** Orbit words of the successors fingerprinted and not yet routed. */
  private readonly named: Int32Array[] = [];
  private namedTaken = 0;
  private readonly lows: number[] = [];
  private readonly byFingerprint = new Map<string, number>();
  private readonly parents: number[] = [];
  private readonly children: number[] = [];
  private readonly expander: StateExpander<any>;
  private readonly words: number;
  /** The sample index of the state being expanded (-1: initial states), and the successors found for it. */
  private parent = -1;
  private found: number[] = [];
  private random = 0x2545f491;
  /** States from here on were first found by the random walks. */
  private walkStart = 0;
  /** Where each walk ended: nearly independent samples of the deep levels (the states along a walk are not); judged once each. */
  private readonly walkEnds: number[] = [];

  constructor(
    private readonly model: RuntimeModel<any>,
    symmetry: SymmetryReduction | null,
  ) {
    this.words = model.codec.words;
    const options = { checkDeadlock: false, continueAfterViolation: true, invariants: [], actionProperties: [], possibles: [], fingerprintBits: 64 as const, symmetry };
    this.expander = new StateExpander(model, options, this);
  }

  get size(): number {
    return this.states.length;
  }

  get steps(): number {
    return this.parents.length;
  }

  breadthFirst(limit: number, maxSteps: number): void {
    this.parent = -1;
    try {
      this.model.forEachInitialState((state, index) => this.expander.seed(state, index));
    } catch (error) {
      if (!(error instanceof StepEvaluationError)) throw error;
    }
    for (let next = 0; next < this.states.length && next < limit && this.steps < maxSteps; next++) this.expandSample(next);
  }

  randomWalks(walks: number, depth: number, maxSteps: number): void {
    const initial = this.states.length;
    this.walkStart = initial;
    if (initial === 0) return;
    for (let walk = 0; walk < walks && this.steps < maxSteps; walk++) {
      let at = this.nextRandom() % Math.min(initial, this.states.length);
      for (let step = 0; step < depth; step++) {
        const successors = this.expandSample(at);
        if (successors.length === 0) break;
        at = successors[this.nextRandom() % successors.length]!;
      }
      this.walkEnds.push(at);
    }
  }

  /** Up to `count` word indexes, those the sampled steps change least first. */
  leastChangedWords(count: number): number[] {
    const changes = new Array<number>(this.words).fill(0);
    for (let i = 0; i < this.parents.length; i++) {
      const parent = this.namedStates[this.parents[i]!]!;
      const child = this.namedStates[this.children[i]!]!;
      for (let w = 0; w < this.words; w++) if (parent[w] !== child[w]) changes[w]!++;
    }
    const order = Array.from({ length: this.words }, (_, w) => w).sort((a, b) => changes[a]! - changes[b]! || a - b);
    return order.slice(0, count).sort((a, b) => a - b);
  }

  /** Owners of every sampled state under `partition`, and how the steps and states fall. */
  evaluate(partition: ShardPartition): Score {
    const owners = this.namedStates.map((words, i) => partition.owner(words, 0, this.lows[i]!));
    let crossing = 0;
    for (let i = 0; i < this.parents.length; i++) if (owners[this.parents[i]!] !== owners[this.children[i]!]) crossing++;
    // The spread is judged on the breadth-first sample and, apart, on the states the walks found
    // (deep levels, which a breadth-first sample of the first levels does not show): the worse counts.
    const walkEnds = [...new Set(this.walkEnds)].map((state) => owners[state]!);
    const imbalance = Math.max(spread(owners.slice(0, this.walkStart), partition.shards), spread(walkEnds, partition.shards));
    // Distinct key values, counted by a 32-bit hash of the key words (a collision only undercounts).
    const keyHashes = new ShardPartition(2 ** 32, partition.keyWords);
    const keys = new Set(this.namedStates.map((words, i) => keyHashes.owner(words, 0, this.lows[i]!)));
    return {
      crossing: crossing / Math.max(1, this.parents.length),
      imbalance,
      distinctKeys: keys.size,
    };
  }

  /** Expands sample state `index`; returns the sample indexes of its successors. */
  private expandSample(index: number): number[] {
    this.parent = index;
    this.found = [];
    try {
      this.expander.expand(this.states[index]!, 0, index);
    } catch (error) {
      if (!(error instanceof StepEvaluationError)) throw error;
    }
    return this.found;
  }

  private nextRandom(): number {
    // xorshift32: a fixed seed, so the same model always gets the same key.
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x;
    return x >>> 0;
  }

  // ExpansionSink: every successor is routed here.
  /** Called as each successor is fingerprinted, with the words naming its orbit: kept until `route` takes it. */
  ownerOf(words: Int32Array, base: number): number {
    this.named.push(words.slice(base, base + this.words));
    return 0;
  }

  route(words: Int32Array, base: number, _parent: number, _successorIndex: number, hi: number, lo: number, extra: number): void {
    const named = this.named[this.namedTaken++]!;
    if (this.namedTaken === this.named.length) {
      this.named.length = 0;
      this.namedTaken = 0;
    }
    const key = `${hi}:${lo}:${extra}`;
    let index = this.byFingerprint.get(key);
    if (index === undefined) {
      index = this.states.length;
      this.byFingerprint.set(key, index);
      this.states.push(words.slice(base, base + this.words));
      this.namedStates.push(named);
      this.lows.push(lo);
    }
    if (this.parent >= 0) {
      this.parents.push(this.parent);
      this.children.push(index);
      this.found.push(index);
    }
  }
  insert(): boolean {
    return false;
  }
  touch(): number {
    return 0;
  }
  store(): void {}
  report(_finding: Finding): void {}
}
