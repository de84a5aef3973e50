import { VigilError } from '../errors.js';
import type { StepRef } from '../runtime-model.js';
import type { FairnessGroups } from './fairness-groups.js';

/**
 * The fairness groups of one expanded state's steps, as the graph records them:
 * the set of each step (a `where` condition reads the state the step starts
 * from) and the union of the sets enabled there. A model's evaluation error is
 * kept, the first one, for the graph's finish() when `deferErrors` (the safety
 * search must end first); anything else is thrown.
 */
export class StepGroups {
  failure: VigilError | null = null;
  private readonly enabledSets: number[] = [];
  private state: object | null = null;

  constructor(
    readonly groups: FairnessGroups,
    private readonly deferErrors: boolean,
  ) {}

  /** The state whose steps follow. */
  begin(state: object): void {
    this.state = state;
    this.enabledSets.length = 0;
  }

  /** The set of `step`, a step taken from the state (so enabled there too). */
  taken(step: StepRef): number {
    const set = this.setOf(step);
    this.enable(set);
    return set;
  }

  /** A step enabled there but not an edge (its successor was dropped by a state constraint). */
  enabled(step: StepRef): void {
    this.enable(this.setOf(step));
  }

  /** The interned union of the sets enabled in the state. */
  enabledUnion(): number {
    return this.enabledSets.length === 0 ? 0 : this.groups.union(this.enabledSets);
  }

  keep(error: unknown): void {
    if (!this.deferErrors || !(error instanceof VigilError)) throw error;
    this.failure ??= error;
  }

  private setOf(step: StepRef): number {
    if (this.failure !== null) return 0;
    try {
      return this.groups.setOf(step, this.state!);
    } catch (error) {
      this.keep(error);
      return 0;
    }
  }

  private enable(set: number): void {
    if (set !== 0 && !this.enabledSets.includes(set)) this.enabledSets.push(set);
  }
}
