/**
 * Action coverage, as TLC's -coverage reports it, per action instance of the model
 * (each process step of each actor is its own action): in how many expanded states
 * it was enabled, how many successors it generated, and how many of those were new
 * distinct states. Counters are typed arrays indexed by the action's position in
 * `def.actions`; nothing is allocated per state.
 */
export class ActionCoverage {
  readonly enabled: Float64Array;
  readonly generated: Float64Array;
  readonly distinct: Float64Array;
  /** The last state (ordinal) each action was enabled in, so `enabled` counts states, not instances. */
  private readonly lastParent: Float64Array;
  /** The action of each successor of the state being expanded, by successor position. */
  private actionOfSuccessor = new Int32Array(64);

  constructor(actions: number) {
    this.enabled = new Float64Array(actions);
    this.generated = new Float64Array(actions);
    this.distinct = new Float64Array(actions);
    this.lastParent = new Float64Array(actions).fill(-2);
  }

  noteSuccessor(action: number, position: number, parent: number): void {
    if (this.lastParent[action] !== parent) {
      this.lastParent[action] = parent;
      this.enabled[action]!++;
    }
    this.generated[action]!++;
    if (position >= this.actionOfSuccessor.length) this.grow();
    this.actionOfSuccessor[position] = action;
  }

  /** Successor `position` of the state being expanded was a new distinct state. */
  noteNewState(position: number): void {
    this.distinct[this.actionOfSuccessor[position]!]!++;
  }

  private grow(): void {
    const wider = new Int32Array(this.actionOfSuccessor.length * 2);
    wider.set(this.actionOfSuccessor);
    this.actionOfSuccessor = wider;
  }
}

/** One row of the coverage report (JSON `coverage[]`). */
export interface CoverageRow {
  readonly action: string;
  readonly enabled: number;
  readonly generated: number;
  readonly distinct: number;
}

export function coverageRows(names: readonly string[], coverage: ActionCoverage): CoverageRow[] {
  return names.map((action, i) => ({
    action,
    enabled: coverage.enabled[i]!,
    generated: coverage.generated[i]!,
    distinct: coverage.distinct[i]!,
  }));
}

/** Names of the actions that produced no successor in any explored state. */
export function neverEnabledActions(names: readonly string[], enabledOnce: Uint8Array): string[] {
  return names.filter((_, i) => enabledOnce[i] === 0);
}
