/**
 * Fairness conditions of a spec, as plain data. Each declaration names a set of
 * action instances ("a target") and says how it is split into fairness groups:
 *
 *   { action: 'A' }                        WF_vars(\E p : A(p)): one group, enabled when any instance is
 *   { action: 'A', each: true }            \A p : WF_vars(A(p)): one group per instance (parameters and actor)
 *   { action: 'A', by: ['c'] }             \A c : WF_vars(\E S : A(c, S)): one group per value of c
 *   { actions: ['Do', 'Rsp'] }             WF_vars(Do \/ Rsp): one group over a union of actions
 *   { actions: ['Do', 'Rsp'], by: ['p'] }  \A p : WF_vars(Do(p) \/ Rsp(p))
 *   { ..., where: (s, p) => cond }         only the instances for which cond holds in the state the step
 *                                          starts from: WF_vars(Return(c, alloc[c])) is
 *                                          { action: 'Return', by: ['c'], where: (s, p) => p.S === s.alloc[p.c] },
 *                                          WF_vars(A /\ P) is { action: 'A', where: (s) => P(s) }
 *   { process: 'P' }                       PlusCal `fair process`: one group per process id, all its steps
 *   { process: 'P', labels | exceptLabels } the same, restricted to some labels (e.g. `pc[self] # "ncs"`)
 *   { actor: 'W' }                         every step performed by actor W (one group)
 *
 * A group is enabled in a state when one of its instances has a successor that
 * differs from the state (TLA+ `ENABLED <<A>>_vars`), and taken on a step that is
 * one of its instances and changes the state. The grouping never changes how a
 * step is named, so a lasso found under one fairness replays under any other.
 */
export type FairnessKind = 'WF' | 'SF';

/** A state condition on an instance: `(s, params) => boolean`, evaluated in the state the step starts from. */
export type FairnessCondition = (s: any, params: Readonly<Record<string, any>>) => boolean;

export type FairnessTarget =
  | { readonly action: string; readonly each?: boolean; readonly by?: readonly string[]; readonly where?: FairnessCondition }
  | { readonly actions: readonly string[]; readonly by?: readonly string[]; readonly where?: FairnessCondition }
  | { readonly process: string; readonly labels?: readonly string[]; readonly exceptLabels?: readonly string[] }
  | { readonly actor: string };

export interface FairnessDef {
  readonly kind: FairnessKind;
  readonly target: FairnessTarget;
}

/** The actions a target names (`action` or `actions`), or null for a process or actor target. */
export function targetActions(target: FairnessTarget): readonly string[] | null {
  if ('action' in target) return [target.action];
  if ('actions' in target) return target.actions;
  return null;
}

export function describeFairness(def: FairnessDef): string {
  const t = def.target as Record<string, any>;
  const actions = targetActions(def.target);
  if (actions) {
    const by = t.by?.length ? `, each ${t.by.join(', ')}` : t.each ? ', each instance' : '';
    return `${def.kind}(${actions.join(' \\/ ')}${t.where ? ' when' : ''}${by})`;
  }
  if ('process' in t) return `${def.kind}(process ${t.process}, each process)`;
  return `${def.kind}(actor ${t.actor})`;
}
