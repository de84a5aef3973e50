import type { ModelDef } from '../spec/definitions.js';
import type { Spec } from '../spec/spec.js';
import { check, prepare } from './check.js';
import { initialStep } from './explorer/path.js';
import type { SearchGoal, SearchResult } from './explorer/search.js';
import { fastSearchGoals } from './explorer/fast-goal-search.js';
import type { CheckResult, LassoLoop, ViolationSummary } from './result.js';
import type { RuntimeModel } from './runtime-model.js';
import type { TraceStep } from './trace/trace.js';
import { replayWitness, type WitnessReplay } from './compare-replay.js';

/**
 * Two configurations of one model, property by property: `check` runs once per
 * configuration with `continueAfterViolation` (so it records the first violation
 * of every property), and wherever the verdicts differ the comparison carries a
 * shortest witness from the configuration that shows the difference: a
 * counterexample where a property is violated, or, for a "possible" property, an
 * example state where it is satisfied.
 */
export interface Configuration {
  /** How the configuration is shown: `variant=RFC2`. */
  readonly label: string;
  readonly constants: Readonly<Record<string, unknown>>;
}

export type PropertyKind = 'invariant' | 'action property' | 'possible' | 'deadlock' | 'assertion' | 'temporal property';

export interface PropertyStatus {
  /** `absent`: the configuration's model does not declare the property. */
  readonly status: 'holds' | 'violated' | 'unknown' | 'absent';
  readonly traceLength: number | null;
  /** Why a status is unknown. */
  readonly note: string | null;
  /** The checker's message for a violation (a failed assertion's own message). */
  readonly message?: string | null;
  /**
   * `checker`: the check's own verdict. `search`: the check stopped early (an
   * evaluation error ends even a --continue search; failed step assertions do
   * not), so a plain breadth-first search settled it, treating failing steps as
   * dead ends.
   */
  readonly decidedBy: 'checker' | 'search';
}

export interface Witness {
  readonly side: 'a' | 'b';
  readonly kind: 'counterexample' | 'example';
  /** Null when none was found within the search limit (see `note`). */
  readonly trace: readonly TraceStep[] | null;
  readonly note: string | null;
  /** The same steps replayed on the other configuration: where the behaviours part. */
  readonly replay?: WitnessReplay | null;
  /** For a temporal property's counterexample (a lasso): where its loop returns. */
  readonly loop?: LassoLoop | null;
}

export interface PropertyComparison {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string | null;
  readonly a: PropertyStatus;
  readonly b: PropertyStatus;
  readonly differs: boolean;
  readonly witness: Witness | null;
}

export interface ConfigurationRun extends Configuration {
  readonly result: CheckResult;
}

export interface Comparison {
  readonly model: string;
  readonly a: ConfigurationRun;
  readonly b: ConfigurationRun;
  readonly properties: readonly PropertyComparison[];
}

export interface CompareOptions {
  /** Distinct states a witness search may visit; @defaultValue 1 000 000 */
  readonly maxWitnessStates?: number;
}

interface PropertyRef {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string | null;
}

interface Side {
  readonly run: ConfigurationRun;
  readonly runtime: RuntimeModel<any>;
  readonly properties: readonly PropertyRef[];
}

export function compareConfigurations(spec: Spec, a: Configuration, b: Configuration, options: CompareOptions = {}): Comparison {
  const sides = { a: runSide(spec, a), b: runSide(spec, b) };
  const union = unionOf(sides.a.properties, sides.b.properties);
  const found = { a: new Map<string, readonly TraceStep[]>(), b: new Map<string, readonly TraceStep[]>() };
  const statuses = {
    a: settleUnknowns(union, union.map((p) => statusOf(p, sides.a)), sides.a, found.a, options),
    b: settleUnknowns(union, union.map((p) => statusOf(p, sides.b)), sides.b, found.b, options),
  };
  const differs = union.map((_, i) => statuses.a[i]!.status !== statuses.b[i]!.status && statuses.a[i]!.status !== 'unknown' && statuses.b[i]!.status !== 'unknown');
  const witnesses = union.map((property, i) => (differs[i] ? witnessFor(property, statuses.a[i]!, statuses.b[i]!, sides, found) : null));
  fillMissingTraces(union, witnesses, sides, options);
  for (const [i, witness] of witnesses.entries()) {
    if (!witness?.trace) continue;
    const lasso = witness.loop ? { loop: witness.loop.stuttering ? witness.trace.length - 1 : witness.loop.start, property: union[i]!.name } : undefined;
    witnesses[i] = { ...witness, replay: replayWitness(sides[witness.side === 'a' ? 'b' : 'a'].runtime, witness.trace, lasso) };
  }
  const properties = union.map((property, i) => ({ ...property, a: statuses.a[i]!, b: statuses.b[i]!, differs: differs[i]!, witness: witnesses[i] ?? null }));
  return { model: spec.name, a: sides.a.run, b: sides.b.run, properties };
}

