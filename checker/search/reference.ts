import { produce, setAutoFreeze } from 'immer';
import { canonicalKey } from '../../spec/canonical.js';
import { orbitKeyFor } from '../symmetry/orbit-key.js';
import type { Spec } from '../../spec/spec.js';
import { prepare } from '../check.js';
import type { Verdict } from './outcome.js';
import type { RuntimeModel, StepRef } from '../runtime-model.js';
import { cloneState } from '../state/typed-states.js';
import { validateState } from '../state/validate.js';

/**
 * The reference explorer: a deliberately simple second implementation used as an
 * oracle. Plain objects, immer `produce` for every transition, and a Map keyed by
 * the canonical string of the whole state. It shares only the model (and its
 * action order) with the fast engine: no codec, no fingerprints, no packed queue.
 * Slow by design; run it on small configurations.
 */
export interface ReferenceResult {
  readonly verdict: Verdict;
  readonly property: string | null;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly traceLength: number | null;
}

interface Node {
  readonly state: Record<string, unknown>;
  readonly parent: Node | null;
  readonly depth: number;
}

export function referenceCheck(spec: Spec, options: { constants?: Record<string, unknown>; checkDeadlock?: boolean; symmetry?: boolean } = {}): ReferenceResult {
  setAutoFreeze(true);
  const { runtime } = prepare(spec, options.constants);
  const orbitKey = options.symmetry === false ? null : orbitKeyFor(runtime.def);
  return new ReferenceExplorer(runtime, options.checkDeadlock ?? runtime.def.checkDeadlock, orbitKey).run();
}

class ReferenceExplorer {
  private readonly seen = new Map<string, Node>();
  private generated = 0;
  private depth = 0;
  private readonly satisfied = new Set<string>();

  constructor(
    private readonly model: RuntimeModel<any>,
    private readonly checkDeadlock: boolean,
    /** Symmetry: states are deduplicated by orbit (see symmetry/orbit-key.ts). */
    private readonly orbitKey: ((state: unknown) => string) | null = null,
  ) {}

  run(): ReferenceResult {
    let frontier: Node[] = [];
    for (const initial of this.model.initialStates()) {
      this.generated++;
      const state = cloneState(initial) as Record<string, unknown>;
      const found = this.consider(state, null, 1, frontier);
      if (found) return found;
    }
    while (frontier.length > 0) {
      const next: Node[] = [];
      for (const node of frontier) {
        const found = this.expand(node, next);
        if (found) return found;
      }
      frontier = next;
    }
    const missing = this.model.def.possibles.find((p) => !this.satisfied.has(p.name));
    if (missing) return this.result('possible', missing.name, null);
    return this.result('ok', null, null);
  }

  private expand(node: Node, next: Node[]): ReferenceResult | undefined {
    let successors = 0;
    for (const step of this.model.stepsOf(node.state)) {
      const fired = this.fire(node, step);
      if (fired === 'disabled') continue;
      if ('verdict' in fired) return fired;
      successors++;
      this.generated++;
      const violated = this.model.def.actionProperties.find((p) => !p.holds(node.state, fired.state));
      if (violated) return this.result('action', violated.name, node.depth + 1);
      const found = this.consider(fired.state, node, node.depth + 1, next);
      if (found) return found;
    }
    const terminal = this.model.def.terminal?.(node.state) ?? false;
    if (successors === 0 && this.checkDeadlock && !terminal) return this.result('deadlock', null, node.depth);
    return undefined;
  }

  private fire(node: Node, step: StepRef): 'disabled' | { state: Record<string, unknown> } | ReferenceResult {
    const action = step.action;
    if (action.when && !action.when(node.state, step.params)) return 'disabled';
    let enabled = true;
    let state: Record<string, unknown>;
    try {
      state = produce(node.state, (draft: Record<string, unknown>) => {
        enabled = action.effect(draft, step.params, node.state) !== false;
      });
      if (enabled) validateState(this.model.def.schema, state);
    } catch (error) {
      const assertion = (error as { name?: string })?.name === 'AssertionViolation';
      return this.result(assertion ? 'assertion' : 'error', assertion ? (error as { property: string }).property : null, node.depth + 1);
    }
    return enabled ? { state } : 'disabled';
  }

  /** Constraint, dedup, invariants and possibles for a generated state. */
  private consider(state: Record<string, unknown>, parent: Node | null, depth: number, frontier: Node[]): ReferenceResult | undefined {
    const def = this.model.def;
    if (!def.constraints.every((c) => c.holds(state))) {
      // As TLC does for invariants: a successor the constraint drops is still checked (possibles too).
      const violated = def.invariants.find((inv) => !inv.holds(state));
      if (violated) return this.result('invariant', violated.name, depth);
      for (const possible of def.possibles) if (possible.holds(state)) this.satisfied.add(possible.name);
      return undefined;
    }
    const key = this.orbitKey ? this.orbitKey(state) : canonicalKey(state);
    if (this.seen.has(key)) return undefined;
    const node: Node = { state, parent, depth };
    this.seen.set(key, node);
    this.depth = Math.max(this.depth, depth);
    frontier.push(node);
    const violated = def.invariants.find((inv) => !inv.holds(state));
    if (violated) return this.result('invariant', violated.name, depth);
    for (const possible of def.possibles) if (possible.holds(state)) this.satisfied.add(possible.name);
    return undefined;
  }

  private result(verdict: Verdict, property: string | null, traceLength: number | null): ReferenceResult {
    return { verdict, property, distinctStates: this.seen.size, generatedStates: this.generated, depth: this.depth, traceLength };
  }
}
