import type {
  ActionDef,
  ActionPropertyDef,
  AssumptionDef,
  InitDef,
  ModelDef,
  ParamSource,
  StatePropertyDef,
} from './definitions.js';
import {
  declareProcess,
  initialProcessValue,
  processActions,
  processVariableType,
  type ProcessDecl,
  type ProcessOptions,
  type ProcessSteps,
  type ProcessVariable,
  type SingleProcessVariable,
} from './process.js';
import { declarationSite } from './source-location.js';
import { emptyPresentation, type Presentation, type TrackKind } from './presentation.js';
import type { AnyType, Key, StateOf } from './types.js';
import { processSymmetry, valueSymmetry, type SymmetryDecl } from './symmetry.js';
import type { FairnessDef, FairnessKind, FairnessTarget } from './fairness.js';
import { temporalInstances, type TemporalFormula, type TemporalPropertyDef } from './temporal.js';

export interface ActionOptions<S, P> {
  readonly params?: ParamSource<S, P>;
  /** Actor performing the step; by default taken from a `"W: ..."` prefix of the name. */
  readonly actor?: string | ((p: P) => string);
  readonly when?: (s: Readonly<S>, p: P) => boolean;
  readonly description?: string;
}

type Effect<S, P> = (next: S, p: P, current: Readonly<S>) => void | false;

/**
 * Builds a model: state schema, initial states, actions and properties. Each method
 * records one part and returns the builder, so a model reads top to bottom like a
 * TLA+ module. The result is plain data (`ModelDef`) for the checker.
 */
export class ModelBuilder<S> {
  private readonly schema: Record<string, AnyType>;
  private init: InitDef<S> | undefined;
  private readonly actions: ActionDef<S>[] = [];
  private readonly invariants: StatePropertyDef<S>[] = [];
  private readonly actionProperties: ActionPropertyDef<S>[] = [];
  private readonly possibles: StatePropertyDef<S>[] = [];
  private readonly constraints: StatePropertyDef<S>[] = [];
  private readonly assumptions: AssumptionDef[] = [];
  private readonly assertions: { name: string; description?: string }[] = [];
  private readonly processes: ProcessDecl[] = [];
  private checkDeadlock = true;
  private terminal: ((s: Readonly<S>) => boolean) | undefined;
  private readonly shown: Presentation<S> = emptyPresentation<S>();
  private readonly symmetries: SymmetryDecl[] = [];
  private readonly temporalProperties: TemporalPropertyDef<S>[] = [];
  private readonly fairnessConditions: FairnessDef[] = [];

  constructor(schema: Record<string, AnyType>) {
    this.schema = { ...schema };
  }

  /**
   * Adds a PlusCal-style process family as state variable `name` (see process.ts).
   * Without `ids` it is a single actor named `name` whose variable is its record.
   */
  process<const N extends string, const L extends string, const Locals extends Record<string, AnyType> = {}>(
    name: N,
    options: ProcessOptions<never, L, Locals> & { readonly ids?: undefined },
  ): ModelBuilder<S & { [K in N]: SingleProcessVariable<L, Locals> }>;
  process<const N extends string, const Id extends Key, const L extends string, const Locals extends Record<string, AnyType> = {}>(
    name: N,
    options: ProcessOptions<Id, L, Locals> & { readonly ids: readonly Id[] },
  ): ModelBuilder<S & { [K in N]: ProcessVariable<Id, L, Locals> }>;
  process(name: string, options: ProcessOptions<Key, string, Record<string, AnyType>>): ModelBuilder<any> {
    if (name in this.schema) throw new Error(`process ${name}: a state variable of that name exists`);
    const generic = options as unknown as ProcessOptions<Key, string, Record<string, AnyType>>;
    this.schema[name] = processVariableType(generic);
    this.processes.push(declareProcess(name, generic));
    return this;
  }

  /** The labelled steps of a declared process family. */
  steps<const N extends keyof S & string>(name: N, steps: StepsOf<S, N>): this {
    const decl = this.processes.find((p) => p.name === name);
    if (!decl) throw new Error(`steps(${name}): no process of that name was declared`);
    this.actions.push(...processActions(decl, steps as ProcessSteps<S, Key, string>, declarationSite(name, 'key')));
    return this;
  }

