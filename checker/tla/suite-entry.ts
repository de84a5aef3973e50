import type { CheckResult } from '../result.js';
import { tlaCheckResult } from './json-result.js';
import { loadTlaModel } from './model.js';
import { searchTla } from './search.js';

/**
 * A suite entry whose model is a `.tla` file: checked as `vigil check Spec.tla
 * [--config Model.cfg] [--no-deadlock]` would, as a CheckResult, so the suite's
 * expectations, JUnit and JSON treat it like any other entry. Constants,
 * invariants and the rest come from the .cfg file, as with TLC.
 */
export interface TlaSuiteEntry {
  readonly model: string;
  readonly config?: string;
  readonly deadlock?: boolean;
}

/** The entry fields a .tla entry cannot honour (its .cfg says these things). */
export const FIELDS_FOR_DSL_ONLY = ['constants', 'invariants', 'maxDepth', 'symmetry'] as const;

export async function checkTlaEntry(entry: TlaSuiteEntry): Promise<CheckResult> {
  const model = await loadTlaModel(entry.model, entry.config);
  // `deadlock:` overrides the .cfg's CHECK_DEADLOCK either way.
  const run = entry.deadlock === undefined ? model : { ...model, checkDeadlock: entry.deadlock };
  const started = Date.now();
  const result = searchTla(run);
  return tlaCheckResult(run, result, Date.now() - started);
}
