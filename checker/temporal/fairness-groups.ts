import { describeFairness, type FairnessDef, type FairnessKind } from '../../spec/fairness.js';
import { formatStep, type StepRef } from '../runtime-model.js';

/** One fairness group: a set of action instances under WF or SF (see spec/fairness.ts). */
export interface FairnessGroup {
  readonly kind: FairnessKind | 'action';
  readonly label: string;
}

/**
 * Maps each step to the set of groups it belongs to, as a small interned id, so
 * the graph stores one 16-bit number per edge and per state rather than a list.
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
  private readonly pairUnions = new Map<number, number>();

  constructor(
    private readonly fairness: readonly FairnessDef[],
    private readonly trackedActions: readonly string[],
  ) {
    // Whole-action and actor groups exist even if never enabled: a WF on an action
    // that is never enabled is trivially satisfied, but it must still be listed.
    for (const def of fairness) {
      const t = def.target as Record<string, unknown>;
      if (('action' in t && !t.each) || 'actor' in t) this.groupId(`${describeFairness(def)}`, def.kind);
    }
    for (const action of trackedActions) this.groupId(`action ${action}`, 'action');
  }

  /** Group id of the `[]<><<A>>_v` tracking group for action `name`. */
  actionGroup(name: string): number {
    return this.groupIds.get(`action ${name}`)!;
  }

  /** The interned set id of the groups `step` belongs to. */
  setOf(step: StepRef): number {
    const known = this.stepSets.get(step);
    if (known !== undefined) return known;
    const ids = this.scratch;
    ids.length = 0;
    for (const def of this.fairness) {
      const key = this.groupKey(def, step);
      if (key !== null) ids.push(this.groupId(key, def.kind));
    }
    for (const action of this.trackedActions) if (step.action.name === action) ids.push(this.groupIds.get(`action ${action}`)!);
    const id = this.intern(ids);
    this.stepSets.set(step, id);
    return id;
  }

  /**
   * The interned union of sets (for a state's enabled groups), folded pairwise
   * through a cache: every expanded state asks, and interning builds a string key.
   */
  union(setIds: readonly number[]): number {
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

  private groupId(key: string, kind: FairnessKind | 'action'): number {
    let id = this.groupIds.get(key);
    if (id === undefined) {
      id = this.groups.length;
      this.groups.push({ kind, label: key });
      this.groupIds.set(key, id);
    }
    return id;
  }

  /** The group `step` falls in under `def`, or null when the step is not covered. */
  private groupKey(def: FairnessDef, step: StepRef): string | null {
    const t = def.target as Record<string, any>;
    if ('action' in t) {
      if (step.action.name !== t.action) return null;
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
