import type { Presentation } from './presentation.js';
import type { DeclarationSite } from './source-location.js';
import type { SymmetryDecl } from './symmetry.js';
import type { AnyType, Key } from './types.js';
import type { FairnessDef } from './fairness.js';
import type { TemporalPropertyDef } from './temporal.js';

/**
 * The plain data a model builder produces and the checker consumes. Nothing here
 * knows about encodings or search: it is the model as the user wrote it.
 */

/** Parameter domains: `{ r: rms }` means one action instance per `r` in `rms`. */
export type ParamDomains<P> = { readonly [K in keyof P]: readonly P[K][] };

/** Static domains, or a function of the current state (TLA+ `\E x \in f(s)`). */
export type ParamSource<S, P> = ParamDomains<P> | ((s: Readonly<S>) => Iterable<P>);

export interface ActionDef<S, P = any> {
  /** Name shown in traces, without the actor. */
  readonly name: string;
  /** Who performs the step: a fixed actor, or one derived from the parameters. */
  readonly actor?: string | ((p: P) => string);
  readonly params?: ParamSource<S, P>;
  readonly description?: string;
  /** Enabling condition; the effect may also return `false` to disable the step. */
  readonly when?: (s: Readonly<S>, p: P) => boolean;
  /** Mutates a draft of the next state (a copy of the current one). */
  readonly effect: (next: S, p: P, current: Readonly<S>) => void | false;
  /**
   * For process steps: the program counter the step needs (`when` checks it too).
   * Engines read it to skip steps of actors that are elsewhere without calling them.
   */
  readonly at?: ProgramCounterAt;
  /**
   * For process steps: the user's own guard and body, unwrapped. `when` and
   * `effect` above wrap them (pc test, goto); an engine that tests the pc itself
   * may call these directly and set the pc as `effect` would.
   */
  readonly processStep?: ProcessStepParts<S, P>;
  /** Where the model declared it (for source links); resolved only when shown. */
  readonly site?: DeclarationSite;
}

export interface ProcessStepParts<S, P> {
  readonly self: Key;
  readonly when: ((s: Readonly<S>, self: Key, p: P) => boolean) | undefined;
  readonly body: ((next: S, self: Key, p: P, current: Readonly<S>) => string | void | false) | undefined;
  /** The next label when the body names none. */
  readonly fallThrough: string;
  readonly labels: ReadonlySet<string>;
  /** The error for a goto to an undeclared label (the same one `effect` throws). */
  readonly badGoto: (label: string) => Error;
}

/** `state[variable][id].pc === label`, or `state[variable].pc === label` for a single actor (id null). */
export interface ProgramCounterAt {
  readonly variable: string;
  readonly id: Key | null;
  readonly label: string;
}

export interface StatePropertyDef<S> {
  readonly name: string;
  readonly description?: string;
  readonly holds: (s: Readonly<S>) => boolean;
  readonly site?: DeclarationSite;
}

export interface ActionPropertyDef<S> {
  readonly name: string;
  readonly description?: string;
  readonly holds: (s: Readonly<S>, next: Readonly<S>) => boolean;
  readonly site?: DeclarationSite;
}

export interface AssumptionDef {
  readonly name: string;
  readonly holds: () => boolean;
}

/** Initial states: explicit ones, or every typed state satisfying a predicate. */
export type InitDef<S> =
  | { readonly kind: 'states'; readonly states: () => Iterable<S> }
  | { readonly kind: 'where'; readonly predicate: (s: Readonly<S>) => boolean };

export interface ModelDef<S> {
  readonly schema: Readonly<Record<string, AnyType>>;
  readonly init: InitDef<S>;
  readonly actions: readonly ActionDef<S>[];
  readonly invariants: readonly StatePropertyDef<S>[];
  readonly actionProperties: readonly ActionPropertyDef<S>[];
  readonly possibles: readonly StatePropertyDef<S>[];
  readonly constraints: readonly StatePropertyDef<S>[];
  readonly assumptions: readonly AssumptionDef[];
  /** Names of step assertions (`assert(cond, name)`), declared so reports can describe them. */
  readonly assertions: readonly { readonly name: string; readonly description?: string }[];
  readonly checkDeadlock: boolean;
  /** States with no successors that are legitimate ends rather than deadlocks. */
  readonly terminal?: (s: Readonly<S>) => boolean;
  /** Tracks, lane legends, ghost fields and folds for reports (never read by the search). */
  readonly presentation?: Presentation<S>;
  /** Declared symmetric sets (see symmetry.ts); absent or empty: no symmetry. */
  readonly symmetries?: readonly SymmetryDecl[];
  /** Temporal properties (liveness), checked on the whole state graph. */
  readonly temporal?: readonly TemporalPropertyDef<S>[];
  /** Weak and strong fairness conditions of the spec. */
  readonly fairness?: readonly FairnessDef[];
}

export type ProcessId = Key;
