// `npm run study:por`: issue 24 item 5, a study for partial-order reduction on the
// vfio-pm model (no reduction ships). Two explorations of the reachable graph, outside
// the fast engine (proxies on every step: slow, and only for this study):
//
// 1. Footprints. Every enabled action instance (a step label such as "U1: ENTRY ...")
//    gets the union, over all states where it fires, of what its guard and effect read
//    and what its effect writes, as variable paths: `v.k` for key k of a record or
//    function variable, `v.*` for the whole variable (arrays, sets and scalars are
//    always whole). Invariants, constraints and the terminal predicate get their read
//    sets too. Two instances are independent when neither writes what the other reads
//    or writes (a static relation: it holds in every state, so it is sound).
// 2. With that relation: over every reachable state, the fraction of pairs of enabled
//    instances that are independent; and the reachable states of a breadth-first
//    search that expands an ample set instead of every enabled instance, where it may:
//    all enabled instances of one actor at its program counter such that (C1) every
//    instance of that actor at that label, enabled or not, is independent of every
//    instance of every other actor, (C2) none writes a variable an invariant,
//    constraint or the terminal predicate reads, and (C3) no successor through it was
//    seen before (the breadth-first cycle proviso, conservatively). That count is the
//    state space a sound static reduction of this kind (SPIN's "safe" steps) leaves.
// 3. The bound: the same search where C1 asks independence only of the instances of
//    other actors enabled in the state itself. That ignores steps another actor could
//    enable later (so it is not sound), and no stubborn-set method with this
//    independence relation can leave fewer states: it is the most such a method saves.
//    Once more without C2: what would be left if no invariant read the steps' variables.
//
// Usage: node dist/bench/por-study.js [smoke|default]... (default: both).
import { canonicalKey } from '../spec/canonical.js';
import { prepare } from '../checker/check.js';
import { formatStep, type RuntimeModel, type StepRef } from '../checker/runtime-model.js';
import { FingerprintSet } from '../checker/search/visited-set.js';
import { StateQueue } from '../checker/search/state-queue.js';
import { Fingerprinter } from '../checker/state/fingerprint.js';
import { cloneState } from '../checker/state/typed-states.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import vfioPm from '../models/vfio-pm/index.js';

const CONFIGS: Record<string, Record<string, unknown>> = { smoke: SMOKE, default: {} };

type Paths = Set<string>;

interface Footprint {
  readonly reads: Paths;
  readonly writes: Paths;
  readonly actor: string;
  /** The program counter label the instance needs, or '' (not a process step). */
  readonly label: string;
}

/** A plain record (not an array, a set or another class instance): tracked per key. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/** A view of `state` that logs every variable path read through it into `log`. */
function readingView<S extends object>(state: S, log: Paths): S {
  return new Proxy(state, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return value;
      if (!isRecord(value)) {
        log.add(`${key}.*`);
        return value;
      }
      return new Proxy(value, {
        get(inner, k, r) {
          if (typeof k === 'string') log.add(`${key}.${k}`);
          else log.add(`${key}.*`);
          return Reflect.get(inner, k, r);
        },
        has(inner, k) {
          log.add(typeof k === 'string' ? `${key}.${k}` : `${key}.*`);
          return Reflect.has(inner, k);
        },
        ownKeys(inner) {
          log.add(`${key}.*`);
          return Reflect.ownKeys(inner);
        },
      });
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) if (typeof key === 'string') log.add(`${key}.*`);
      return Reflect.ownKeys(target);
    },
  });
}

/** The paths where `next` differs from `current` (canonical comparison, per key of a record variable). */
function changedPaths(current: Record<string, unknown>, next: Record<string, unknown>, out: Paths): void {
  for (const key of Object.keys(next)) {
    const before = current[key];
    const after = next[key];
    if (isRecord(before) && isRecord(after)) {
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      for (const k of keys) if (canonicalKey(before[k] as never) !== canonicalKey(after[k] as never)) out.add(`${key}.${k}`);
    } else if (canonicalKey(before as never) !== canonicalKey(after as never)) out.add(`${key}.*`);
  }
}