function runSide(spec: Spec, configuration: Configuration): Side {
  const result = check(spec, { constants: configuration.constants, continueAfterViolation: true });
  const { runtime } = prepare(spec, configuration.constants);
  return { run: { ...configuration, result }, runtime, properties: propertiesOf(runtime.def) };
}

function propertiesOf(def: ModelDef<any>): PropertyRef[] {
  const ref = (kind: PropertyKind) => (p: { name: string; description?: string }) => ({ name: p.name, kind, description: p.description ?? null });
  return [
    ...def.invariants.map(ref('invariant')),
    ...def.actionProperties.map(ref('action property')),
    ...def.possibles.map(ref('possible')),
    ...def.assertions.map(ref('assertion')),
    ...(def.checkDeadlock ? [{ name: 'deadlock', kind: 'deadlock' as const, description: 'some step is always enabled (or the state is terminal)' }] : []),
    ...(def.temporal ?? []).flatMap((p) => p.instances.map((i) => ({ name: i.name, kind: 'temporal property' as const, description: p.description ?? null }))),
  ];
}

function unionOf(first: readonly PropertyRef[], second: readonly PropertyRef[]): PropertyRef[] {
  const seen = new Set(first.map(keyOf));
  return [...first, ...second.filter((p) => !seen.has(keyOf(p)))];
}

const VERDICT_OF: Readonly<Record<PropertyKind, string>> = {
  invariant: 'invariant',
  'action property': 'action',
  possible: 'possible',
  deadlock: 'deadlock',
  assertion: 'assertion',
  'temporal property': 'liveness',
};

function findingFor(property: PropertyRef, violations: readonly ViolationSummary[]): ViolationSummary | undefined {
  // A temporal `[]P` is reported as an invariant violation under the instance's name.
  const temporal = property.kind === 'temporal property';
  return violations.find((v) => (v.verdict === VERDICT_OF[property.kind] || (temporal && v.verdict === 'invariant')) && (property.kind === 'deadlock' || v.property === property.name));
}

function statusOf(property: PropertyRef, side: Side): PropertyStatus {
  if (!side.properties.some((p) => p.kind === property.kind && p.name === property.name)) return { status: 'absent', traceLength: null, note: null, decidedBy: 'checker' };
  const result = side.run.result;
  const finding = findingFor(property, result.violations);
  if (finding) return { status: 'violated', traceLength: finding.traceLength, note: null, decidedBy: 'checker', message: finding.message };
  // An evaluation error ends even a --continue search (failed assertions are skipped steps).
  const stopper = result.violations.find((v) => v.verdict === 'error');
  if (stopper) return { status: 'unknown', traceLength: null, note: `the check stopped early: ${stopper.message}`, decidedBy: 'checker' };
  if (!result.complete) return { status: 'unknown', traceLength: null, note: 'the check was not exhaustive', decidedBy: 'checker' };
  if (property.kind === 'temporal property' && !result.liveness) return { status: 'unknown', traceLength: null, note: 'temporal properties were not checked: the safety search stopped first', decidedBy: 'checker' };
  return { status: 'holds', traceLength: null, note: null, decidedBy: 'checker' };
}

/**
 * Properties the check left undecided, settled by one multi-goal search: a goal
 * met is a violation (or, for a possible property, satisfaction) with its shortest
 * trace kept in `found`; a search that explored everything decides the opposite.
 */
