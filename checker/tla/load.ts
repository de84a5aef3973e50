import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Def, Expr, InstanceDecl, Location, Module } from './ast.js';
import { TlaLoadError, TlaUnsupportedError } from './errors.js';
import { definitionBody } from './eval.js';
import { initParser, parseModules } from './parse.js';
import { prepareExpressions } from './expr-shapes.js';
import { Frame, OverrideMap, Scope, type LexicalApp, type OpClosure } from './scope.js';
import { childExprs } from './level.js';
import { coreOperator } from './stdlib/core.js';
import { MODULE_EXTENDS, STANDARD_MODULES } from './stdlib/modules.js';
import { keyOf, type Value } from './values.js';

/**
 * Loads a TLA+ specification as SANY does: the root module, the modules it
 * EXTENDS and INSTANCEs (from the spec's folder, or the standard modules), with
 * every name resolved statically so an undefined operator or a wrong arity is
 * one error before anything runs.
 */

export interface LoadedSpec {
  readonly file: string;
  readonly root: Module;
  readonly scope: Scope;
  /** Variables of the root module (with those of the modules it extends), in declaration order. */
  readonly variables: string[];
  /** Constants to be given values by the configuration. */
  readonly constants: { name: string; arity: number }[];
  /** Every module read (the root's file, the modules it uses). */
  readonly modules: Module[];
  /** Every ASSUME of the root module and the modules it extends, with its module's name and the expression's first and last characters. */
  readonly assumptions: readonly Assumption[];
}

export async function loadTlaSpec(file: string): Promise<LoadedSpec> {
  await initParser();
  if (!existsSync(file)) throw new TlaLoadError(`${file}: no such file`);
  const loader = new ModuleLoader(dirname(file));
  const modules = loader.parseFile(file);
  const root = modules[0]!;
  const expected = basename(file).replace(/\.tla$/, '');
  if (root.name !== expected) throw new TlaLoadError(`${file}:1:1: the module is named ${root.name}, but the file is ${basename(file)} (TLC requires them to match)`);
  const scope = new Scope(root.name, new OverrideMap());
  const builder = new ScopeBuilder(loader);
  builder.addModule(scope, root, { kind: 'root' }, new Set());
  checkNames(scope, builder.defsSeen);
  // SANY checks the names of an ASSUME as it checks a definition's: before anything is evaluated.
  for (const a of builder.assumptions) walk(a.expr, new Set(), a.scope);
  return { file, root, scope, modules: loader.all(), variables: builder.variables, constants: builder.constants, assumptions: builder.assumptions };
}

class ModuleLoader {
  private readonly byName = new Map<string, Module>();
  constructor(private readonly folder: string) {}

  parseFile(file: string): Module[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new TlaLoadError(`${file}: cannot be read: ${(error as Error).message}`);
    }
    const modules = parseModules(text, file);
    prepareExpressions(modules);
    for (const m of modules) this.register(m);
    return modules;
  }

  private register(m: Module): void {
    if (!this.byName.has(m.name)) this.byName.set(m.name, m);
    for (const inner of m.inner) this.register(inner);
  }

  all(): Module[] {
    return [...this.byName.values()];
  }

  /** A module by name: one already parsed (inner modules too), else NAME.tla beside the spec. */
  find(name: string, at: Location): Module | null {
    const known = this.byName.get(name);
    if (known) return known;
    if (Object.hasOwn(STANDARD_MODULES, name)) return null;
    const file = join(this.folder, `${name}.tla`);
    if (!existsSync(file)) {
      if (COMMUNITY_MODULES.has(name)) throw new TlaUnsupportedError(`community module ${name}`, at);
      throw new TlaLoadError(`${at.file}:${at.line}:${at.column}: cannot find module ${name} (looked for ${file} and the standard modules)`);
    }
    const modules = this.parseFile(file);
    return modules.find((m) => m.name === name) ?? modules[0]!;
  }
}

/** TLC community modules this front end does not implement (refused by name, not "not found"). */
const COMMUNITY_MODULES = new Set(['Graphs', 'Statistics', 'VectorClocks', 'ShiViz', 'Combinatorics', 'Relation', 'GraphViz', 'Strings', 'DifferentialEquations', 'HTML', 'FunctionsExt']);

type Context =
  | { kind: 'root' }
  /** An instance: constants and variables stand for expressions of the instantiating scope. */
  | { kind: 'instance'; outer: Scope; outerFrame: Frame | null; substitutions: Map<string, Expr> };

