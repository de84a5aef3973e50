import { basename } from 'node:path';
import { VigilError } from '../errors.js';
import { splitActions, traceLabels } from './actions.js';
import { tlaTraceToItf } from './itf.js';
import { checkTlaModel } from './liveness.js';
import type { TlaModel } from './model.js';
import { replayTla } from './replay.js';
import { isLasso } from './report.js';
import type { Value } from './values.js';

/**
 * Two TLA+ models (two specs, or one spec under two configurations), property
 * by property, as `vigil compare` does for a DSL model's two configurations
 * (checker/compare.ts): every invariant, deadlock (where checked) and PROPERTY
 * of either is checked on its own in each model (TLC stops at the first
 * violation, so one run per property gives every verdict), and where the
 * verdicts differ, the side that violates gives its shortest counterexample,
 * replayed on the other model to show where the two part.
 */
export type TlaPropertyKind = 'invariant' | 'deadlock' | 'temporal property';

export interface TlaPropertyStatus {
  readonly status: 'holds' | 'violated' | 'error' | 'absent';
  readonly traceLength: number | null;
  /** The run's message for a violation or an error. */
  readonly message: string | null;
}

export interface TlaWitness {
  readonly side: 'a' | 'b';
  readonly trace: readonly (readonly Value[])[];
  readonly labels: readonly string[];
  /** For a lasso: the state it returns to (0-based), -1 when it stutters at its end. */
  readonly loopBack: number | null;
  /** The same states replayed on the other model. */
  readonly replay: string;
}

export interface TlaPropertyComparison {
  readonly name: string;
  readonly kind: TlaPropertyKind;
  readonly a: TlaPropertyStatus;
  readonly b: TlaPropertyStatus;
  readonly differs: boolean;
  readonly witness: TlaWitness | null;
}

export interface TlaComparisonSide {
  readonly label: string;
  readonly model: TlaModel;
  /** Distinct states of the run without properties (the reachable states). */
  readonly distinct: number;
}

export interface TlaComparison {
  readonly a: TlaComparisonSide;
  readonly b: TlaComparisonSide;
  readonly properties: readonly TlaPropertyComparison[];
}

/** `Owners.tla (Owners.cfg)`: how a side is named. */
export function sideLabel(model: TlaModel): string {
  return `${basename(model.spec.file)} (${basename(model.config.file)})`;
}

export function compareTlaModels(a: TlaModel, b: TlaModel): TlaComparison {
  const names = new Map<string, TlaPropertyKind>();
  for (const model of [a, b]) {
    for (const inv of model.invariants) names.set(inv.name, 'invariant');
    if (model.checkDeadlock) names.set('deadlock', 'deadlock');
    for (const p of model.properties) names.set(p.name, 'temporal property');
  }
  const properties = [...names].map(([name, kind]) => compareProperty(a, b, name, kind));
  const side = (model: TlaModel): TlaComparisonSide => ({ label: sideLabel(model), model, distinct: checkTlaModel(only(model, null)).distinct });
  return { a: side(a), b: side(b), properties };
}

type Run = { status: TlaPropertyStatus; trace: Value[][]; loopBack: number | null };

function compareProperty(a: TlaModel, b: TlaModel, name: string, kind: TlaPropertyKind): TlaPropertyComparison {
  const runA = runProperty(a, name, kind);
  const runB = runProperty(b, name, kind);
  const differs = runA.status.status !== runB.status.status;
  const violating = differs ? (runA.status.status === 'violated' ? 'a' : runB.status.status === 'violated' ? 'b' : null) : null;
  const witness = violating ? witnessOf(violating, violating === 'a' ? runA : runB, violating === 'a' ? a : b, violating === 'a' ? b : a) : null;
  return { name, kind, a: runA.status, b: runB.status, differs, witness };
}

/** The model with only this property to check (`null`: none, the plain reachable-state search). */
function only(model: TlaModel, property: { name: string; kind: TlaPropertyKind } | null): TlaModel {
  const kind = property?.kind;
  return {
    ...model,
    invariants: kind === 'invariant' ? model.invariants.filter((i) => i.name === property!.name) : [],
    properties: kind === 'temporal property' ? model.properties.filter((p) => p.name === property!.name) : [],
    checkDeadlock: kind === 'deadlock',
  };
}

function runProperty(model: TlaModel, name: string, kind: TlaPropertyKind): Run {
  const declared = kind === 'invariant' ? model.invariants.some((i) => i.name === name) : kind === 'deadlock' ? model.checkDeadlock : model.properties.some((p) => p.name === name);
  if (!declared) return { status: { status: 'absent', traceLength: null, message: null }, trace: [], loopBack: null };
  try {
    const result = checkTlaModel(only(model, { name, kind }));
    if (result.verdict === 'ok') return { status: { status: 'holds', traceLength: null, message: null }, trace: [], loopBack: null };
    const violated = result.verdict === 'invariant' || result.verdict === 'deadlock' || result.verdict === 'property';
    const status = { status: violated ? ('violated' as const) : ('error' as const), traceLength: result.trace.length || null, message: result.message };
    return { status, trace: result.trace, loopBack: isLasso(result) ? result.loopBack! : null };
  } catch (error) {
    if (!(error instanceof VigilError)) throw error;
    return { status: { status: 'error', traceLength: null, message: error.message }, trace: [], loopBack: null };
  }
}

function witnessOf(side: 'a' | 'b', run: Run, model: TlaModel, other: TlaModel): TlaWitness {
  return { side, trace: run.trace, labels: traceLabels(model, splitActions(model), run.trace), loopBack: run.loopBack, replay: replayOn(other, run.trace, model.variables) };
}

/** Where the behaviour stops being one of `other`'s, or that every step is possible there too. */
function replayOn(other: TlaModel, trace: readonly (readonly Value[])[], variables: readonly string[]): string {
  try {
    const report = replayTla(other, tlaTraceToItf({}, variables, trace), 'the witness');
    if (!report.legal) return `the behaviours part: ${report.problem}`;
    const violated = report.violations.map((v) => v.property ?? v.kind);
    return `every step is possible there too${violated.length ? `, and it violates ${violated.join(', ')}` : ', and no invariant is violated on it'}`;
  } catch (error) {
    if (!(error instanceof VigilError)) throw error;
    return `it cannot be replayed there: ${error.message}`;
  }
}
