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
  declare value: Value | undefined;
  declare readonly expr: Expr;
  declare readonly frame: Frame | null;
  declare readonly scope: Scope;
  constructor(expr: Expr, frame: Frame | null, scope: Scope) {
    this.value = undefined;
    this.expr = expr;
    this.frame = frame;
    this.scope = scope;
  }
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
   * computed at most once as TLC's LazyValue: `memoCtx` that evaluation's
   * context (undefined: not memoised; null: not computed yet), kept in the
   * closure's own fields (no object per LET evaluation).
   */
  memoCtx?: EvalContext | null;
  memoPrimed?: boolean;
  memoValue?: Value | undefined;
  /** Memoised only when its computation read no primed variable (a LET the enumerator walks in an action). */
  memoUnprimedOnly?: boolean;
  /** The body's compiled closure (compile.ts), kept here on the first call (the node's own field is a megamorphic load). */
  bodyEv?: ((frame: Frame | null, scope: Scope, ctx: EvalContext) => Value) | undefined;
}

/** A native operator of a standard or community module. */
export interface Builtin {
  readonly kind: 'builtin';
  readonly name: string;
  /** -1: any number of arguments. */
  readonly arity: number;
  readonly fn: (args: BuiltinArgs) => Value;
  /**
   * For a strict two-argument operator: its value from already evaluated
   * arguments, or undefined where `fn` must decide (a wrong type, an overflow:
   * `fn` then gives the error with its message). Saves the arguments object
   * on the common path.
   */
  readonly binary?: (x: Value, y: Value) => Value | undefined;
  /** As `binary`, for a strict one-argument operator. */
  readonly unary?: (x: Value) => Value | undefined;
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
  // Assigned in the constructor rather than declared as class fields: a field
  // definition per new frame costs more than the assignment.
  declare readonly name: string;
  declare readonly binding: Binding;
  declare readonly parent: Frame | null;
  constructor(name: string, binding: Binding, parent: Frame | null) {
    this.name = name;
    this.binding = binding;
    this.parent = parent;
  }
  lookup(name: string): Binding | undefined {
    for (let f: Frame | null = this; f !== null; f = f.parent) if (f.name === name) return f.binding;
    return undefined;
  }
}

/**
 * On an application node: false when no binder around it (parameter, bound
 * variable, LET, `@`) has its name, so it is never in the frames; set by the
 * loader's name check, true (look in the frames) until then.
 */
export interface LexicalApp {
  local?: boolean;
}

/** The frame binding of an application's name (undefined: look in the scope). */
export function frameBinding(e: { readonly name: string } & LexicalApp, frame: Frame | null): Binding | undefined {
  return frame !== null && e.local !== false ? frame.lookup(e.name) : undefined;
}

export type ScopeEntry =
  | { kind: 'def'; closure: OpClosure; constant?: { value: Value } | null }
  | { kind: 'var'; index: number; name: string }
  | { kind: 'const'; name: string; value: Value | OpClosure | Builtin | undefined }
  /** A constant or variable of an instantiated module: the expression it stands for. */
  | { kind: 'subst'; expr: Expr; frame: Frame | null; scope: Scope }
  | { kind: 'builtin'; builtin: Builtin }
  | { kind: 'instance'; make: (args: Value[]) => Scope; params: number };

/** The configuration's overrides, with a version that changes on every update (Scope caches its lookups). */
export class OverrideMap extends Map<string, ScopeEntry> {
  version = 0;
  override set(name: string, entry: ScopeEntry): this {
    this.version++;
    return super.set(name, entry);
  }
  override delete(name: string): boolean {
    this.version++;
    return super.delete(name);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

export class Scope {
  readonly entries = new Map<string, ScopeEntry>();
  /** Overrides by plain name (`A` or `Module!A`), null for none: looked up once per name and overrides version. */
  private overridden = new Map<string, ScopeEntry | null>();
  private overriddenVersion = 0;
  /**
   * @param overrides the configuration's `A <- B` and `A = v` for definitions:
   *   shared by every scope of a spec, as TLC replaces a definition everywhere.
   */
  constructor(
    readonly moduleName: string,
    readonly overrides: OverrideMap,
  ) {}
  get(name: string): ScopeEntry | undefined {
    if (this.overrides.size > 0) {
      if (this.overriddenVersion !== this.overrides.version) {
        this.overridden.clear();
        this.overriddenVersion = this.overrides.version;
      }
      let o = this.overridden.get(name);
      if (o === undefined) {
        o = this.overrides.get(name) ?? this.overrides.get(`${this.moduleName}!${name}`) ?? null;
        this.overridden.set(name, o);
      }
      if (o !== null) return o;
    }
    return this.entries.get(name);
  }
}
