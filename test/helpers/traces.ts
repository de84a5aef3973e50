import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, prepare, statesFromItf, toItf, type CheckResult, type ItfTrace, type LoadedTrace } from '../../checker/index.js';
import type { Spec } from '../../spec/index.js';

/** The ITF `check --trace-out` writes for a result (as parsed JSON). */
export function itfOf(result: CheckResult): ItfTrace {
  const variables = Object.keys(result.trace![0]!.state);
  const itf = toItf({ model: result.model, constants: result.constants, verdict: result.verdict, property: result.property }, variables, result.trace!);
  return JSON.parse(JSON.stringify(itf)) as ItfTrace;
}

/** A counterexample of `spec` as ITF, ready to tamper with. */
export function counterexampleItf(spec: Spec, constants: Record<string, unknown> = {}): ItfTrace {
  return itfOf(check(spec, { constants }));
}

export function loaded(spec: Spec, itf: ItfTrace, constants: Record<string, unknown> = {}, file = 'cex.itf.json'): LoadedTrace {
  return statesFromItf(prepare(spec, constants).runtime.def.schema, itf, file);
}

/** Writes `itf` into a fresh temporary directory and returns the file path. */
export function writeTemp(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-test-')), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