  /**
   * One initial state, or a function giving several. Process variables may be
   * omitted: every actor then starts at its start label.
   */
  initial(states: Omit<S, ProcessKeys<S>> | (() => Omit<S, ProcessKeys<S>> | Iterable<Omit<S, ProcessKeys<S>>>)): this {
    const produce = typeof states === 'function' ? states : () => shallowCopy(states);
    this.init = {
      kind: 'states',
      states: () => {
        const produced = produce();
        const list = isIterableOfStates(produced) ? [...produced] : [produced];
        return list.map((s) => this.withProcesses(s as S));
      },
    };
    return this;
  }

  /** Every typed state satisfying `predicate` is initial (TLC's `Init == TypeOK /\ Inv`). */
  initialWhere(predicate: (s: Readonly<S>) => boolean): this {
    this.init = { kind: 'where', predicate };
    return this;
  }

  action<P = {}>(name: string, effect: Effect<S, P>): this;
  action<P = {}>(name: string, options: ActionOptions<S, P>, effect: Effect<S, P>): this;
  action<P>(name: string, optionsOrEffect: ActionOptions<S, P> | Effect<S, P>, maybeEffect?: Effect<S, P>): this {
    const options = typeof optionsOrEffect === 'function' ? {} : optionsOrEffect;
    const effect = typeof optionsOrEffect === 'function' ? optionsOrEffect : maybeEffect!;
    const prefixed = /^([A-Za-z][\w-]*):\s*(.+)$/.exec(name);
    this.actions.push({
      name: prefixed && !options.actor ? prefixed[2]! : name,
      actor: options.actor ?? prefixed?.[1],
      params: options.params,
      when: options.when,
      description: options.description,
      effect,
      site: declarationSite(name),
    } as ActionDef<S>);
    return this;
  }

  invariant(name: string, holds: (s: Readonly<S>) => boolean, description?: string): this {
    this.invariants.push({ name, holds, description, site: declarationSite(name) });
    return this;
  }

  /** A predicate over every step `(s, s')` (TLC's action property `[][A]_v`). */
  actionProperty(name: string, holds: (s: Readonly<S>, next: Readonly<S>) => boolean, description?: string): this {
    this.actionProperties.push({ name, holds, description, site: declarationSite(name) });
    return this;
  }

  /** Some reachable state must satisfy `holds` (Stateright's `sometimes`). */
  possible(name: string, holds: (s: Readonly<S>) => boolean, description?: string): this {
    this.possibles.push({ name, holds, description, site: declarationSite(name) });
    return this;
  }

  /** TLC state constraint: successors violating it are neither stored nor explored. */
  constraint(name: string, holds: (s: Readonly<S>) => boolean): this {
    this.constraints.push({ name, holds });
    return this;
  }

  /** A constant-level assumption (TLC's ASSUME), checked before the search: exit 10. */
  assume(name: string, holds: () => boolean): this {
    this.assumptions.push({ name, holds });
    return this;
  }

  /** Declares a step assertion raised with `assert(cond, name)` inside effects. */
  assertion(name: string, description?: string): this {
    this.assertions.push({ name, description });
    return this;
  }

  /** Turns deadlock detection on (the default) or off. */
  deadlock(check: boolean): this {
    this.checkDeadlock = check;
    return this;
  }

  /** States with no successors that satisfy `isTerminal` are proper ends, not deadlocks. */
  terminalWhen(isTerminal: (s: Readonly<S>) => boolean): this {
    this.terminal = isTerminal;
    return this;
  }

  /** Presentation (spec/presentation.ts): a lock's holders, a count or a state drawn beside the lanes. */
  track(name: string, value: (s: Readonly<S>) => unknown, kind: TrackKind = 'count'): this {
    (this.shown.tracks as unknown[]).push({ name, kind, value });
    return this;
  }

  /** Presentation: a one-line legend for an actor's lane (`W` → `pm_runtime_work`). */
  legend(actor: string, text: string): this {
    (this.shown.legends as Record<string, string>)[actor] = text;
    return this;
  }

