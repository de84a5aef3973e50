import { dirname, resolve as resolvePath } from 'node:path';
import type { Spec } from '../../spec/spec.js';
import { check } from '../check.js';
import { ConfigError, VigilError } from '../errors.js';
import type { Verdict } from '../search/outcome.js';
import type { CheckResult } from '../result.js';
import { checkTlaEntry, FIELDS_FOR_DSL_ONLY } from '../tla/suite-entry.js';
import { parseRunConfig, RUN_CONFIG_FIELDS, type RunConfig } from './run-config.js';
import { FieldReader, readYamlFile } from './yaml-file.js';

/**
 * Suites: many checks, each with its expected outcome. A suite passes iff every
 * entry's expectation is met; an entry that is expected to fail and does fail,
 * with the expected property, is a pass.
 */
export interface Expectation {
  readonly verdict: Verdict;
  readonly property?: string | null;
  readonly traceLength?: number;
  readonly distinctStates?: number;
  readonly generatedStates?: number;
  readonly depth?: number;
}

export interface SuiteEntry extends RunConfig {
  readonly name: string;
  /** A `.tla` model's configuration file (default: the .cfg beside the spec, as TLC). */
  readonly config?: string;
  readonly expect: Expectation;
  /** Why the entry could not be read (a missing expect:, a bad field): it is reported as an error and not run. */
  readonly problem?: string;
}

export interface Suite {
  readonly file: string;
  readonly name: string;
  readonly entries: readonly SuiteEntry[];
}

export interface EntryOutcome {
  readonly entry: SuiteEntry;
  readonly result: CheckResult | null;
  /** The error line when the check could not run (bad constant, load failure). */
  readonly error: string | null;
  readonly mismatches: readonly string[];
  readonly passed: boolean;
}

export interface SuiteOutcome {
  readonly suite: Suite;
  readonly entries: readonly EntryOutcome[];
  readonly passed: boolean;
  readonly durationMs: number;
}

export type SpecResolver = (reference: string) => Promise<Spec>;

const VERDICTS: readonly Verdict[] = ['ok', 'invariant', 'deadlock', 'action', 'possible', 'liveness', 'assertion', 'incomplete', 'error'];
const EXPECT_FIELDS = ['verdict', 'property', 'traceLength', 'distinctStates', 'generatedStates', 'depth'] as const;

export function readSuite(file: string): Suite {
  const root = new FieldReader(file, '', readYamlFile(file)).onlyKeys(['name', 'entries']);
  const entries = root.field('entries').array().map((item, index) => parseEntryOrProblem(item, index, dirname(file)));
  if (entries.length === 0) throw new ConfigError(`${file}: entries: the suite has no entries`);
  // Nothing would run: refuse the suite with its first problem rather than report only errors.
  if (entries.every((entry) => entry.problem !== undefined)) throw new ConfigError(entries[0]!.problem!);
  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new ConfigError(`${file}: entries: duplicate entry name "${entry.name}"`);
    names.add(entry.name);
  }
  return { file, name: root.field('name').optionalString() ?? file, entries };
}

/** A malformed entry does not sink the suite: it becomes an error entry, the others run. */
function parseEntryOrProblem(item: FieldReader, index: number, baseDir: string): SuiteEntry {
  try {
    return parseEntry(item, baseDir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const named = item.value !== null && typeof item.value === 'object' ? (item.value as Record<string, unknown>).name : undefined;
    const name = typeof named === 'string' && named !== '' ? named : `entries[${index}]`;
    return { model: '', constants: {}, name, expect: { verdict: 'error' }, problem: error.message };
  }
}

function parseEntry(item: FieldReader, baseDir: string): SuiteEntry {
  item.onlyKeys(['name', 'expect', 'config', ...RUN_CONFIG_FIELDS]);
  const config = parseRunConfig(item, baseDir);
  const cfg = item.field('config');
  if (!config.model.endsWith('.tla')) {
    if (cfg.present) cfg.fail('only a .tla model takes a config file');
  } else {
    // The .cfg says what these would: refused rather than silently ignored.
    for (const field of FIELDS_FOR_DSL_ONLY) if (item.field(field).present) item.field(field).fail('a .tla model takes this from its .cfg file');
  }
  return {
    ...config,
    ...(cfg.present ? { config: resolvePath(baseDir, cfg.string()) } : {}),
    name: item.field('name').optionalString() ?? config.model,
    expect: parseExpectation(item.field('expect')),
  };
}

function parseExpectation(reader: FieldReader): Expectation {
  if (typeof reader.value === 'string') return { verdict: verdictOf(reader) };
  reader.onlyKeys(EXPECT_FIELDS);
  const property = reader.field('property');
  return {
    verdict: verdictOf(reader.field('verdict')),
    property: property.present ? property.string() : undefined,
    traceLength: reader.field('traceLength').optionalNumber(),
    distinctStates: reader.field('distinctStates').optionalNumber(),
    generatedStates: reader.field('generatedStates').optionalNumber(),
    depth: reader.field('depth').optionalNumber(),
  };
}

function verdictOf(reader: FieldReader): Verdict {
  const text = reader.string();
  if (!VERDICTS.includes(text as Verdict)) reader.fail(`unknown verdict (one of ${VERDICTS.join(', ')})`);
  return text as Verdict;
}

export async function runSuite(suite: Suite, resolve: SpecResolver, onEntry?: (outcome: EntryOutcome) => void): Promise<SuiteOutcome> {
  const started = Date.now();
  const entries: EntryOutcome[] = [];
  for (const entry of suite.entries) {
    const outcome = await runEntry(entry, resolve);
    entries.push(outcome);
    onEntry?.(outcome);
  }
  return { suite, entries, passed: entries.every((e) => e.passed), durationMs: Date.now() - started };
}

async function runEntry(entry: SuiteEntry, resolve: SpecResolver): Promise<EntryOutcome> {
  if (entry.problem !== undefined) return { entry, result: null, error: entry.problem, mismatches: [entry.problem], passed: false };
  try {
    const result = entry.model.endsWith('.tla')
      ? await checkTlaEntry(entry)
      : check(await resolve(entry.model), {
          constants: entry.constants,
          invariants: entry.invariants,
          checkDeadlock: entry.deadlock,
          maxDepth: entry.maxDepth,
          symmetry: entry.symmetry,
        });
    const mismatches = compare(entry.expect, result);
    return { entry, result, error: null, mismatches, passed: mismatches.length === 0 };
  } catch (error) {
    // Whatever went wrong is this entry's failure: the suite goes on, and JUnit records it.
    const message = error instanceof VigilError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { entry, result: null, error: message, mismatches: [message], passed: false };
  }
}

/** Each unmet expectation as a sentence: `expected property S1, got S4`. */
export function compare(expect: Expectation, result: CheckResult): string[] {
  const mismatches: string[] = [];
  const want = <T>(label: string, expected: T | undefined, actual: T) => {
    if (expected !== undefined && expected !== actual) mismatches.push(`expected ${label} ${String(expected)}, got ${String(actual)}`);
  };
  want('verdict', expect.verdict, result.verdict);
  want('property', expect.property, result.property);
  want('trace length', expect.traceLength, result.trace?.length ?? null);
  want('distinct states', expect.distinctStates, result.distinctStates);
  want('generated states', expect.generatedStates, result.generatedStates);
  want('depth', expect.depth, result.depth);
  return mismatches;
}
