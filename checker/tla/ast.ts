/**
 * The abstract syntax the TLA+ front end produces from tree-sitter's concrete tree.
 * Operators are named by the grammar's node type of their symbol (`plus`, `cup`,
 * `prec`), so a user-defined infix operator and its uses meet under one name.
 */

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export type Expr =
  | { k: 'num'; v: number; at: Location }
  | { k: 'str'; v: string; at: Location }
  | { k: 'bool'; v: boolean; at: Location }
  /** A name, possibly applied to arguments: `x`, `Op(a, b)`, `a + b` (name `plus`). */
  | { k: 'app'; name: string; args: Expr[]; at: Location; local?: boolean }
  /** `I!J(1)!Op(a)`: each path step names an instance (with arguments when parameterised). */
  | { k: 'inst'; path: { name: string; args: Expr[] }[]; name: string; args: Expr[]; at: Location }
  | { k: 'and'; items: Expr[]; at: Location }
  | { k: 'or'; items: Expr[]; at: Location }
  | { k: 'quant'; q: 'A' | 'E'; bounds: Bound[]; body: Expr; at: Location }
  /** `\E x : P` without a set (temporal or constant-level; TLC refuses most). */
  | { k: 'uquant'; q: 'A' | 'E'; names: string[]; body: Expr; at: Location }
  | { k: 'choose'; bound: BoundName; set: Expr | null; body: Expr; at: Location }
  | { k: 'setEnum'; items: Expr[]; at: Location }
  | { k: 'setFilter'; bound: Bound; pred: Expr; at: Location }
  | { k: 'setMap'; body: Expr; bounds: Bound[]; at: Location }
  | { k: 'fcn'; bounds: Bound[]; body: Expr; at: Location }
  | { k: 'apply'; f: Expr; args: Expr[]; at: Location }
  | { k: 'except'; f: Expr; updates: ExceptUpdate[]; at: Location }
  | { k: 'at'; at: Location }
  | { k: 'record'; fields: [string, Expr][]; at: Location }
  | { k: 'recordSet'; fields: [string, Expr][]; at: Location }
  | { k: 'fcnSet'; dom: Expr; rng: Expr; at: Location }
  | { k: 'field'; rec: Expr; name: string; at: Location }
  | { k: 'tuple'; items: Expr[]; at: Location }
  | { k: 'times'; items: Expr[]; at: Location }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr; at: Location }
  | { k: 'case'; arms: [Expr, Expr][]; other: Expr | null; at: Location }
  | { k: 'let'; defs: Def[]; body: Expr; at: Location }
  | { k: 'lambda'; params: string[]; body: Expr; at: Location }
  | { k: 'prime'; x: Expr; at: Location }
  | { k: 'unchanged'; x: Expr; at: Location }
  | { k: 'enabled'; x: Expr; at: Location }
  /** `[A]_v` (stutter allowed) or `<<A>>_v`. */
  | { k: 'step'; stutter: boolean; action: Expr; vars: Expr; at: Location }
  | { k: 'fair'; strong: boolean; vars: Expr; action: Expr; at: Location }
  | { k: 'always'; x: Expr; at: Location }
  | { k: 'eventually'; x: Expr; at: Location }
  | { k: 'leadsTo'; l: Expr; r: Expr; at: Location }
  /** `Name!n`: the n-th conjunct or disjunct of a definition's body. */
  | { k: 'subexpr'; name: string; index: number; at: Location }
  /** The value of a function definition `f[x \in S] == body`, which may refer to `f` itself. */
  | { k: 'fcnDef'; name: string; bounds: Bound[]; body: Expr; at: Location }
  /** A construct the evaluator does not support: refused with `what` when evaluated. */
  | { k: 'unsupported'; what: string; at: Location };

/** `x \in S`, `x, y \in S`, `<<a, b>> \in S`; `set` null for unbounded. */
export interface Bound {
  readonly names: string[];
  readonly tuple: boolean;
  readonly set: Expr;
}

export interface BoundName {
  readonly names: string[];
  readonly tuple: boolean;
}

export interface ExceptUpdate {
  readonly path: ({ kind: 'args'; args: Expr[] } | { kind: 'field'; name: string })[];
  readonly value: Expr;
}

/** An operator (params may be operator parameters with an arity) or a function definition. */
export interface Def {
  readonly name: string;
  readonly params: { name: string; arity: number }[];
  /** Set for `f[x \in S] == e`: the definition is a (possibly recursive) function. */
  readonly fcnBounds: Bound[] | null;
  readonly body: Expr;
  readonly local: boolean;
  readonly recursive: boolean;
  readonly at: Location;
}

export interface InstanceDecl {
  /** Null for an unnamed `INSTANCE M` (its definitions join the module's). */
  readonly name: string | null;
  readonly params: { name: string; arity: number }[];
  readonly module: string;
  readonly substitutions: [string, Expr][];
  readonly local: boolean;
  readonly at: Location;
}

export interface Module {
  readonly name: string;
  readonly file: string;
  readonly extends: string[];
  readonly constants: { name: string; arity: number }[];
  readonly variables: string[];
  /** Definitions and instances in source order (later ones may use earlier ones). */
  readonly units: ({ kind: 'def'; def: Def } | { kind: 'instance'; inst: InstanceDecl } | { kind: 'assume'; expr: Expr; at: Location; end: Location })[];
  /** Modules nested inside this file. */
  readonly inner: Module[];
}
