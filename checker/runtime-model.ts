import type { ActionDef, ModelDef, ParamDomains } from '../spec/definitions.js';
import { combinations } from '../spec/combinations.js';
import type { Key } from '../spec/types.js';
import { compileCodec, type ScratchState, type StateCodec } from './state/codec.js';
import { cloneState, enumerateTypedStates } from './state/typed-states.js';
import { formatValue } from './state/format-value.js';
import { compileSuccessorLoop, type LoopSlot, type SuccessorLoop, type SuccessorVisitor } from './search/successor-loop.js';

/**
 * A model ready to run: the user's ModelDef for concrete constants, its compiled
 * codec, and its action instances flattened in a fixed order. That order defines
 * successor numbering, which traces rely on: successor k of a state is the k-th
 * successor produced by `forEachSuccessor`.
 */
export interface StepRef {
  readonly action: ActionDef<any>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly actor: string | undefined;
}

/** An action that threw (including `assert` failures), with the partial next state. */
export class ActionFailure extends Error {
  constructor(
    readonly step: StepRef,
    override readonly cause: unknown,
    readonly partialState: unknown,
  ) {
    super(`action ${formatStep(step)} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ActionFailure';
  }
}

/** Returns true to skip the failing step and go on with the next one. */
export type FailureHandler = (failure: ActionFailure) => boolean;

/** True for a failed `assert(...)` step assertion (as opposed to an evaluation error). */
export function isAssertionFailure(failure: ActionFailure): boolean {
  return (failure.cause as { name?: string })?.name === 'AssertionViolation';
}


export class RuntimeModel<S extends object = any> {
  readonly codec: StateCodec<S>;
  private readonly slots: readonly LoopSlot[];
  private readonly successorLoop: SuccessorLoop<S>;

  constructor(
    readonly name: string,
    readonly constants: Readonly<Record<string, unknown>>,
    readonly def: ModelDef<S>,
  ) {
    this.codec = compileCodec<S>(def.schema);
    const actors = new ActorTable();
    this.slots = def.actions.map((action) => ({
      action,
      steps: typeof action.params === 'function' ? undefined : staticSteps(action),
      actor: action.at ? actors.indexOf(action.at.variable, action.at.id) : -1,
      atLabel: action.at?.label ?? '',
    }));
    this.successorLoop = compileSuccessorLoop<S>(this.slots, actors.paths, {
      dynamicSteps,
      failure: (step, cause, partial) => new ActionFailure(step, cause, partial),
      setFiringSlot: (slot) => {
        this.firingSlot = slot;
      },
    });
  }

  /** Index (into `def.actions`) of the action whose successor `forEachSuccessor` is visiting: coverage reads it. */
  firingSlot = -1;

  /** One display name per action of `def.actions`: `U1: read counter`, `RMPrepare`. */
  actionNames(): string[] {
    return this.def.actions.map((action) => (typeof action.actor === 'string' ? `${action.actor}: ${action.name}` : action.name));
  }

  get variables(): readonly string[] {
    return this.codec.variables;
  }

  /** Initial states in generation order (possibly with duplicates; unvalidated), as separate objects. */
  initialStates(): S[] {
    const states: S[] = [];
    this.forEachInitialState((state) => states.push(cloneState(state)));
    return states;
  }

  /**
   * Streams the initial states without keeping them: for `initialWhere` the object
   * passed to `visit` is reused for the next candidate, so the engines encode it
   * at once instead of holding hundreds of thousands of objects.
   */
  forEachInitialState(visit: (state: S, index: number) => void): void {
    const init = this.def.init;
    const states = init.kind === 'states' ? init.states() : enumerateTypedStates<S>(this.def.schema, init.predicate, false);
    let index = 0;
    for (const state of states) visit(state, index++);
  }

  /** Every action instance of `current`, enabled or not, in successor order. */
  *stepsOf(current: S): Generator<StepRef> {
    for (const slot of this.slots) yield* slot.steps ?? dynamicSteps(slot.action, current);
  }

  /**
   * Calls `visit` once per successor of `current`, in the fixed order, with the
   * draft (a scratch copy the action mutated). Returns the number of successors.
   * The draft is only valid during the call. Steps of actors whose pc is elsewhere
   * are skipped without calling the model. A handler may skip a failing step (a
   * step assertion under --continue).
   */
  forEachSuccessor(current: S, draft: ScratchState<S>, visit: SuccessorVisitor<S>, onFailure?: FailureHandler): number {
    return this.successorLoop(current, draft, visit, onFailure);
  }
}

/** The process actors of a model, each with the property path of its pc. */
class ActorTable {
  readonly paths: string[] = [];

  indexOf(variable: string, id: Key | null): number {
    const path = `[${JSON.stringify(variable)}]${id === null ? '' : `[${JSON.stringify(id)}]`}.pc`;
    const known = this.paths.indexOf(path);
    if (known >= 0) return known;
    this.paths.push(path);
    return this.paths.length - 1;
  }
}

function staticSteps<S>(action: ActionDef<S>): StepRef[] {
  const domains = (action.params ?? {}) as ParamDomains<Record<string, unknown>>;
  return combinations(domains).map((params) => makeStep(action, params));
}

/** The steps of an action whose parameters are a function of the state; that function failing is the action's failure (exit 75). */
function dynamicSteps<S>(action: ActionDef<S>, current: S): StepRef[] {
  const source = action.params as (s: S) => Iterable<Record<string, unknown>>;
  const steps: StepRef[] = [];
  try {
    for (const params of source(current)) steps.push(makeStep(action, params));
  } catch (cause) {
    const step: StepRef = Object.freeze({ action, params: Object.freeze({}), actor: typeof action.actor === 'string' ? action.actor : undefined });
    throw new ActionFailure(step, new Error(`computing its parameters failed: ${cause instanceof Error ? cause.message : String(cause)}`), current);
  }
  return steps;
}

function makeStep<S>(action: ActionDef<S>, params: Record<string, unknown>): StepRef {
  const actor = typeof action.actor === 'function' ? String(action.actor(params)) : action.actor;
  return Object.freeze({ action, params: Object.freeze(params), actor });
}

/** `U1: ENTRY take memory_lock (write)`, `RMPrepare(r = "r1")`. */
export function formatStep(step: StepRef): string {
  const names = Object.keys(step.params);
  const args = names.length ? `(${names.map((n) => `${n} = ${formatValue(step.params[n])}`).join(', ')})` : '';
  const base = `${step.action.name}${args}`;
  return step.actor ? `${step.actor}: ${base}` : base;
}
