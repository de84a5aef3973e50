/**
 * Vigil's public DSL. Everything a model author needs is imported from here;
 * nothing else in spec/ is public.
 */
import { assert, AssertionViolation } from './assert.js';
import { boolConst, enumConst, intConst } from './constants.js';
import { FSet } from './fset.js';
import { model, ModelBuilder } from './model.js';
import { defineSpec, isSpec } from './spec.js';
import { bool, enumOf, int, map, oneOf, record, seq, set, tuple } from './types.js';
import { Universe } from './universe.js';
import { canonicalKey } from './canonical.js';
import { modelValuesConst } from './model-values.js';

/** Type descriptors for state variables. */
export const t = { bool, int, enum: enumOf, oneOf, record, map, set, tuple, seq } as const;
/** Constant declarations. */
export const c = { int: intConst, bool: boolConst, enum: enumConst, modelValues: modelValuesConst } as const;

/** Inclusive integer range lo..hi as an array (TLA+ `lo..hi`). */
export function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

export { assert, AssertionViolation, canonicalKey, defineSpec, FSet, isSpec, model, ModelBuilder, Universe };
export { subsets } from './subsets.js';
export { withSymmetry } from './symmetry.js';
export { always, and, eventually, eventuallyAlways, holds, implies, infinitelyOften, infinitelyOftenTaken, leadsTo, not, or, stabilizesWhen, stepWhere, taken, until } from './temporal.js';
export type { FormulaOrPredicate, GeneralFormula, StatePredicate, StepPredicate, TemporalFormula, TemporalPropertyDef } from './temporal.js';
export type { FairnessCondition, FairnessDef, FairnessKind, FairnessTarget } from './fairness.js';
export type { ConstDecl, ConstantsOf } from './constants.js';
export type {
  ActionDef,
  ActionPropertyDef,
  InitDef,
  ModelDef,
  ParamDomains,
  ParamSource,
  StatePropertyDef,
} from './definitions.js';
export type { ActionOptions } from './model.js';
export type { FoldDef, Presentation, TrackDef, TrackKind } from './presentation.js';
export type { SymmetryDecl } from './symmetry.js';
export type { ProcessOptions, ProcessState, ProcessStep, ProcessSteps, ProcessVariable } from './process.js';
export type { Spec, SpecDefinition } from './spec.js';
export type { AnyType, Key, StateOf, Type, TypeOf } from './types.js';
