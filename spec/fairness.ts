/**
 * Fairness conditions of a spec, as plain data. Each declaration names a set of
 * action instances ("a target") and says how it is split into fairness groups:
 *
 *   { action: 'A' }                        WF_vars(\E p : A(p)): one group, enabled when any instance is
 *   { action: 'A', each: true }            \A p : WF_vars(A(p)): one group per instance (parameters and actor)
 *   { process: 'P' }                       PlusCal `fair process`: one group per process id, all its steps
 *   { process: 'P', labels | exceptLabels } the same, restricted to some labels (e.g. `pc[self] # "ncs"`)
 *   { actor: 'W' }                         every step performed by actor W (one group)
 *
 * A group is enabled in a state when one of its instances has a successor that
 * differs from the state (TLA+ `ENABLED <<A>>_vars`), and taken on a step that is
 * one of its instances and changes the state.
 */
export type FairnessKind = 'WF' | 'SF';

export type FairnessTarget =
  | { readonly action: string; readonly each?: boolean }
  | { readonly process: string; readonly labels?: readonly string[]; readonly exceptLabels?: readonly string[] }
  | { readonly actor: string };

export interface FairnessDef {
  readonly kind: FairnessKind;
  readonly target: FairnessTarget;
}

export function describeFairness(def: FairnessDef): string {
  const t = def.target as Record<string, unknown>;
  if ('action' in t) return `${def.kind}(${t.action}${t.each ? ', each instance' : ''})`;
  if ('process' in t) return `${def.kind}(process ${t.process}, each process)`;
  return `${def.kind}(actor ${t.actor})`;
}