  /** Presentation: fields hidden by default in reports (`openRef`, `*.pc`, `U.ret`). */
  ghost(...fields: string[]): this {
    (this.shown.ghosts as string[]).push(...fields);
    return this;
  }

  /** Presentation: a run of one actor's steps shown as one row until unfolded. */
  fold(title: string, start: RegExp, end: RegExp): this {
    (this.shown.folds as unknown[]).push({ title, start, end });
    return this;
  }

  /**
   * Declares a set of model values interchangeable (TLC's `SYMMETRY Permutations(S)`):
   * states that differ only by a renaming of these values count as one.
   */
  symmetric(values: readonly Key[], name = values.map(String).join(',')): this {
    this.symmetries.push(valueSymmetry(name, values));
    return this;
  }

  /** Declares a process family's actors interchangeable: its ids as map keys, its actor names (`U1`) as values. */
  symmetricProcesses(name: string): this {
    const decl = this.processes.find((p) => p.name === name);
    if (!decl || decl.ids === null) throw new Error(`symmetricProcesses(${name}): no process family of that name (with ids) was declared`);
    this.symmetries.push(processSymmetry(name, decl.ids));
    return this;
  }

  /**
   * A temporal property (see temporal.ts): `temporal('Live', eventually(p))`, or one
   * instance per value, `temporal('Starve', { forEach: procs }, (i) => leadsTo(...))`.
   */
  temporal<V>(name: string, formula: TemporalFormula<S>): this;
  temporal<V>(name: string, options: { forEach: readonly V[]; description?: string }, formula: (v: V) => TemporalFormula<S>): this;
  temporal<V>(name: string, a: TemporalFormula<S> | { forEach: readonly V[]; description?: string }, b?: (v: V) => TemporalFormula<S>): this {
    const instances = b ? temporalInstances(name, (a as { forEach: readonly V[] }).forEach, b) : temporalInstances(name, undefined, a as TemporalFormula<S>);
    this.temporalProperties.push({ name, description: b ? (a as { description?: string }).description : undefined, instances, site: declarationSite(name) });
    return this;
  }

  /** Weak (`'WF'`) or strong (`'SF'`) fairness on a set of steps (see fairness.ts). */
  fairness(kind: FairnessKind, target: FairnessTarget): this {
    this.fairnessConditions.push({ kind, target });
    return this;
  }

  build(): ModelDef<S> {
    if (!this.init) throw new Error('the model has no initial states: call initial() or initialWhere()');
    return {
      schema: this.schema,
      init: this.init,
      actions: this.actions,
      invariants: this.invariants,
      actionProperties: this.actionProperties,
      possibles: this.possibles,
      constraints: this.constraints,
      assumptions: this.assumptions,
      assertions: this.assertions,
      checkDeadlock: this.checkDeadlock,
      terminal: this.terminal,
      presentation: this.shown,
      symmetries: this.symmetries,
      temporal: this.temporalProperties,
      fairness: this.fairnessConditions,
    };
  }

  private withProcesses(state: S): S {
    const full = state as Record<string, unknown>;
    for (const decl of this.processes) if (!(decl.name in full)) full[decl.name] = initialProcessValue(decl);
    return state;
  }
}

/** The steps a process variable takes: a single actor's `self` is the process name. */
type StepsOf<S, N extends keyof S & string> = S[N] extends { pc: infer L extends string }
  ? ProcessSteps<S, N, L>
  : S[N] extends ProcessVariable<infer Id, infer L, any>
    ? ProcessSteps<S, Id, L>
    : never;

type ProcessKeys<S> = {
  [K in keyof S]: S[K] extends { pc: string } ? K : S[K] extends ProcessVariable<any, any, any> ? K : never;
}[keyof S];

function isIterableOfStates(value: unknown): value is Iterable<unknown> {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && Symbol.iterator in value);
}

function shallowCopy<T>(state: T): T {
  // Shallow on purpose: FSets keep their universe, and the checker copies every
  // state into its own storage anyway.
  return { ...(state as object) } as T;
}

/** Starts a model from its state schema. */
export function model<const Schema extends Record<string, AnyType>>(schema: Schema): ModelBuilder<StateOf<Schema>> {
  return new ModelBuilder<StateOf<Schema>>(schema);
}
