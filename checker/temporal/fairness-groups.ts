import { describeFairness, targetActions, type FairnessDef, type FairnessKind } from '../../spec/fairness.js';
import { ExitCode, VigilError } from '../errors.js';
import { formatStep, type StepRef } from '../runtime-model.js';
import { formatValue } from '../state/format-value.js';

/** A set of fairness groups by their keys, as another thread's FairnessGroups interned it (see describeSets). */
export type GroupSetDescription = readonly { readonly key: string; readonly def: number }[];

/** One fairness group: a set of action instances under WF or SF (see spec/fairness.ts). */
export interface FairnessGroup {
  readonly kind: FairnessKind | 'action';
  readonly label: string;
  /** The declaration it comes from (null for an `action` tracking group). */
  readonly def: FairnessDef | null;
}

/**
 * Maps each step to the set of groups it belongs to, as a small interned id, so
 * the graph stores one small number (one or two bytes) per edge and per state rather than a list.
 * Groups are fairness groups plus the "action" groups used by `[]<><<A>>_v`.
 * Per-instance groups are discovered as their instances are seen.
 */
export class FairnessGroups {
  readonly groups: FairnessGroup[] = [];
  private readonly groupIds = new Map<string, number>();
  /** Interned sets: sorted group ids, keyed by their joined text. */
  readonly sets: (readonly number[])[] = [[]];
  private readonly setIds = new Map<string, number>([['', 0]]);
  private readonly stepSets = new WeakMap<StepRef, number>();
  private readonly scratch: number[] = [];
  /** A `where` condition makes membership depend on the state, so steps cannot be memoized. */
  private readonly stateDependent: boolean;
  private readonly pairUnions = new Map<number, number>();

  constructor(
    private readonly fairness: readonly FairnessDef[],
    private readonly trackedActions: readonly string[],
  ) {
    // Whole-action and actor groups exist even if never enabled: a WF on an action
    // that is never enabled is trivially satisfied, but it must still be listed.
    for (const def of fairness) {
      const t = def.target as Record<string, any>;
      if ((targetActions(def.target) && !t.each && !t.by?.length) || 'actor' in t) this.groupId(`${describeFairness(def)}`, def.kind, def);
    }
    this.stateDependent = fairness.some((def) => 'where' in def.target && def.target.where !== undefined);
    for (const action of trackedActions) this.groupId(`action ${action}`, 'action', null);
  }

  /** Group id of the `[]<><<A>>_v` tracking group for action `name`. */
  actionGroup(name: string): number {
    return this.groupIds.get(`action ${name}`)!;
  }

  /** The interned set id of the groups `step`, taken from `state`, belongs to. */
  setOf(step: StepRef, state?: object): number {
    const known = this.stateDependent ? undefined : this.stepSets.get(step);
    if (known !== undefined) return known;
    const ids = this.scratch;
    ids.length = 0;
    for (const def of this.fairness) {
      const key = this.groupKey(def, step, state);
      if (key !== null) ids.push(this.groupId(key, def.kind, def));
    }
    for (const action of this.trackedActions) if (step.action.name === action) ids.push(this.groupIds.get(`action ${action}`)!);
    const id = this.intern(ids);
    if (!this.stateDependent) this.stepSets.set(step, id);
    return id;
  }

  /** A group declared outside the DSL (the TLA+ front end's WF/SF conjuncts); labels must be unique. */
  addGroup(kind: FairnessKind, label: string): number {
    return this.groupId(label, kind, null);
  }

  /** The interned id of a set of group ids (for a graph built outside the DSL). */
  setOfGroups(ids: readonly number[]): number {
    return this.intern([...ids]);
  }

  /**
   * The interned union of sets (for a state's enabled groups), folded pairwise
   * through a cache: every expanded state asks, and interning builds a string key.
   */
  union(setIds: readonly number[]): number {
    if (setIds.length === 0) return 0;
    let union = setIds[0]!;
    for (let i = 1; i < setIds.length; i++) union = this.unionOfTwo(union, setIds[i]!);
    return union;
  }

