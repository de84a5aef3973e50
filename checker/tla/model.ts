import { existsSync, readFileSync } from 'node:fs';
import type { Expr, Location, Module } from './ast.js';
import { forEachExpr } from './level.js';
import { parseConfig, type CfgValue, type TlcConfig } from './cfg.js';
import { TlaConfigError } from './errors.js';
import { evaluate, isOperator } from './eval.js';
import { installEnabled, StateEnumerator } from './enumerate.js';
import { loadTlaSpec, type LoadedSpec } from './load.js';
import type { EvalContext, OpClosure, Scope, ScopeEntry } from './scope.js';
import { coreOperator } from './stdlib/core.js';
import { makeSet, markLasting, ModelValue, TupleValue, type Value } from './values.js';

/**
 * A TLA+ specification bound to its configuration: constants given values,
 * the initial predicate and next-state action found (INIT/NEXT, or the
 * conjuncts of SPECIFICATION), and the properties to check, each resolved to a
 * definition of the spec. Names the config uses that the spec lacks are 151.
 */

export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

/** A fairness conjunct of the specification: WF/SF, possibly under \A. */
export type Fairness = Expr;

export interface TlaModel {
  readonly spec: LoadedSpec;
  readonly config: TlcConfig;
  readonly scope: Scope;
  readonly variables: readonly string[];
  readonly init: Expr;
  readonly next: Expr;
  readonly fairness: Fairness[];
  readonly invariants: NamedExpr[];
  /** PROPERTY formulas (temporal): checked by the temporal layer or refused. */
  readonly properties: NamedExpr[];
  readonly constraints: NamedExpr[];
  readonly actionConstraints: NamedExpr[];
  readonly view: Expr | null;
  readonly symmetry: Expr | null;
  readonly checkDeadlock: boolean;
  readonly enumerator: StateEnumerator;
  readonly modelValues: ModelValue[];
}

export async function loadTlaModel(specFile: string, configFile?: string): Promise<TlaModel> {
  const spec = await loadTlaSpec(specFile);
  const cfgPath = configFile ?? specFile.replace(/\.tla$/, '.cfg');
  if (!existsSync(cfgPath)) throw new TlaConfigError(`${cfgPath}: no such configuration file (pass --config FILE)`);
  const config = parseConfig(readFileSync(cfgPath, 'utf8'), cfgPath);
  return bindModel(spec, config);
}

/** A value written in a .cfg file; `modelValue` gives the model value of a bare name. */
export function cfgValue(v: CfgValue, modelValue: (name: string) => ModelValue): Value {
  switch (v.kind) {
    case 'int':
    case 'str':
    case 'bool':
      return v.value;
    case 'model':
      return modelValue(v.name);
    case 'set':
      return makeSet(v.items.map((item) => cfgValue(item, modelValue)));
    case 'tuple':
      return new TupleValue(v.items.map((item) => cfgValue(item, modelValue)));
  }
}