export interface Assumption {
  readonly expr: Expr;
  readonly at: Location;
  readonly end: Location;
  readonly module: string;
  readonly scope: Scope;
}

class ScopeBuilder {
  readonly variables: string[] = [];
  readonly constants: { name: string; arity: number }[] = [];
  readonly assumptions: Assumption[] = [];
  /** Every definition with the scope it lives in, for the name check. */
  readonly defsSeen: { def: Def; scope: Scope }[] = [];

  constructor(private readonly loader: ModuleLoader) {}

  addModule(scope: Scope, module: Module, context: Context, extended: Set<string>): void {
    if (extended.has(module.name)) return;
    extended.add(module.name);
    const at: Location = { file: module.file, line: 1, column: 1 };
    for (const name of module.extends) this.addExtends(scope, name, context, extended, at);
    for (const c of module.constants) this.declare(scope, c.name, 'const', context, c.arity);
    for (const v of module.variables) this.declare(scope, v, 'var', context, 0);
    for (const unit of module.units) {
      if (unit.kind === 'def') {
        this.addDef(scope, unit.def);
      } else if (unit.kind === 'instance') {
        this.addInstance(scope, unit.inst);
      } else if (context.kind === 'root') {
        this.assumptions.push({ expr: unit.expr, at: unit.at, end: unit.end, module: module.name, scope });
      }
    }
  }

  private addExtends(scope: Scope, name: string, context: Context, extended: Set<string>, at: Location): void {
    if (Object.hasOwn(STANDARD_MODULES, name)) {
      this.addStandard(scope, name, extended, at);
      return;
    }
    const module = this.loader.find(name, at);
    if (module) this.addModule(scope, module, context, extended);
  }

  private addStandard(scope: Scope, name: string, extended: Set<string>, at: Location): void {
    if (extended.has(name)) return;
    extended.add(name);
    const table = STANDARD_MODULES[name];
    if (table === null) throw new TlaUnsupportedError(`module ${name} (TLC cannot enumerate real numbers either; use Integers)`, at);
    for (const base of MODULE_EXTENDS[name] ?? []) this.addStandard(scope, base, extended, at);
    for (const [op, builtin] of Object.entries(table!)) if (!scope.entries.has(op)) scope.entries.set(op, { kind: 'builtin', builtin });
  }

  private declare(scope: Scope, name: string, kind: 'const' | 'var', context: Context, arity: number): void {
    if (context.kind === 'root') {
      if (kind === 'var') {
        scope.entries.set(name, { kind: 'var', index: this.variables.length, name });
        this.variables.push(name);
      } else {
        scope.entries.set(name, { kind: 'const', name, value: undefined });
        this.constants.push({ name, arity });
      }
      return;
    }
    const expr = context.substitutions.get(name);
    if (expr) {
      if (arity > 0) {
        // An operator constant substituted by an operator: alias it.
        const target = resolveOperatorName(expr, context.outer);
        if (target) {
          scope.entries.set(name, { kind: 'const', name, value: target });
          return;
        }
      }
      scope.entries.set(name, { kind: 'subst', expr, frame: context.outerFrame, scope: context.outer });
      return;
    }
    // Implicit substitution: the same name in the instantiating module (looked up
    // when used: the instantiating module may define it after the INSTANCE).
    const same = context.outer.get(name);
    if (same) {
      scope.entries.set(name, same);
      return;
    }
    const at: Location = { file: scope.moduleName, line: 1, column: 1 };
    scope.entries.set(name, { kind: 'subst', expr: { k: 'app', name, args: [], at }, frame: context.outerFrame, scope: context.outer });
  }

  private addDef(scope: Scope, def: Def): void {
    const closure: OpClosure = { kind: 'op', name: def.name, params: def.params, body: definitionBody(def), def, frame: null, scope, bodyEv: undefined };
    scope.entries.set(def.name, { kind: 'def', closure });
    this.defsSeen.push({ def, scope });
  }

