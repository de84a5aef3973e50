import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSpec, type Spec } from '../../spec/spec.js';
import { check as checkSpec, type CheckOptions } from '../check.js';
import { SpecLoadError } from '../errors.js';
import { toJsonReport } from '../report/json.js';
import type { CoverageRow } from '../search/coverage.js';
import type { Verdict } from '../search/outcome.js';
import type { LassoLoop, LivenessStats, SymmetryReport } from '../result.js';

/** The `vigil check --json` report (conventions.md §6 plus Vigil's fields), typed. */
export interface JsonReport {
  readonly model: string;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly verdict: Verdict;
  readonly complete: boolean;
  readonly property: string | null;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly durationMs: number;
  readonly collisionProbability: { readonly optimistic: number; readonly actual: number | null };
  readonly trace: readonly { action: string; actor: string | undefined; params: unknown; state: Record<string, unknown> }[] | null;
  readonly exitCode: number;
  readonly bytesPerState: number;
  readonly message: string | null;
  readonly violations: readonly { verdict: Verdict; property: string | null; message: string; traceLength: number | null }[];
  readonly neverEnabled: readonly string[] | null;
  readonly coverage: readonly CoverageRow[] | null;
  /** A liveness counterexample's loop (null otherwise), warnings, and the liveness graph's size. */
  readonly loop: LassoLoop | null;
  readonly warnings: readonly string[];
  readonly liveness: LivenessStats | null;
  /** Present only when symmetry reduction was used. */
  readonly symmetry?: SymmetryReport;
}

/** What a test may set; the same meaning as the CLI flags. */
export type TestCheckOptions = Pick<CheckOptions, 'constants' | 'invariants' | 'checkDeadlock' | 'continueAfterViolation' | 'maxDepth' | 'maxTimeMs' | 'coverage'>;

/**
 * Checks a spec and returns what `vigil check --json` prints. Violations are data,
 * not exceptions; bad constants or a model that cannot be built throw a VigilError.
 */
export function check(spec: Spec, options: TestCheckOptions = {}): JsonReport {
  return toJsonReport(checkSpec(spec, options)) as unknown as JsonReport;
}

/** Imports a model file (.ts without a build step, or .js) and returns its default export. */
export async function loadModel(path: string): Promise<Spec> {
  if (/\.m?ts$/.test(path)) await import('../loader/register.js');
  const module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  if (!isSpec(module.default)) throw new SpecLoadError(`${path}: the default export is not a spec made with defineSpec()`);
  return module.default;
}