  private unionOfTwo(a: number, b: number): number {
    const key = a < b ? a * 65536 + b : b * 65536 + a;
    let union = this.pairUnions.get(key);
    if (union === undefined) {
      const ids = this.scratch;
      ids.length = 0;
      for (const setId of [a, b]) for (const g of this.sets[setId]!) if (!ids.includes(g)) ids.push(g);
      union = this.intern(ids);
      this.pairUnions.set(key, union);
    }
    return union;
  }

  /**
   * The sets interned from `firstSet` on, each as its groups' keys and
   * declarations (indexes into the fairness list; -1 for an action tracking
   * group): another thread's FairnessGroups rebuilds them with setFromDescription.
   * Ids are interned in the order steps are met, so two threads number sets differently.
   */
  describeSets(firstSet: number): GroupSetDescription[] {
    return this.sets.slice(firstSet).map((ids) => ids.map((g) => ({ key: this.groups[g]!.label, def: this.groups[g]!.def === null ? -1 : this.fairness.indexOf(this.groups[g]!.def!) })));
  }

  /** This instance's id of a set another instance described (for the same model). */
  setFromDescription(description: GroupSetDescription): number {
    const ids = description.map(({ key, def }) => (def < 0 ? this.groupIds.get(key)! : this.groupId(key, this.fairness[def]!.kind, this.fairness[def]!)));
    return this.intern(ids);
  }

  private intern(ids: number[]): number {
    ids.sort((a, b) => a - b);
    const key = ids.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length;
      if (id > 0xffff) throw new Error('more than 65,535 distinct sets of fairness groups: too many per-instance fairness groups');
      this.sets.push([...ids]);
      this.setIds.set(key, id);
    }
    return id;
  }

  private groupId(key: string, kind: FairnessKind | 'action', def: FairnessDef | null): number {
    let id = this.groupIds.get(key);
    if (id === undefined) {
      id = this.groups.length;
      this.groups.push({ kind, label: key, def });
      this.groupIds.set(key, id);
    }
    return id;
  }

  /** The group `step` falls in under `def`, or null when the step is not covered. */
  private groupKey(def: FairnessDef, step: StepRef, state: object | undefined): string | null {
    const t = def.target as Record<string, any>;
    const actions = targetActions(def.target);
    if (actions) {
      if (!actions.includes(step.action.name)) return null;
      if (t.where && !whereHolds(def, step, state)) return null;
      if (t.by?.length) return `${def.kind}(${actions.join(' \\/ ')}${t.where ? ' when' : ''}, ${t.by.map((p: string) => `${p} = ${formatValue(step.params[p])}`).join(', ')})`;
      if (!t.each) return describeFairness(def);
      return `${def.kind}(${formatInstance(step)})`;
    }
    if ('process' in t) {
      const at = step.action.at;
      if (!at || at.variable !== t.process) return null;
      if (t.labels && !t.labels.includes(at.label)) return null;
      if (t.exceptLabels && t.exceptLabels.includes(at.label)) return null;
      return `${def.kind}(${at.id === null ? at.variable : `${at.variable}${String(at.id)}`})`;
    }
    return step.actor === t.actor ? describeFairness(def) : null;
  }
}

/** `U1: ENTRY(op = "x")`, as traces name the step (formatStep prints parameters unambiguously). */
function formatInstance(step: StepRef): string {
  return formatStep(step);
}

/** A fairness target's `where` condition on the state the step starts from (it must be given that state). */
function whereHolds(def: FairnessDef, step: StepRef, state: object | undefined): boolean {
  if (state === undefined) throw new Error(`internal error: fairness ${describeFairness(def)} has a where condition but no state was given`);
  let value: unknown;
  try {
    value = (def.target as { where: (s: object, p: object) => unknown }).where(state, step.params);
  } catch (error) {
    throw new VigilError(`fairness ${describeFairness(def)}: its where condition failed on ${formatStep(step)}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.invariantEvaluation);
  }
  if (typeof value !== 'boolean') throw new VigilError(`fairness ${describeFairness(def)}: its where condition returned ${formatValue(value)}, not a boolean`, ExitCode.invariantEvaluation);
  return value;
}