  private addInstance(scope: Scope, inst: InstanceDecl): void {
    const module = this.loader.find(inst.module, inst.at);
    const build = (frame: Frame | null): Scope => {
      const inner = new Scope(inst.module, scope.overrides);
      if (!module) {
        this.addStandard(inner, inst.module, new Set(), inst.at);
        return inner;
      }
      const substitutions = new Map(inst.substitutions);
      this.addModule(inner, module, { kind: 'instance', outer: scope, outerFrame: frame, substitutions }, new Set());
      return inner;
    };
    if (inst.name === null) {
      const inner = build(null);
      const locals = new Set(module ? localNames(module) : []);
      const own = new Set([...(module?.constants.map((c) => c.name) ?? []), ...(module?.variables ?? [])]);
      for (const [name, entry] of inner.entries) if (!locals.has(name) && !own.has(name) && !scope.entries.has(name)) scope.entries.set(name, entry);
      return;
    }
    if (inst.params.length === 0) {
      let cached: Scope | undefined;
      scope.entries.set(inst.name, { kind: 'instance', params: 0, make: () => (cached ??= build(null)) });
      return;
    }
    const cache = new Map<string, Scope>();
    scope.entries.set(inst.name, {
      kind: 'instance',
      params: inst.params.length,
      make: (args: Value[]) => {
        const key = args.map(keyOf).join('|');
        let made = cache.get(key);
        if (!made) {
          let frame: Frame | null = null;
          inst.params.forEach((p, i) => (frame = new Frame(p.name, args[i]!, frame)));
          made = build(frame);
          cache.set(key, made);
        }
        return made;
      },
    });
  }
}

function localNames(module: Module): string[] {
  return module.units.flatMap((u) => (u.kind === 'def' && u.def.local ? [u.def.name] : []));
}

function resolveOperatorName(expr: Expr, scope: Scope) {
  if (expr.k === 'lambda') return { kind: 'op' as const, name: 'LAMBDA', params: expr.params.map((name) => ({ name, arity: 0 })), body: expr.body, def: null, frame: null, scope, bodyEv: undefined };
  if (expr.k !== 'app' || expr.args.length > 0) return null;
  const entry = scope.get(expr.name);
  if (entry?.kind === 'def') return entry.closure;
  if (entry?.kind === 'builtin') return entry.builtin;
  return coreOperator(expr.name) ?? null;
}

/**
 * SANY's check that every name is defined: a walk over every definition with
 * the names bound around each expression.
 */
function checkNames(root: Scope, defs: { def: Def; scope: Scope }[]): void {
  for (const { def, scope } of defs) {
    const bound = new Set<string>(def.params.map((p) => p.name));
    if (def.fcnBounds) {
      bound.add(def.name);
      for (const b of def.fcnBounds) {
        walk(b.set, bound, scope);
        for (const n of b.names) bound.add(n);
      }
    }
    walk(def.body, bound, scope);
  }
  void root;
}

/** The symbols of the standard infix operators a spec can lack a module for (the parser names them by tree-sitter's node type). */
const INFIX_SYMBOLS: Record<string, string> = { $map_to: ':>', $compose: '@@', $concat: '\\o' };

function undefinedName(name: string, at: Location): never {
  const symbol = INFIX_SYMBOLS[name];
  // SANY's two wordings: an infix symbol is "resolved", a name is "known".
  const what = symbol ? `Couldn't resolve infix operator symbol \`${symbol}'.` : `Unknown operator: \`${name}'.`;
  throw new TlaLoadError(`${at.file}:${at.line}:${at.column}: ${what}`);
}

function walk(e: Expr, bound: Set<string>, scope: Scope): void {
  switch (e.k) {
    case 'unsupported':
      throw new TlaUnsupportedError(e.what, e.at);
    case 'app':
      if (!bound.has(e.name) && !scope.get(e.name) && !coreOperator(e.name)) undefinedName(e.name, e.at);
      // Frames are lexical (a body sees its definition's parameters and the names
      // bound around it, never its caller's): a name no binder around it binds is
      // never looked for in the frames.
      (e as LexicalApp).local = bound.has(e.name);
      for (const a of e.args) walk(a, bound, scope);
      return;
    case 'inst':
      for (const step of e.path) for (const a of step.args) walk(a, bound, scope);
      for (const a of e.args) walk(a, bound, scope);
      return;
    case 'subexpr':
      if (!scope.get(e.name)) undefinedName(e.name, e.at);
      return;
    default:
      for (const { expr, names } of childExprs(e)) {
        const added = names.filter((n) => !bound.has(n));
        for (const n of added) bound.add(n);
        walk(expr, bound, scope);
        for (const n of added) bound.delete(n);
      }
  }
}
