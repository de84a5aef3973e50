import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Checkpointer, type CheckpointWritten } from '../checkpoint/checkpointer.js';
import { DEFAULT_CHECKPOINT_INTERVAL_MS, type CheckpointOptions } from '../checkpoint/checkpoint-options.js';
import type { ModelIdentity } from '../checkpoint/model-identity.js';
import { SavedSearch } from '../checkpoint/saved-search.js';
import type { Column, SectionToWrite } from '../checkpoint/snapshot-file.js';
import { vigilVersion } from '../version.js';
import type { TlaModel } from './model.js';
import type { TlaCheckpointer, TlaSearch } from './search.js';
import { StateDecodeError, StateReader, StateWriter } from './state-codec.js';
import type { Value } from './values.js';

/**
 * Checkpoints of a TLA+ search, in the DSL engine's directory format
 * (checker/checkpoint/: the same snapshot file with its sections and CRCs, the
 * same directory lock, the same identity check). A snapshot holds every state
 * found, in BFS order and encoded by state-codec.ts, with its parent and level,
 * the counts, the position of the queue's head and, when the run checks
 * PROPERTYs, the graph recorded so far. Resuming decodes the states, rebuilds
 * the visited set from them and goes on from the head: the counts, depth and
 * counterexamples are those of an uninterrupted run.
 */

/** What identifies a TLA+ check: the text of every module file read and of the .cfg, and what the run checks. */
export function tlaIdentity(model: TlaModel, engine: ModelIdentity['engine']): ModelIdentity {
  const files = new Set<string>([model.spec.file, ...model.spec.modules.map((m) => m.file), model.config.file]);
  const source = createHash('sha256');
  for (const file of files) {
    if (!existsSync(file)) continue; // a standard module built into Vigil
    source.update(`${file}\n`).update(readFileSync(file)).update('\n');
  }
  const checks = { properties: model.properties.map((p) => p.name), constraints: model.constraints.map((c) => c.name), actionConstraints: model.actionConstraints.map((c) => c.name) };
  return {
    model: model.spec.root.name,
    constants: {},
    engine,
    invariants: model.invariants.map((inv) => inv.name),
    checkDeadlock: model.checkDeadlock,
    continueAfterViolation: false,
    stateWords: model.variables.length,
    symmetry: model.symmetry ? 'SYMMETRY' : null,
    definitionHash: createHash('sha256').update(JSON.stringify(checks)).digest('hex'),
    sourceHash: source.digest('hex'),
    vigilVersion: vigilVersion(),
  };
}

/** Reads DIR's snapshot for this model, refused with one line (exit 151) when it belongs to another check. */
export function loadTlaSnapshot(dir: string, model: TlaModel, engine: ModelIdentity['engine']): SavedSearch {
  return SavedSearch.load(dir, tlaIdentity(model, engine));
}

/** A writer of TLA+ snapshots into a locked directory. */
export function tlaCheckpointer(options: CheckpointOptions, model: TlaModel, engine: ModelIdentity['engine']): TlaCheckpointer {
  const writer = new Checkpointer(options.dir, options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS, tlaIdentity(model, engine), options.onWritten, options.onFailed);
  return {
    due: (now) => writer.due(now),
    save: (search) => writer.write({ counters: countersOf(search), record: { findings: [], reported: [], satisfiedPossibles: [] }, sections: sectionsOf(search) }, search.states.length),
    close: () => writer.close(),
  };
}

export type { CheckpointWritten };

function countersOf(search: TlaSearch): Record<string, number> {
  return {
    distinct: search.states.length,
    generated: search.generated,
    depth: search.depth,
    head: search.head,
    initialStates: search.initialStates,
    edges: search.edgeFrom.length,
  };
}

function sectionsOf(search: TlaSearch): SectionToWrite[] {
  const states = encodeStates(search.states);
  const sections: SectionToWrite[] = [
    { name: 'stateBytes', parts: [states.bytes] },
    { name: 'stateEnds', parts: [states.ends] },
    { name: 'parents', parts: [Int32Array.from(search.parents)] },
    { name: 'levels', parts: [Int32Array.from(search.levels)] },
    { name: 'edgeFrom', parts: [Int32Array.from(search.edgeFrom)] },
    { name: 'edgeTo', parts: [Int32Array.from(search.edgeTo)] },
  ];
  if (search.edgeSuccessor) {
    const successors = encodeStates(search.edgeSuccessor);
    sections.push({ name: 'successorBytes', parts: [successors.bytes] }, { name: 'successorEnds', parts: [successors.ends] });
  }
  return sections;
}

