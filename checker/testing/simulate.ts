import type { Spec } from '../../spec/spec.js';
import { toJsonReport } from '../report/json.js';
import { simulate as simulateSpec, type SimulateOptions, type SimulationStats } from '../simulate/simulate.js';
import type { JsonReport } from './check.js';

/** Random-walk simulation of a spec (as `vigil simulate --json`); pass a `seed` to make a test repeatable. */
export function simulate(spec: Spec, options: SimulateOptions = {}): JsonReport & { readonly simulation: SimulationStats } {
  const result = simulateSpec(spec, options);
  return { ...(toJsonReport(result) as unknown as JsonReport), simulation: result.simulation };
}