function overlaps(a: Paths, b: Paths): boolean {
  for (const path of a) {
    if (b.has(path)) return true;
    const variable = path.slice(0, path.indexOf('.'));
    if (path.endsWith('.*')) {
      for (const other of b) if (other.startsWith(`${variable}.`)) return true;
    } else if (b.has(`${variable}.*`)) return true;
  }
  return false;
}

function independent(a: Footprint, b: Footprint): boolean {
  return !overlaps(a.writes, b.reads) && !overlaps(a.writes, b.writes) && !overlaps(b.writes, a.reads);
}

/** Guard and effect of one step on a copy, as the explorer fires it; null when disabled. */
function fire<S extends object>(step: StepRef, current: S, reads: Paths): S | null {
  const view = readingView(current, reads);
  const action = step.action;
  if (action.when && !action.when(view, step.params)) return null;
  const next = cloneState(current);
  if (action.effect(readingView(next, reads), step.params, view) === false) return null;
  return next;
}

/** Breadth-first over the packed states; `expand` returns the successors to explore. */
function explore<S extends object>(model: RuntimeModel<S>, expand: (state: S, seen: (s: S) => boolean) => S[]): number {
  const words = model.codec.words;
  const visited = new FingerprintSet();
  const queue = new StateQueue(words);
  const packed = new Int32Array(words);
  const fingerprint = new Fingerprinter();
  const key = (state: S) => {
    model.codec.encode(state, packed, 0);
    fingerprint.compute(packed, 0, words);
  };
  const seen = (state: S) => {
    key(state);
    return visited.has(fingerprint.hi, fingerprint.lo);
  };
  const add = (state: S) => {
    key(state);
    if (visited.insert(fingerprint.hi, fingerprint.lo)) queue.push(packed, 0);
  };
  model.forEachInitialState((state) => add(cloneState(state)));
  let states = 0;
  while (queue.length > 0) {
    const chunk = queue.take();
    const state = model.codec.decodeFresh(chunk, queue.takenBase);
    states++;
    for (const next of expand(state, seen)) add(next);
  }
  return states;
}

function study(name: string, constants: Record<string, unknown>): void {
  const started = Date.now();
  const { runtime: model } = prepare(vfioPm, constants);
  const footprints = new Map<string, Footprint>();
  const visibleReads: Paths = new Set();
  const stepsOf = (state: object) => [...model.stepsOf(state as never)];
  // Pass 1: footprints, and what the invariants, constraints and terminal predicate read.
  const full = explore(model, (state) => {
    const observed = readingView(state, visibleReads);
    for (const property of [...model.def.invariants, ...model.def.constraints]) property.holds(observed);
    model.def.terminal?.(observed);
    const successors = [];
    for (const step of stepsOf(state)) {
      const label = formatStep(step);
      const reads: Paths = new Set();
      const next = fire(step, state, reads);
      let footprint = footprints.get(label);
      if (!footprint) {
        footprint = { reads: new Set(), writes: new Set(), actor: step.actor ?? '', label: step.action.at?.label ?? '' };
        footprints.set(label, footprint);
      }
      // A disabled instance's guard reads count too: they decide when it becomes enabled.
      for (const path of reads) footprint.reads.add(path);
      if (next === null) continue;
      changedPaths(state as Record<string, unknown>, next as Record<string, unknown>, footprint.writes);
      successors.push(next);
    }
    return successors;
  });
  const labels = [...footprints.keys()];
  const index = new Map(labels.map((label, i) => [label, i]));
  const prints = labels.map((label) => footprints.get(label)!);
  const relation = prints.map((a) => prints.map((b) => a !== b && independent(a, b)));
  const invisible = prints.map((f) => !overlaps(f.writes, visibleReads));
  // C1 per (actor, label): every instance there is independent of every instance of the other actors.
  const safeGroup = new Map<string, boolean>();
  for (let i = 0; i < prints.length; i++) {
    const group = `${prints[i]!.actor}@${prints[i]!.label}`;
    let safe = safeGroup.get(group) ?? true;
    if (safe && prints[i]!.actor !== '') {
      for (let j = 0; j < prints.length && safe; j++) if (prints[j]!.actor !== prints[i]!.actor && !relation[i]![j]) safe = false;
    } else safe = false;
    safeGroup.set(group, safe && invisible[i]!);
  }

  // Pass 2: independent enabled pairs, and the reduced search; pass 3: the bound.
  const counts = { pairs: 0, independentPairs: 0 };
  const sound = reducedSearch(model, index, prints, relation, invisible, (group) => safeGroup.get(group) === true, counts);
  const bound = reducedSearch(model, index, prints, relation, invisible, null, null);
  // The same bound without C2: what remains if no invariant read the steps' variables (deadlocks only).
  const withoutVisibility = reducedSearch(model, index, prints, relation, prints.map(() => true), null, null);
  const { pairs, independentPairs } = counts;
  const unsafe = [...safeGroup].filter(([, safe]) => !safe).length;
  const saved = (states: number) => `${states.toLocaleString('en-US')} (${((1 - states / full) * 100).toFixed(1)}% fewer)`;
  console.log(
    `| ${name} | ${full.toLocaleString('en-US')} | ${labels.length} | ${safeGroup.size - unsafe} of ${safeGroup.size} | ${pairs.toLocaleString('en-US')} | ` +
      `${((independentPairs / Math.max(pairs, 1)) * 100).toFixed(1)}% | ${saved(sound.states)} | ${saved(bound.states)} | ${saved(withoutVisibility.states)} | ${((Date.now() - started) / 1000).toFixed(0)} s |`,
  );
  if (process.env.POR_DETAIL) {
    for (const [label, f] of footprints) console.log(`  ${label}: reads ${[...f.reads].sort().join(' ')}; writes ${[...f.writes].sort().join(' ')}`);
    console.log(`  invariants read: ${[...visibleReads].sort().join(' ')}`);
    console.log(`  safe (actor@label) groups: ${[...safeGroup].filter(([, safe]) => safe).map(([group]) => group).join(', ')}`);
  }
}

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['smoke', 'default'];
console.log(`Partial-order reduction study on vfio-pm, ${new Date().toISOString()}`);
console.log('| configuration | reachable states | action instances | safe (actor, label) groups | enabled pairs (all states) | independent | states, sound static ample sets | states, bound of a stubborn-set method | the bound without C2 | time |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const name of names) {
  const constants = CONFIGS[name];
  if (!constants) throw new Error(`unknown configuration ${name} (smoke or default)`);
  study(name, constants);
}

