import { sourceOf, type DeclarationSite, type SourceLocation } from '../../spec/source-location.js';
import type { TemporalFormula, TemporalPropertyDef } from '../../spec/temporal.js';
import type { CheckResult } from '../result.js';
import { formatStep, type RuntimeModel, type StepRef } from '../runtime-model.js';
import { formatValue } from '../state/format-value.js';
import { cloneState } from '../state/typed-states.js';
import type { TraceStep } from '../trace/trace.js';
import { recordPaths, type PathRead } from './read-paths.js';

/**
 * Why the last state of a counterexample breaks its property: the property's
 * definition (source text and file:line) and the state variables it read, with
 * their values. Reads are recorded with a Proxy over the trace's states, which
 * runs only here, on a handful of trace states, never in the search. A step
 * assertion is explained by re-running the failing step: the `assert` call's
 * line, its message, and what the step read.
 */
export interface Explanation {
  readonly property: string;
  readonly kind: 'invariant' | 'action property' | 'assertion';
  /** `!(s.engaged && s.mapped)`: the predicate's body, or the message of a failed assertion. */
  readonly definition: string;
  readonly source: SourceLocation | null;
  /** Variables read, in reading order, with their values in the violating state. */
  readonly reads: readonly { readonly variable: string; readonly value: string }[];
  /** For an invariant: the parts of the state it read, field by field (`P[0].pc`), with their values. */
  readonly paths?: readonly PathRead[];
  /** For an assertion: its message. */
  readonly message: string | null;
}

export function explainViolation(model: RuntimeModel<any>, result: Pick<CheckResult, 'verdict' | 'property' | 'trace'>): Explanation | null {
  const trace = result.trace;
  if (!trace || trace.length === 0 || !result.property) return null;
  const last = trace[trace.length - 1]!.state;
  const previous = trace.length > 1 ? trace[trace.length - 2]!.state : undefined;
  const def = model.def;
  if (result.verdict === 'invariant') {
    const property = def.invariants.find((p) => p.name === result.property) ?? temporalAlways(def.temporal ?? [], result.property, last);
    if (!property) return null;
    const reads = recordReads([last], ([s]) => property.holds(s!));
    const paths = recordPaths(last, (s) => property.holds(s)).reads;
    return { property: property.name, kind: 'invariant', definition: bodyOf(property.holds), source: sourceOf(property.site), reads: shown(reads, last), paths, message: null };
  }
  if (result.verdict === 'action' && previous) {
    const property = def.actionProperties.find((p) => p.name === result.property);
    if (!property) return null;
    const reads = recordReads([previous, last], ([s, next]) => property.holds(s!, next!));
    return { property: property.name, kind: 'action property', definition: bodyOf(property.holds), source: sourceOf(property.site), reads: shown(reads, last), message: null };
  }
  if (result.verdict === 'assertion' && previous) return explainAssertion(model, result.property, trace[trace.length - 1]!, previous);
  return null;
}

/** A temporal property's `always(P)` (reported as an invariant under the instance's name): the P that fails in `last`. */
function temporalAlways(properties: readonly TemporalPropertyDef<any>[], name: string, last: Readonly<Record<string, unknown>>): { name: string; holds: (s: any) => boolean; site?: DeclarationSite } | undefined {
  const property = properties.find((p) => p.instances.some((i) => i.name === name));
  const instance = property?.instances.find((i) => i.name === name);
  if (!property || !instance) return undefined;
  const parts: TemporalFormula<any>[] = [instance.formula];
  for (let i = 0; i < parts.length; i++) {
    const f = parts[i]!;
    if (f.kind === 'and') parts.push(...f.parts);
    if (f.kind === 'implies') parts.push(f.then);
    if (f.kind === 'always' && !f.p(last)) return { name, holds: f.p, site: property.site };
  }
  return undefined;
}

/** Re-runs the failing step on a recording copy of its start state. */
function explainAssertion(model: RuntimeModel<any>, name: string, failed: TraceStep, before: Readonly<Record<string, unknown>>): Explanation | null {
  const step = [...model.stepsOf(before as never)].find((s) => formatStep(s) === failed.action);
  if (!step) return null;
  let thrown: unknown = null;
  const reads = recordReads([before, cloneState(before)], ([current, draft]) => {
    try {
      if (step.action.when && !step.action.when(current!, step.params)) return;
      step.action.effect(draft as never, step.params, current!);
    } catch (error) {
      thrown = error;
    }
  });
  const error = thrown as { property?: string; detail?: string; message?: string; stack?: string } | null;
  if (!error || error.property !== name) return null;
  return {
    property: name,
    kind: 'assertion',
    definition: error.detail ?? error.message ?? name,
    source: throwSite(error.stack ?? '', name) ?? sourceOf(step.action.site),
    reads: shown(reads, before),
    message: error.message ?? null,
  };
}

/** Runs `body` over proxies of `states` and returns the top-level variables it read, in order. */
export function recordReads(states: readonly Readonly<Record<string, unknown>>[], body: (proxies: Record<string, unknown>[]) => unknown): string[] {
  const read: string[] = [];
  const proxies = states.map(
    (state) =>
      new Proxy(state as Record<string, unknown>, {
        get(target, key, receiver) {
          if (typeof key === 'string' && Object.hasOwn(target, key) && !read.includes(key)) read.push(key);
          return Reflect.get(target, key, receiver);
        },
      }),
  );
  try {
    body(proxies);
  } catch {
    // A throwing predicate still read what it read.
  }
  return read;
}

function shown(reads: readonly string[], state: Readonly<Record<string, unknown>>): { variable: string; value: string }[] {
  return reads.map((variable) => ({ variable, value: formatValue(state[variable]) }));
}

/** `(s) => !(s.engaged && s.mapped)` → `!(s.engaged && s.mapped)`. */
export function bodyOf(fn: Function): string {
  const text = String(fn).trim();
  const arrow = /^(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>\s*([\s\S]*)$/.exec(text);
  const body = arrow ? arrow[1]!.trim() : text;
  return body.replace(/\s+/g, ' ');
}

/** The model line of an `assert(...)` that threw: the first frame outside the DSL and the checker. */
function throwSite(stack: string, name: string): SourceLocation | null {
  const frame = stack.split('\n').slice(1).find((line) => /\/models\/|\.m?js:\d+:\d+\)?$/.test(line) && !/\/(spec|checker)\//.test(line));
  if (!frame) return null;
  const match = /((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?\s*$/.exec(frame);
  if (!match) return null;
  const file = match[1]!.replace(/^file:\/\//, '');
  const site = { stack: `Error\n    at ${file}:${match[2]}:1`, token: name, kind: 'name' as const };
  return sourceOf(site) ?? { file, line: Number(match[2]) };
}

export type { StepRef };