export function bindModel(spec: LoadedSpec, config: TlcConfig): TlaModel {
  const scope = spec.scope;
  const modelValues: ModelValue[] = [];
  const modelValue = (name: string): ModelValue => {
    let mv = modelValues.find((m) => m.name === name);
    if (!mv) modelValues.push((mv = new ModelValue(name, modelValues.length)));
    return mv;
  };
  const toValue = (v: CfgValue): Value => cfgValue(v, modelValue);
  // The configuration's values are kept for the run.
  const lastingValue = (v: CfgValue): Value => {
    const value = toValue(v);
    markLasting(value);
    return value;
  };
  const declared = (name: string) => spec.constants.some((c) => c.name === name);
  for (const c of config.constants) {
    if (c.module !== null && c.module !== spec.root.name) {
      const module = spec.modules.find((m) => m.name === c.module);
      if (!module) throw new TlaConfigError(`${config.file}:${c.line}: the assignment ${c.name} = [${c.module}] names module ${c.module}, which the spec does not use`);
      const hidden = `\u0000${c.module}!${c.name}`;
      scope.overrides.set(hidden, { kind: 'const', name: c.name, value: lastingValue(c.value) });
      scope.overrides.set(`${c.module}!${c.name}`, { kind: 'const', name: c.name, value: lastingValue(c.value) });
      renameIn(module, c.name, hidden);
      continue;
    }
    const entry = scope.get(c.name);
    // `r1 = r1` for a name the spec never declares only introduces a model value (TLC accepts it).
    if (!entry && c.value.kind === 'model' && c.value.name === c.name) {
      modelValue(c.name);
      continue;
    }
    if (!entry && !coreOperator(c.name)) throw new TlaConfigError(`${config.file}:${c.line}: the configuration assigns ${c.name}, which module ${spec.root.name} does not declare or define`);
    if (entry?.kind === 'const' && declared(c.name)) entry.value = lastingValue(c.value);
    // Assigning a definition overrides it everywhere, as TLC allows.
    else scope.overrides.set(c.name, { kind: 'const', name: c.name, value: lastingValue(c.value) });
  }
  for (const s of config.substitutions) {
    if (s.module !== null && s.module !== spec.root.name) {
      // `A <- [M] B`: A is replaced in module M only (B is the root module's):
      // M's uses of A are renamed to a hidden name that stands for B everywhere.
      const target = scope.get(s.target);
      if (!target) throw new TlaConfigError(`${config.file}:${s.line}: the substitution ${s.name} <- [${s.module}] ${s.target} names ${s.target}, which module ${spec.root.name} does not define`);
      const module = spec.modules.find((m) => m.name === s.module);
      if (!module) throw new TlaConfigError(`${config.file}:${s.line}: the substitution ${s.name} <- [${s.module}] ${s.target} names module ${s.module}, which the spec does not use`);
      const hidden = `\u0000${s.module}!${s.name}`;
      scope.overrides.set(hidden, substituted(s.name, target));
      scope.overrides.set(`${s.module}!${s.name}`, substituted(s.name, target));
      renameIn(module, s.name, hidden);
      continue;
    }
    const entry = scope.get(s.name);
    if (!entry && !coreOperator(s.name)) throw new TlaConfigError(`${config.file}:${s.line}: the configuration substitutes ${s.name}, which module ${spec.root.name} does not declare or define`);
    const target = scope.get(s.target);
    if (!target) throw new TlaConfigError(`${config.file}:${s.line}: the substitution ${s.name} <- ${s.target} names ${s.target}, which module ${spec.root.name} does not define`);
    if (entry?.kind === 'const' && declared(s.name)) {
      entry.value = target.kind === 'def' ? target.closure : target.kind === 'builtin' ? target.builtin : target.kind === 'const' ? target.value : undefined;
      if (target.kind === 'def' && target.closure.params.length === 0) entry.value = undefined;
      if (entry.value === undefined) scope.overrides.set(s.name, substituted(s.name, target));
    } else {
      scope.overrides.set(s.name, substituted(s.name, target));
    }
  }
  for (const c of spec.constants) {
    const entry = scope.get(c.name);
    if (entry?.kind === 'const' && entry.value === undefined && !scope.overrides.has(c.name)) throw new TlaConfigError(`${config.file}: the configuration gives no value to constant ${c.name} of module ${spec.root.name}`);
  }
  const site = (name: string): Location => ({ file: config.file, line: 1, column: 1 });
  const named = (name: string, what: string): NamedExpr => {
    const entry = scope.get(name);
    if (!entry) throw new TlaConfigError(`${config.file}: the ${what} ${name} is not defined in module ${spec.root.name}`);
    return { name, expr: { k: 'app', name, args: [], at: site(name) } };
  };
  let init: Expr;
  let next: Expr;
  const fairness: Fairness[] = [];
  const properties: NamedExpr[] = config.properties.map((p) => named(p, 'property'));
  if (config.specification) {
    const parts = specConjuncts(named(config.specification, 'specification').expr, scope);
    if (!parts.init || !parts.next) throw new TlaConfigError(`${config.file}: SPECIFICATION ${config.specification} is not of the form Init /\\ [][Next]_vars /\\ fairness`);
    init = parts.init;
    next = parts.next;
    fairness.push(...parts.fairness);
    properties.push(...parts.extraProperties);
  } else if (!config.init && !config.next) {
    // No behaviour: TLC only evaluates the assumptions (0 states).
    init = { k: 'bool', v: false, at: site('') };
    next = { k: 'bool', v: false, at: site('') };
  } else {
    if (!config.init || !config.next) throw new TlaConfigError(`${config.file}: the configuration names neither SPECIFICATION nor both INIT and NEXT`);
    init = named(config.init, 'initial predicate').expr;
    next = named(config.next, 'next-state action').expr;
  }
  const enumerator = new StateEnumerator(spec.variables);
  installEnabled(enumerator);
  return {
    spec,
    config,
    scope,
    variables: spec.variables,
    init,
    next,
    fairness,
    invariants: config.invariants.map((n) => named(n, 'invariant')),
    properties,
    constraints: config.constraints.map((n) => named(n, 'constraint')),
    actionConstraints: config.actionConstraints.map((n) => named(n, 'action constraint')),
    view: config.view ? named(config.view, 'view').expr : null,
    symmetry: config.symmetry ? named(config.symmetry, 'symmetry').expr : null,
    checkDeadlock: config.checkDeadlock,
    enumerator,
    modelValues,
  };
}