/**
 * A breadth-first search expanding, where it may, the enabled instances of one
 * (actor, label) group only. `safe` set: C1 is that group's static safety; null: the
 * bound, where C1 asks independence only of the other enabled instances. C2
 * (invisible) and C3 (no successor seen before) always apply. Counts independent
 * enabled pairs into `counts` when given.
 */
function reducedSearch<S extends object>(
  model: RuntimeModel<S>,
  index: Map<string, number>,
  prints: readonly Footprint[],
  relation: readonly (readonly boolean[])[],
  invisible: readonly boolean[],
  safe: ((group: string) => boolean) | null,
  counts: { pairs: number; independentPairs: number } | null,
): { states: number } {
  const groupOf = (id: number) => `${prints[id]!.actor}@${prints[id]!.label}`;
  const states = explore(model, (state, seen) => {
    const enabled: { id: number; next: S }[] = [];
    for (const step of model.stepsOf(state)) {
      const next = fire(step, state, new Set());
      if (next !== null) enabled.push({ id: index.get(formatStep(step))!, next });
    }
    if (counts) {
      for (let a = 0; a < enabled.length; a++) {
        for (let b = a + 1; b < enabled.length; b++) {
          counts.pairs++;
          if (relation[enabled[a]!.id]![enabled[b]!.id]) counts.independentPairs++;
        }
      }
    }
    const groups = new Map<string, typeof enabled>();
    for (const e of enabled) {
      const group = groupOf(e.id);
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group)!.push(e);
    }
    for (const [group, members] of groups) {
      if (members.length === enabled.length || prints[members[0]!.id]!.actor === '') continue;
      if (!members.every((m) => invisible[m.id])) continue; // C2
      if (safe ? !safe(group) : !members.every((m) => enabled.every((o) => groupOf(o.id) === group || relation[m.id]![o.id]))) continue; // C1
      if (members.some((m) => seen(m.next))) continue; // C3
      return members.map((m) => m.next);
    }
    return enabled.map((e) => e.next);
  });
  return { states };
}