function settleUnknowns(properties: readonly PropertyRef[], statuses: PropertyStatus[], side: Side, found: Map<string, readonly TraceStep[]>, options: CompareOptions): PropertyStatus[] {
  // A plain search finds states and steps, not fair cycles: temporal properties stay as the check left them.
  const open = properties.filter((p, i) => statuses[i]!.status === 'unknown' && p.kind !== 'temporal property');
  if (open.length === 0) return statuses;
  const results = searchFor(side, open, options);
  return statuses.map((status, i) => {
    const result = results.get(keyOf(properties[i]!));
    if (!result) return status;
    const showing = properties[i]!.kind === 'possible' ? 'holds' : 'violated';
    const opposite = showing === 'holds' ? 'violated' : 'holds';
    if (result.found) found.set(keyOf(properties[i]!), result.steps);
    if (result.found) return { status: showing, traceLength: showing === 'violated' ? result.steps.length : null, note: null, decidedBy: 'search' };
    if (result.exhausted) return { status: opposite, traceLength: null, note: null, decidedBy: 'search' };
    return { ...status, note: `${status.note}; a plain search found ${result.reason}` };
  });
}

function witnessFor(property: PropertyRef, a: PropertyStatus, b: PropertyStatus, sides: { a: Side; b: Side }, found: { a: Map<string, readonly TraceStep[]>; b: Map<string, readonly TraceStep[]> }): Witness | null {
  // A possible property is witnessed where it holds (an example); the others where they are violated.
  const showing = property.kind === 'possible' ? 'holds' : 'violated';
  const sideName = a.status === showing ? 'a' : b.status === showing ? 'b' : null;
  if (sideName === null) return null;
  const kind = property.kind === 'possible' ? 'example' : 'counterexample';
  const result = sides[sideName].run.result;
  const trace = found[sideName].get(keyOf(property)) ?? firstFindingTrace(property, result);
  if (property.kind === 'temporal property') {
    const note = trace ? null : 'the check keeps the lasso of its first violation only: check this configuration alone to see it';
    return { side: sideName, kind, trace, note, loop: trace ? (result.loop ?? null) : null };
  }
  return { side: sideName, kind, trace, note: null };
}

/** Witnesses the engine did not keep: one multi-goal search per side. */
function fillMissingTraces(properties: readonly PropertyRef[], witnesses: (Witness | null)[], sides: { a: Side; b: Side }, options: CompareOptions): void {
  for (const sideName of ['a', 'b'] as const) {
    const wanted = properties.filter((p, i) => witnesses[i]?.side === sideName && witnesses[i]!.trace === null && p.kind !== 'temporal property');
    if (wanted.length === 0) continue;
    const results = searchFor(sides[sideName], wanted, options);
    properties.forEach((property, i) => {
      const result = results.get(keyOf(property));
      if (!result || witnesses[i]?.side !== sideName) return;
      witnesses[i] = result.found ? { ...witnesses[i]!, trace: result.steps } : { ...witnesses[i]!, note: result.reason };
    });
  }
}

function searchFor(side: Side, properties: readonly PropertyRef[], options: CompareOptions): Map<string, SearchResult> {
  const starts = side.runtime.initialStates().map((_, i) => initialStep(side.runtime, i));
  const goals = new Map(properties.map((p) => [keyOf(p), goalFor(p, side.runtime.def)]));
  return fastSearchGoals(side.runtime, starts, goals, { maxStates: options.maxWitnessStates ?? 1_000_000 });
}

function keyOf(property: PropertyRef): string {
  return `${property.kind}:${property.name}`;
}

/** The engine keeps the trace of its first finding only; reuse it when it is this property's. */
function firstFindingTrace(property: PropertyRef, result: CheckResult): readonly TraceStep[] | null {
  const first = result.violations[0];
  return first && result.trace && findingFor(property, [first]) ? result.trace : null;
}

function goalFor(property: PropertyRef, def: ModelDef<any>): SearchGoal<any> {
  switch (property.kind) {
    case 'invariant': {
      const invariant = def.invariants.find((p) => p.name === property.name)!;
      return { state: (s) => !invariant.holds(s) };
    }
    case 'action property': {
      const action = def.actionProperties.find((p) => p.name === property.name)!;
      return { step: (s, next) => !action.holds(s, next) };
    }
    case 'possible': {
      const possible = def.possibles.find((p) => p.name === property.name)!;
      return { state: (s) => possible.holds(s) };
    }
    case 'deadlock':
      return { deadlock: true };
    case 'assertion':
      return { failure: (f) => f.assertion === property.name };
    case 'temporal property':
      throw new Error('internal error: a temporal property has no search goal');
  }
}
