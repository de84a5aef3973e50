import type { Def, Expr, Location } from './ast.js';
import type { Value } from './values.js';

/**
 * Names as the evaluator sees them. A Scope is one module instance's top level
 * (its definitions, EXTENDS and unnamed INSTANCEs merged in); Frames are the
 * local bindings above it (bound variables, operator parameters, LET definitions).
 */

/** How one evaluation sees the state: `cur` and `next` hold values by variable index. */
export interface EvalContext {
  cur: (Value | undefined)[];
  next: (Value | undefined)[] | null;
  primed: boolean;
  /** Incremented on every read of a variable: a definition evaluated without one is constant. */
  varReads: number;
}

/** An operator argument, evaluated when first used (call by name, as TLC does for operators). */
export class Thunk {
  value: Value | undefined;
  constructor(
    readonly expr: Expr,
    readonly frame: Frame | null,
    readonly scope: Scope,
  ) {}
}

/** An operator that can be applied: a definition, a LET definition or a LAMBDA, with its context. */
export interface OpClosure {
  readonly kind: 'op';
  readonly name: string;
  readonly params: readonly { name: string; arity: number }[];
  readonly body: Expr;
  readonly def: Def | null;
  readonly frame: Frame | null;
  readonly scope: Scope;
  /**
   * A LET definition without parameters bound while an expression is
   * evaluated: its value in that evaluation (same context, same priming),
   * computed at most once as TLC's LazyValue.
   */
  memo?: { ctx: EvalContext; primed: boolean; value: Value } | null;
}

/** A native operator of a standard or community module. */
export interface Builtin {
  readonly kind: 'builtin';
  readonly name: string;
  /** -1: any number of arguments. */
  readonly arity: number;
  readonly fn: (args: BuiltinArgs) => Value;
}

export interface BuiltinArgs {
  readonly count: number;
  val(i: number): Value;
  /** An operator argument as a JS function. */
  op(i: number): (...xs: Value[]) => Value;
  readonly at: Location;
  readonly ctx: EvalContext;
}

export type Binding = Value | Thunk | OpClosure | Builtin;

export class Frame {
  constructor(
    readonly name: string,
    readonly binding: Binding,
    readonly parent: Frame | null,
  ) {}
  lookup(name: string): Binding | undefined {
    for (let f: Frame | null = this; f !== null; f = f.parent) if (f.name === name) return f.binding;
    return undefined;
  }
}

export type ScopeEntry =
  | { kind: 'def'; closure: OpClosure; constant?: { value: Value } | null }
  | { kind: 'var'; index: number; name: string }
  | { kind: 'const'; name: string; value: Value | OpClosure | Builtin | undefined }
  /** A constant or variable of an instantiated module: the expression it stands for. */
  | { kind: 'subst'; expr: Expr; frame: Frame | null; scope: Scope }
  | { kind: 'builtin'; builtin: Builtin }
  | { kind: 'instance'; make: (args: Value[]) => Scope; params: number };

export class Scope {
  readonly entries = new Map<string, ScopeEntry>();
  /**
   * @param overrides the configuration's `A <- B` and `A = v` for definitions:
   *   shared by every scope of a spec, as TLC replaces a definition everywhere.
   */
  constructor(
    readonly moduleName: string,
    readonly overrides: Map<string, ScopeEntry>,
  ) {}
  get(name: string): ScopeEntry | undefined {
    if (this.overrides.size > 0) {
      const o = this.overrides.get(name) ?? this.overrides.get(`${this.moduleName}!${name}`);
      if (o !== undefined) return o;
    }
    return this.entries.get(name);
  }
}
