import { toJsonReport } from '../report/json.js';
import type { CheckResult } from '../result.js';
import type { Verdict } from '../search/outcome.js';
import type { TraceStep } from '../trace/trace.js';
import { tlaToItf } from './itf.js';
import { cfgValue, type TlaModel } from './model.js';
import type { TlaSearchResult } from './search.js';
import { ModelValue, type Value } from './values.js';

/**
 * A TLA+ run as the DSL's CheckResult, so `--json` (and later the reports) use
 * the same code and fields as every other check (conventions.md §6). Values are
 * written in their ITF form (`{"#bigint": "2"}`, `{"#set": [...]}`): exact, and
 * the same as in a `--trace-out` file. TLA+ adds the verdict `assumption`
 * (exit 10), and the fields spec, config and uncheckedProperties.
 */
export function tlaCheckResult(model: TlaModel, result: TlaSearchResult, durationMs: number): CheckResult {
  const property = result.violated ?? null;
  // A PROPERTY violation is the DSL's `liveness` verdict, with its lasso's loop.
  const verdict = (result.verdict === 'property' ? 'liveness' : result.verdict) as Verdict;
  const loop = result.loopBack === undefined ? undefined : { start: result.loopBack >= 0 ? result.loopBack : result.trace.length - 1, stuttering: result.loopBack < 0, action: result.loopBack >= 0 ? 'Next' : null };
  return {
    model: model.spec.root.name,
    constants: tlaConstants(model),
    verdict,
    ...(loop ? { loop } : {}),
    // The search keeps every state's full canonical key: no fingerprints, so nothing is lost to a collision.
    complete: result.verdict !== 'error' && result.cut === undefined,
    property,
    distinctStates: result.distinct,
    generatedStates: result.generated,
    depth: result.depth,
    queueLeft: result.queueLeft,
    durationMs,
    collisionProbability: { optimistic: 0, actual: null },
    trace: result.trace.length > 0 ? tlaTraceSteps(model.variables, result.trace) : null,
    exitCode: result.exitCode,
    bytesPerState: 0,
    message: result.message,
    violations: result.verdict === 'ok' || result.verdict === 'incomplete' ? [] : [{ verdict, property, message: result.message, traceLength: result.trace.length || null }],
    neverEnabled: null,
    coverage: null,
  };
}

/** `skipped`: the PROPERTY names left unchecked on request (--no-liveness). */
export function tlaJsonResult(model: TlaModel, result: TlaSearchResult, durationMs: number, skipped: readonly string[] = []): Record<string, unknown> {
  return {
    ...toJsonReport(tlaCheckResult(model, result, durationMs)),
    spec: model.spec.file,
    config: model.config.file,
    checkedProperties: model.properties.map((p) => p.name),
    uncheckedProperties: skipped,
  };
}

/** Each state of a TLA+ behaviour as a trace step; TLC names the steps only by the next-state action. */
export function tlaTraceSteps(variables: readonly string[], states: readonly (readonly Value[])[], write: (value: Value) => unknown = tlaToItf): TraceStep[] {
  return states.map((state, i) => ({
    action: i === 0 ? 'Init' : 'Next',
    actor: null,
    params: {},
    state: Object.fromEntries(variables.map((name, v) => [name, write(state[v]!)])),
  }));
}

/** The constants the configuration gives values (substitutions `<-` are definitions, not values). */
export function tlaConstants(model: TlaModel, write: (value: Value) => unknown = tlaToItf): Record<string, unknown> {
  const byName = new Map(model.modelValues.map((mv) => [mv.name, mv]));
  return Object.fromEntries(model.config.constants.map((c) => [c.name, write(cfgValue(c.value, (name) => byName.get(name) ?? new ModelValue(name, -1)))]));
}