function encodeStates(states: readonly Value[][]): { bytes: Uint8Array; ends: Uint32Array } {
  const writer = new StateWriter();
  const ends = new Uint32Array(states.length);
  states.forEach((state, i) => {
    ends[i] = writer.writeState(state);
  });
  return { bytes: writer.result(), ends };
}

/**
 * Puts a saved search back into `search` (new and empty), checking everything:
 * the counts against each other, every parent and level, every state's
 * encoding, and that no state repeats. A bad snapshot is one line naming the file.
 */
export function restoreSearch(search: TlaSearch, saved: SavedSearch): void {
  const distinct = saved.counter('distinct');
  const head = saved.counter('head', 0, distinct);
  const initialStates = saved.counter('initialStates', 0, distinct);
  const edges = saved.counter('edges');
  const parents = saved.int32Section('parents', distinct);
  const levels = saved.int32Section('levels', distinct);
  const states = decodeStates(saved, search.model, 'stateBytes', 'stateEnds', distinct);
  for (let i = 0; i < distinct; i++) {
    const parent = parents[i]!;
    const level = levels[i]!;
    const initial = i < initialStates;
    // A state's parent was expanded before the snapshot: it is behind the queue's head.
    if (initial ? parent !== -1 || level !== 1 : parent < 0 || parent >= Math.min(i, head) || level !== levels[parent]! + 1) saved.corrupt(`state ${i} has a wrong parent or level`);
    if (i > 0 && level < levels[i - 1]!) saved.corrupt(`state ${i} is out of BFS order`);
    if (search.visit(states[i]!, i) >= 0) saved.corrupt(`state ${i} repeats an earlier one`);
    search.states.push(states[i]!);
    search.parents.push(parent);
    search.levels.push(level);
  }
  search.head = head;
  search.initialStates = initialStates;
  search.generated = saved.counter('generated', distinct);
  search.depth = saved.counter('depth', distinct > 0 ? levels[distinct - 1]! : 0, distinct > 0 ? levels[distinct - 1]! : 0);
  restoreGraph(search, saved, edges);
}

function restoreGraph(search: TlaSearch, saved: SavedSearch, edges: number): void {
  const from = saved.int32Section('edgeFrom', edges);
  const to = saved.int32Section('edgeTo', edges);
  if (!search.record) {
    if (edges > 0) saved.corrupt('it records a graph this run does not check');
    return;
  }
  for (let e = 0; e < edges; e++) {
    if (from[e]! < 0 || from[e]! >= search.head || to[e]! < 0 || to[e]! >= search.states.length || (e > 0 && from[e]! < from[e - 1]!)) saved.corrupt(`edge ${e} is out of range`);
    search.edgeFrom.push(from[e]!);
    search.edgeTo.push(to[e]!);
  }
  if (search.edgeSuccessor) search.edgeSuccessor.push(...decodeStates(saved, search.model, 'successorBytes', 'successorEnds', edges));
}

function decodeStates(saved: SavedSearch, model: TlaModel, bytesName: string, endsName: string, count: number): Value[][] {
  const bytes = column(saved, bytesName, Uint8Array);
  const ends = column(saved, endsName, Uint32Array);
  if (ends.length !== count) saved.corrupt(`section ${endsName} has ${ends.length} entries, expected ${count}`);
  const reader = new StateReader(bytes, model.variables.length, model.modelValues);
  const out: Value[][] = [];
  try {
    for (let i = 0; i < count; i++) out.push(reader.readState(ends[i]!));
    if (!reader.done) saved.corrupt(`section ${bytesName} has bytes after its last state`);
  } catch (error) {
    if (error instanceof StateDecodeError) saved.corrupt(`${bytesName}: ${error.message}`);
    throw error;
  }
  return out;
}

function column<T extends Column>(saved: SavedSearch, name: string, type: new (...args: never[]) => T): T {
  const section = saved.section(name);
  if (!(section instanceof type)) saved.corrupt(`section ${name} has the wrong element type`);
  return section as T;
}
