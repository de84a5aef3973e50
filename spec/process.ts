import { combinations } from './combinations.js';
import type { ActionDef, ParamSource } from './definitions.js';
import type { DeclarationSite } from './source-location.js';
import { enumOf, map, record, type AnyType, type Key, type StateOf, type Type } from './types.js';

/**
 * PlusCal-style processes: a family of identical actors, each with a program
 * counter and labelled atomic steps. A process family `U` over ids [1, 2] adds one
 * state variable `U`, a map from id to `{ pc, ...locals }`. Each labelled step
 * becomes one action per id, performed by actor `U1`, `U2`, ...
 *
 * Without `ids` the process is a single actor named after the process: `W` adds
 * the state variable `W = { pc, ...locals }` (a record, not a map), its steps are
 * performed by actor `W`, and `self` is the process name.
 *
 * A step is enabled when the actor's pc is at its label and its `when` holds, so
 * "waiting for a lock" is simply a step whose `when` is false. The step's effect
 * returns the next label (`goto`); returning nothing falls through to the next
 * declared label, and returning `false` disables the step.
 */
export interface ProcessOptions<Id extends Key, L extends string, Locals extends Record<string, AnyType>> {
  /** Actor ids of the family; omit for a single actor named after the process. */
  readonly ids?: readonly Id[];
  readonly labels: readonly L[];
  /** Label every actor starts at; defaults to the first label. */
  readonly start?: L;
  readonly locals?: Locals;
  /** Initial values of the locals (the same for every actor). */
  readonly initLocals?: StateOf<Locals>;
}

export type ProcessState<L extends string, Locals extends Record<string, AnyType>> = { pc: L } & StateOf<Locals>;

export interface ProcessStep<S, Id extends Key, L extends string, P = {}> {
  /**
   * Text shown in traces after the actor, e.g. "ENTRY take memory_lock (write)". Defaults to the label.
   * A function of the parameters (static `params` only) names each parameter value's step on its
   * own, e.g. `({ op }) => \`${op}: take the lock\``: the step then becomes one action per value.
   */
  readonly title?: string | ((p: P) => string);
  readonly params?: ParamSource<S, P>;
  readonly when?: (s: Readonly<S>, self: Id, p: P) => boolean;
  readonly do?: (next: S, self: Id, p: P, current: Readonly<S>) => L | void | false;
}

export type ProcessSteps<S, Id extends Key, L extends string> = { readonly [K in L]?: ProcessStep<S, Id, L, any> };

export interface ProcessDecl {
  readonly name: string;
  /** null for a single actor (the state variable is its record, the actor its name). */
  readonly ids: readonly Key[] | null;
  readonly labels: readonly string[];
  readonly start: string;
  readonly initLocals: Record<string, unknown>;
}

export function processVariableType(options: ProcessOptions<Key, string, Record<string, AnyType>>): AnyType {
  const fields: Record<string, AnyType> = { pc: enumOf(...options.labels), ...(options.locals ?? {}) };
  return options.ids ? map(options.ids, record(fields)) : record(fields);
}

export function declareProcess(name: string, options: ProcessOptions<Key, string, Record<string, AnyType>>): ProcessDecl {
  if (options.labels.length === 0) throw new Error(`process ${name}: it needs at least one label`);
  const start = options.start ?? options.labels[0]!;
  if (!options.labels.includes(start)) throw new Error(`process ${name}: start label "${start}" is not declared`);
  const localNames = Object.keys(options.locals ?? {});
  const initLocals = (options.initLocals ?? {}) as Record<string, unknown>;
  for (const local of localNames) {
    if (!(local in initLocals)) throw new Error(`process ${name}: local "${local}" has no initial value in initLocals`);
  }
  return { name, ids: options.ids ?? null, labels: options.labels, start, initLocals };
}

/** The initial value of a process variable: every actor at its start label. */
export function initialProcessValue(decl: ProcessDecl): Record<Key, unknown> {
  if (decl.ids === null) return { pc: decl.start, ...structuredClone(decl.initLocals) };
  const value: Record<Key, Record<string, unknown>> = {};
  for (const id of decl.ids) value[id] = { pc: decl.start, ...structuredClone(decl.initLocals) };
  return value;
}

/** One action per (label, id). */
export function processActions<S>(decl: ProcessDecl, steps: ProcessSteps<S, Key, string>, site?: DeclarationSite): ActionDef<S>[] {
  for (const label of Object.keys(steps)) {
    if (!decl.labels.includes(label)) throw new Error(`process ${decl.name}: step "${label}" is not a declared label`);
  }
  const actions: ActionDef<S>[] = [];
  const labels = new Set(decl.labels);
  for (const [index, label] of decl.labels.entries()) {
    const step = steps[label];
    if (!step) continue;
    const fallThrough = decl.labels[index + 1] ?? decl.start;
    for (const id of decl.ids ?? [null]) {
      const labelSite = site && { ...site, token: label };
      for (const titled of titledSteps(decl, label, step)) actions.push({ ...stepAction(decl, labels, label, titled, id, fallThrough), site: labelSite });
    }
  }
  return actions;
}

/** A step whose title is a function of its parameters, as one step per parameter value. */
function titledSteps<S>(decl: ProcessDecl, label: string, step: ProcessStep<S, Key, string, any>): ProcessStep<S, Key, string, any>[] {
  const title = step.title;
  if (typeof title !== 'function') return [step];
  if (typeof step.params !== 'object') throw new Error(`process ${decl.name}: step "${label}" has a title function, so its params must be static`);
  const { when, do: body } = step;
  return combinations(step.params as Record<string, readonly unknown[]>).map((p) => ({
    title: title(p),
    when: when && ((s: Readonly<S>, self: Key) => when(s, self, p)),
    do: body && ((next: S, self: Key, _: unknown, current: Readonly<S>) => body(next, self, p, current)),
  }));
}

/** `id` is null for a single actor: its record is the variable itself and `self` is its name. */
function stepAction<S>(
  decl: ProcessDecl,
  labels: ReadonlySet<string>,
  label: string,
  step: ProcessStep<S, Key, string, any>,
  id: Key | null,
  fallThrough: string,
): ActionDef<S> {
  const procOf =
    id === null
      ? (s: Readonly<S>) => (s as Record<string, { pc: string }>)[decl.name]!
      : (s: Readonly<S>) => (s as Record<string, Record<Key, { pc: string }>>)[decl.name]![id]!;
  const self: Key = id ?? decl.name;
  const badGoto = (goto: string) => new Error(`process ${decl.name}: goto to undeclared label "${goto}"`);
  const when = step.when;
  const body = step.do;
  return {
    name: (step.title as string | undefined) ?? label,
    actor: id === null ? decl.name : `${decl.name}${id}`,
    params: step.params,
    when: when ? (s, p) => procOf(s).pc === label && when(s, self, p) : (s) => procOf(s).pc === label,
    at: { variable: decl.name, id, label },
    effect: (next, p, current) => {
      const target = body ? body(next, self, p, current) : undefined;
      if (target === false) return false;
      const goto = target ?? fallThrough;
      if (!labels.has(goto)) throw badGoto(goto);
      procOf(next).pc = goto;
      return undefined;
    },
    processStep: { self, when, body, fallThrough, labels, badGoto },
  };
}

export type ProcessVariable<Id extends Key, L extends string, Locals extends Record<string, AnyType>> = Record<Id, ProcessState<L, Locals>>;
/** The state variable of a single-actor process: its own record. */
export type SingleProcessVariable<L extends string, Locals extends Record<string, AnyType>> = ProcessState<L, Locals>;
export type { Type };
