import { FSet } from '../../spec/fset.js';
import { searchedEverything, type CheckResult } from '../result.js';

/**
 * The `--json` report: the CheckResult with states made JSON-safe (sets become
 * sorted member arrays in universe order). Field order follows conventions.md §6.
 */
export function toJsonReport(result: CheckResult): Record<string, unknown> {
  return {
    model: result.model,
    constants: result.constants,
    verdict: result.verdict,
    complete: searchedEverything(result),
    property: result.property,
    distinctStates: result.distinctStates,
    generatedStates: result.generatedStates,
    depth: result.depth,
    queueLeft: result.queueLeft,
    durationMs: result.durationMs,
    collisionProbability: result.collisionProbability,
    trace: result.trace ? result.trace.map((step) => ({ action: step.action, actor: step.actor, params: plain(step.params), state: plain(step.state) })) : null,
    exitCode: result.exitCode,
    bytesPerState: result.bytesPerState,
    message: result.message,
    violations: result.violations,
    neverEnabled: result.neverEnabled,
    coverage: result.coverage,
    ...(result.symmetry ? { symmetry: result.symmetry } : {}),
    // Liveness additions: the lasso's loop (start is a 0-based trace index), warnings, graph size.
    loop: result.loop ?? null,
    warnings: result.warnings ?? [],
    liveness: result.liveness ?? null,
    ...(result.queueSpill ? { queueSpill: result.queueSpill } : {}),
  };
}

/** A JSON-safe copy of a model value. */
export function plain(value: unknown): unknown {
  if (value instanceof FSet) return value.toArray().map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  // JSON has no NaN or Infinity (JSON.stringify would write null): say which it was.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
