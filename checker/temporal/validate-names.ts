import { describeFairness, targetActions } from '../../spec/fairness.js';
import { SpecLoadError } from '../errors.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { TemporalPlan } from './property-plan.js';

/**
 * Fairness and `[]<><<A>>_v` name actions, processes and actors by string; a typo
 * would silently make a fairness condition cover nothing (a wrong verdict), so
 * every name must exist. Actors given as functions of the parameters cannot be
 * listed ahead of time and are accepted.
 */
export function validateTemporalNames(model: RuntimeModel<any>, plan: TemporalPlan): void {
  const actions = new Set(model.def.actions.map((a) => a.name));
  const processes = new Map<string, Set<string>>();
  for (const a of model.def.actions) if (a.at) (processes.get(a.at.variable) ?? processes.set(a.at.variable, new Set()).get(a.at.variable)!).add(a.at.label);
  const actors = new Set(model.def.actions.map((a) => a.actor).filter((a): a is string => typeof a === 'string'));
  const dynamicActors = model.def.actions.some((a) => typeof a.actor === 'function');
  const fail = (what: string) => {
    throw new SpecLoadError(`model ${model.name}: ${what}`);
  };
  for (const def of model.def.fairness ?? []) {
    const t = def.target as Record<string, any>;
    for (const name of targetActions(def.target) ?? []) {
      if (!actions.has(name)) fail(`fairness ${describeFairness(def)}: no action is named "${name}"`);
      for (const param of t.by ?? []) if (!hasParameter(model, name, param)) fail(`fairness ${describeFairness(def)}: action ${name} has no parameter "${param}"`);
    }
    if (t.each && t.by?.length) fail(`fairness ${describeFairness(def)}: give either each or by, not both`);
    if ('process' in t) {
      // A process without steps (an absent actor) has no actions: its fairness is vacuous, not a typo.
      if (!(t.process in model.def.schema)) fail(`fairness ${describeFairness(def)}: no process is named "${t.process}"`);
    }
    if ('actor' in t && !actors.has(t.actor) && !dynamicActors) fail(`fairness ${describeFairness(def)}: no action is performed by actor "${t.actor}"`);
  }
  for (const name of plan.trackedActions) if (!actions.has(name)) fail(`temporal property step <<${name}>>_vars: no action is named "${name}"`);
}

/** Whether every declaration of action `name` has parameter `param` (parameters computed from the state cannot be listed and are accepted). */
function hasParameter(model: RuntimeModel<any>, name: string, param: string): boolean {
  return model.def.actions.filter((a) => a.name === name).every((a) => typeof a.params === 'function' || (a.params !== undefined && Object.hasOwn(a.params, param)));
}
