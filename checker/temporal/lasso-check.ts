import { canonicalKey } from '../../spec/canonical.js';
import type { RuntimeModel } from '../runtime-model.js';
import { isAssertionFailure } from '../runtime-model.js';
import { FairnessGroups } from './fairness-groups.js';
import { holdsOnLasso } from './ltl/lasso-semantics.js';
import { planTemporalChecks, type Literal, type TemporalCheck, type TemporalPlan } from './property-plan.js';

/**
 * Re-checks a lasso independently of the graph search: `states[0..]` then the
 * cycle `states[loop..]` back to `states[loop]` (stuttering when loop is the last
 * index). The cycle must be fair under the model's fairness (taken steps and
 * enabledness recomputed by expanding each cycle state), and the behaviour must
 * violate the named temporal property instance. Returns null when both hold,
 * else one sentence saying what does not.
 */
export function checkLasso(model: RuntimeModel<any>, states: readonly object[], loop: number, property: string): string | null {
  const instance = (model.def.temporal ?? []).flatMap((p) => p.instances).find((i) => i.name === property);
  if (!instance) return `no temporal property instance is named "${property}"`;
  const plan = planTemporalChecks([{ name: property, instances: [instance] }]);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  const cycle = cycleSteps(model, states, loop, groups);
  const unfair = unfairGroup(groups, cycle);
  if (unfair) return `the cycle is not fair: ${unfair}`;
  return violatedChecks(model, plan, states, loop, cycle.taken, groups).length > 0 ? null : `the behaviour satisfies ${property}`;
}

/**
 * Which checks of a property instance (its conjuncts, in declaration order) the
 * lasso violates, assuming its cycle is fair: the explanation names them.
 */
export function violatedConjuncts(model: RuntimeModel<any>, states: readonly object[], loop: number, property: string): { readonly checks: readonly TemporalCheck[]; readonly violated: readonly number[] } | null {
  const instance = (model.def.temporal ?? []).flatMap((p) => p.instances).find((i) => i.name === property);
  if (!instance) return null;
  const plan = planTemporalChecks([{ name: property, instances: [instance] }]);
  const groups = new FairnessGroups(model.def.fairness ?? [], plan.trackedActions);
  const cycle = cycleSteps(model, states, loop, groups);
  const violated = violatedChecks(model, plan, states, loop, cycle.taken, groups).map((check) => plan.checks.indexOf(check));
  return { checks: plan.checks, violated };
}

function violatedChecks(model: RuntimeModel<any>, plan: TemporalPlan, states: readonly object[], loop: number, taken: Set<number>, groups: FairnessGroups): TemporalCheck[] {
  const holds = (i: number, literal: Literal | null) => literal === null || plan.predicates[literal.predicate]!(states[i]) !== literal.negate;
  return plan.checks.filter((check) =>
    check.general ? !holdsOnLasso(model, states, loop, check.general.formula) : violates(check, states.length, loop, holds, taken, groups),
  );
}

interface CycleFacts {
  /** Groups enabled in each cycle state, in cycle order. */
  readonly enabled: Set<number>[];
  /** Groups taken by some step of the cycle. */
  readonly taken: Set<number>;
}

function cycleSteps(model: RuntimeModel<any>, states: readonly object[], loop: number, groups: FairnessGroups): CycleFacts {
  const scratch = model.codec.createScratch();
  const enabled: Set<number>[] = [];
  const taken = new Set<number>();
  const last = states.length - 1;
  for (let i = loop; i <= last; i++) {
    const here = canonicalKey(states[i]);
    // The step from the last state closes the loop; a loop to the last state itself is stuttering.
    const nextKey = i < last ? canonicalKey(states[i + 1]) : loop === last ? null : canonicalKey(states[loop]);
    const enabledHere = new Set<number>();
    model.forEachSuccessor(
      states[i] as any,
      scratch,
      (next, step) => {
        const key = canonicalKey(next);
        if (key === here) return; // a stuttering step: not <<A>>_vars
        const set = groups.sets[groups.setOf(step, states[i])]!;
        for (const g of set) enabledHere.add(g);
        if (key === nextKey) for (const g of set) taken.add(g);
      },
      isAssertionFailure,
    );
    enabled.push(enabledHere);
  }
  return { enabled, taken };
}

function unfairGroup(groups: FairnessGroups, cycle: CycleFacts): string | null {
  for (const [g, group] of groups.groups.entries()) {
    if (group.kind === 'action' || cycle.taken.has(g)) continue;
    const enabledCount = cycle.enabled.filter((set) => set.has(g)).length;
    if (group.kind === 'WF' && enabledCount === cycle.enabled.length) return `${group.label} is enabled in every state of the cycle and never taken`;
    if (group.kind === 'SF' && enabledCount > 0) return `${group.label} is enabled in a state of the cycle and never taken`;
  }
  return null;
}

/** The generic shape of every check (see property-plan.ts), evaluated on the lasso. */
function violates(check: TemporalCheck, length: number, loop: number, holds: (i: number, l: Literal | null) => boolean, taken: Set<number>, groups: FairnessGroups): boolean {
  if (!holds(0, check.initially)) return false;
  if (check.safety) return Array.from({ length }, (_, i) => i).some((i) => !holds(i, check.filter));
  const staysFrom = (i: number) => {
    for (let j = Math.min(i, loop); j < length; j++) if (!holds(j, check.filter)) return false;
    return true;
  };
  const isSeed = (i: number) => holds(i, check.filter) && (check.seed ?? []).every((l) => holds(i, l));
  const seeds = check.seedAtStart ? [0] : Array.from({ length }, (_, i) => i);
  if (!seeds.some((i) => isSeed(i) && staysFrom(i))) return false;
  if (check.accepting !== null && !Array.from({ length: length - loop }, (_, k) => loop + k).some((j) => holds(j, check.accepting))) return false;
  if (check.withoutAction !== null && taken.has(groups.actionGroup(check.withoutAction))) return false;
  return true;
}