/** Renames the uses of `name` in every definition and assumption of a module. */
function renameIn(module: Module, name: string, to: string): void {
  const rename = (e: Expr) =>
    forEachExpr(e, (x) => {
      if (x.k === 'app' && x.name === name) (x as { name: string }).name = to;
    });
  for (const unit of module.units) {
    if (unit.kind === 'def') {
      rename(unit.def.body);
      for (const b of unit.def.fcnBounds ?? []) rename(b.set);
    } else if (unit.kind === 'assume') rename(unit.expr);
    else for (const [, e] of unit.inst.substitutions) rename(e);
  }
}

function substituted(name: string, target: ScopeEntry): ScopeEntry {
  if (target.kind === 'def') {
    const closure: OpClosure = target.closure;
    return { kind: 'def', closure: { ...closure, name } };
  }
  return target;
}

/** Init /\ [][Next]_vars /\ WF_vars(A) ...: the conjuncts, through definitions. */
function specConjuncts(spec: Expr, scope: Scope): { init: Expr | null; next: Expr | null; fairness: Fairness[]; extraProperties: NamedExpr[] } {
  const result = { init: null as Expr | null, next: null as Expr | null, fairness: [] as Fairness[], extraProperties: [] as NamedExpr[] };
  const visit = (e: Expr, s: Scope): void => {
    if (e.k === 'and') return e.items.forEach((item) => visit(item, s));
    if (e.k === 'always' && e.x.k === 'step') {
      result.next = s === scope ? e.x.action : hoisted(e.x.action, s);
      return;
    }
    if (e.k === 'fair' || (e.k === 'quant' && e.q === 'A' && isTemporal(e.body, s))) {
      result.fairness.push(s === scope ? e : hoisted(e, s));
      return;
    }
    if (e.k === 'app' && e.args.length === 0) {
      const entry = s.get(e.name);
      if (entry?.kind === 'def' && entry.closure.params.length === 0 && isTemporal(entry.closure.body, entry.closure.scope)) {
        return visit(entry.closure.body, entry.closure.scope);
      }
    }
    if (e.k === 'inst' && e.args.length === 0 && e.path.every((p) => p.args.length === 0)) {
      let target = s;
      for (const step of e.path) {
        const entry = target.get(step.name);
        if (entry?.kind !== 'instance') break;
        target = entry.make([]);
      }
      const entry = target.get(e.name);
      if (entry?.kind === 'def' && entry.closure.params.length === 0 && isTemporal(entry.closure.body, entry.closure.scope)) {
        return visit(entry.closure.body, entry.closure.scope);
      }
    }
    // Every state-level conjunct is part of the initial predicate (TLC: PrintT(x) /\ Spec).
    // Any other temporal conjunct (<>[][A]_v) only restricts behaviours for liveness: kept with the fairness.
    if (isTemporal(e, s)) {
      result.fairness.push(s === scope ? e : hoisted(e, s));
      return;
    }
    initParts.push(s === scope ? e : hoisted(e, s));
  };
  const initParts: Expr[] = [];
  visit(spec, scope);
  if (initParts.length > 0) result.init = initParts.length === 1 ? initParts[0]! : { k: 'and', items: initParts, at: initParts[0]!.at };
  return result;

  /** An expression of another module instance, made a hidden definition of the root so it is evaluated there. */
  function hoisted(e: Expr, s: Scope): Expr {
    const name = `\u0000spec${hiddenCount++}`;
    scope.entries.set(name, { kind: 'def', closure: { kind: 'op', name, params: [], body: e, def: null, frame: null, scope: s, bodyEv: undefined } });
    return { k: 'app', name, args: [], at: e.at };
  }
}

let hiddenCount = 0;

function isTemporal(e: Expr, scope: Scope, depth = 0): boolean {
  if (depth > 20) return false;
  switch (e.k) {
    case 'always':
    case 'eventually':
    case 'fair':
    case 'leadsTo':
      return true;
    case 'and':
    case 'or':
      return e.items.some((i) => isTemporal(i, scope, depth + 1));
    case 'quant':
      return isTemporal(e.body, scope, depth + 1);
    case 'app': {
      const entry = scope.get(e.name);
      if (entry?.kind === 'def') return entry.closure.params.length === 0 && isTemporal(entry.closure.body, entry.closure.scope, depth + 1);
      // A built-in connective over a temporal operand: `P => WF_v(A)`, `~[]F`, `F <=> G`.
      return e.args.some((a) => isTemporal(a, scope, depth + 1));
    }
    case 'if':
      return isTemporal(e.then, scope, depth + 1) || isTemporal(e.else, scope, depth + 1);
    default:
      return false;
  }
}

/** Evaluates a closed expression (ASSUME, a property's operand) in a state. */
export function evaluateIn(expr: Expr, scope: Scope, state: readonly Value[], next: readonly Value[] | null = null): Value {
  const ctx: EvalContext = { cur: state as Value[], next: next as Value[] | null, primed: false, varReads: 0 };
  return evaluate(expr, null, scope, ctx);
}

export { isOperator };
