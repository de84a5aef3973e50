import type { Expr } from './ast.js';
import { isOperator, resolvedEntry } from './eval.js';
import { childExprs, isBeyondStateLevel } from './level.js';
import type { Builtin, OpClosure, Scope, ScopeEntry } from './scope.js';
import { STANDARD_MODULES } from './stdlib/modules.js';

/**
 * The state variables a state predicate can read, found from its text through
 * the definitions, instances and substitutions it uses: a superset of what any
 * evaluation of it reads. The search uses it to skip, in a successor, an
 * invariant conjunct whose variables the step left as they were (incremental
 * checks: the parent satisfied it, and evaluation is a function of the state).
 *
 * The answer is null ("could read anything") wherever that reasoning does not
 * hold or the text is not understood: a prime, ENABLED or temporal operator, an
 * instance with arguments, a recursive definition, a name not found, or a
 * built-in whose value depends on more than its arguments or that has an effect
 * (TLCGet, RandomElement, Print, the IO modules, ...): skipping those would
 * change what the run prints or finds.
 */
export function variablesRead(e: Expr, scope: Scope): Int32Array | null {
  const reads = new Set<number>();
  if (!new ReadAnalysis(reads).expr(e, NONE, scope)) return null;
  return Int32Array.from([...reads].sort((a, b) => a - b));
}

const NONE: ReadonlySet<string> = new Set();

/**
 * What a definition reads (null: anything), kept per closure and version of the
 * configuration's overrides (its names resolve through them): a definition is
 * analysed once per configuration.
 */
const closureReads = new WeakMap<OpClosure, { version: number; reads: ReadonlySet<number> | null }>();
/** Closures being analysed: met again, the definition is recursive. */
const inProgress = new Set<OpClosure>();

class ReadAnalysis {
  constructor(private readonly reads: Set<number>) {}

  /** Adds what `e` reads; false when that is not known. */
  expr(e: Expr, bound: ReadonlySet<string>, scope: Scope): boolean {
    if (isBeyondStateLevel(e.k)) return false;
    switch (e.k) {
      case 'app':
        if (!this.all(e.args, bound, scope)) return false;
        // A parameter, bound variable or LET name: its argument or definition is read where it is written.
        return bound.has(e.name) || this.entry(resolvedEntry(e, scope));
      case 'inst':
        return this.instance(e, bound, scope);
      default:
        for (const { expr, names } of childExprs(e)) {
          const inner = names.length === 0 ? bound : new Set([...bound, ...names]);
          if (!this.expr(expr, inner, scope)) return false;
        }
        return true;
    }
  }

  private all(es: readonly Expr[], bound: ReadonlySet<string>, scope: Scope): boolean {
    for (const a of es) if (!this.expr(a, bound, scope)) return false;
    return true;
  }

  /** What a name of a scope stands for reads. */
  private entry(entry: ScopeEntry | undefined): boolean {
    if (entry === undefined) return false;
    switch (entry.kind) {
      case 'var':
        this.reads.add(entry.index);
        return true;
      case 'def':
        return this.closure(entry.closure);
      case 'const': {
        const v = entry.value;
        if (v === undefined || !isOperator(v)) return true;
        return v.kind === 'op' ? this.closure(v) : !isImpure(v);
      }
      case 'subst':
        // A substitution written with bound names around it (an instance's arguments): not followed.
        return entry.frame === null && this.expr(entry.expr, NONE, entry.scope);
      case 'builtin':
        return !isImpure(entry.builtin);
      default:
        return false;
    }
  }

  private closure(c: OpClosure): boolean {
    const version = c.scope.overrides.version;
    const kept = closureReads.get(c);
    let known = kept !== undefined && kept.version === version ? kept.reads : undefined;
    if (known === undefined) {
      if (inProgress.has(c) || c.frame !== null) return false;
      inProgress.add(c);
      const own = new Set<number>();
      try {
        const params = c.params.length === 0 ? NONE : new Set(c.params.map((p) => p.name));
        known = new ReadAnalysis(own).expr(c.body, params, c.scope) ? own : null;
      } finally {
        inProgress.delete(c);
      }
      closureReads.set(c, { version, reads: known });
    }
    if (known === null) return false;
    for (const v of known) this.reads.add(v);
    return true;
  }

  /** `I!Op(args)` through instances without arguments (their scopes are made once: load.ts). */
  private instance(e: Expr & { k: 'inst' }, bound: ReadonlySet<string>, scope: Scope): boolean {
    if (!this.all(e.args, bound, scope)) return false;
    let target = scope;
    for (const step of e.path) {
      if (step.args.length > 0) return false;
      const entry = target.get(step.name);
      if (entry?.kind !== 'instance' || entry.params !== 0) return false;
      target = entry.make([]);
    }
    const entry = target.get(e.name);
    return entry !== undefined && this.entry(entry);
  }
}

/**
 * Built-ins whose value is not a function of their arguments, or that act on
 * the world: the TLC module's Print, PrintT, JavaTime, TLCGet, TLCSet and
 * RandomElement, Apalache's Gen and Guess, and every operator of TLCExt
 * (Trace, ...), Randomization, IOUtils, CSV and Json.
 */
let impure: Set<Builtin> | null = null;

function isImpure(b: Builtin): boolean {
  if (impure === null) {
    impure = new Set();
    const add = (module: string, names?: readonly string[]) => {
      const table = STANDARD_MODULES[module];
      if (!table) return;
      for (const [name, op] of Object.entries(table)) if (names === undefined || names.includes(name)) impure!.add(op as Builtin);
    };
    add('TLC', ['Print', 'PrintT', 'JavaTime', 'TLCGet', 'TLCSet', 'RandomElement']);
    add('Apalache', ['Gen', 'Guess']);
    for (const module of ['TLCExt', 'Randomization', 'IOUtils', 'CSV', 'Json']) add(module);
  }
  return impure.has(b);
}
