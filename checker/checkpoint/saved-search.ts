import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Finding } from '../search/outcome.js';
import type { RecordSnapshot } from '../search/search-record.js';
import { SNAPSHOT_FILE, SNAPSHOT_FORMAT } from './checkpointer.js';
import { identityDifference, type ModelIdentity } from './model-identity.js';
import { readSnapshotFile, type Column } from './snapshot-file.js';

/**
 * A snapshot read back for a resume, with its identity checked against the run.
 * Everything in the file is treated as hostile: each counter and section is
 * checked for type and range before an engine uses it.
 */
export class SavedSearch {
  private constructor(
    private readonly file: string,
    private readonly counters: Readonly<Record<string, unknown>>,
    readonly record: RecordSnapshot,
    private readonly sections: ReadonlyMap<string, Column>,
  ) {}

  /** Reads DIR's snapshot and refuses it (exit 151) unless it was written for `identity`. */
  static load(dir: string, identity: ModelIdentity): SavedSearch {
    const file = join(dir, SNAPSHOT_FILE);
    const refuseIfForeign = (header: Record<string, unknown>) => {
      const difference = identityDifference(header.identity, identity);
      if (!difference) return;
      const hint = difference.startsWith('engine') ? '; resume a sequential snapshot without --workers, a parallel one with --workers N' : '';
      throw new ConfigError(`--resume ${dir}: the snapshot belongs to another check (${difference}${hint})`);
    };
    refuseIfForeign(peek(file).header);
    // Read again with every section verified (the file may have been replaced meanwhile).
    const { header, sections } = readSnapshotFile(file);
    refuseIfForeign(header);
    const counters = header.counters;
    if (typeof counters !== 'object' || counters === null) throw new ConfigError(`${file}: the snapshot has no counters`);
    return new SavedSearch(file, counters as Record<string, unknown>, checkedRecord(file, header.record), sections);
  }

  /** A counter that must be an integer in [min, max]. */
  counter(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.counters[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(`${this.file}: counter ${name} is missing or out of range`);
    }
    return value;
  }

  section(name: string, length?: number): Column {
    const column = this.sections.get(name);
    if (!column) throw new ConfigError(`${this.file}: section ${name} is missing`);
    if (length !== undefined && column.length !== length) throw new ConfigError(`${this.file}: section ${name} has ${column.length} entries, expected ${length}`);
    return column;
  }

  int32Section(name: string, length?: number): Int32Array {
    const column = this.section(name, length);
    if (!(column instanceof Int32Array)) throw new ConfigError(`${this.file}: section ${name} has the wrong element type`);
    return column;
  }

  /** Fails with one line naming the file (for checks an engine makes on the restored data). */
  corrupt(why: string): never {
    throw new ConfigError(`${this.file}: not a usable Vigil checkpoint (${why})`);
  }
}

/** Reads only what identifies a snapshot (the CLI uses it to find the model of `--resume DIR` alone). */
export function savedIdentity(dir: string): Partial<ModelIdentity> {
  const identity = peek(join(dir, SNAPSHOT_FILE)).header.identity;
  return typeof identity === 'object' && identity !== null ? (identity as Partial<ModelIdentity>) : {};
}

function peek(file: string): { header: Record<string, unknown> } {
  // The sections are verified only once the identity matches; reading them costs the most.
  const read = readSnapshotFile(file, false);
  if (read.header.format !== SNAPSHOT_FORMAT) throw new ConfigError(`${file}: snapshot format ${String(read.header.format)} is not supported (expected ${SNAPSHOT_FORMAT})`);
  return read;
}

const VERDICTS = new Set(['invariant', 'deadlock', 'action', 'possible', 'liveness', 'assertion', 'error']);

function checkedRecord(file: string, raw: unknown): RecordSnapshot {
  const bad = () => new ConfigError(`${file}: the saved search record is malformed`);
  const record = raw as Partial<RecordSnapshot> | null;
  if (typeof record !== 'object' || record === null) throw bad();
  const strings = (list: unknown) => Array.isArray(list) && list.every((s) => typeof s === 'string');
  if (!strings(record.reported) || !strings(record.satisfiedPossibles) || !Array.isArray(record.findings)) throw bad();
  for (const finding of record.findings as Finding[]) {
    if (typeof finding !== 'object' || finding === null || !VERDICTS.has(finding.verdict) || typeof finding.message !== 'string') throw bad();
    if (finding.property !== null && typeof finding.property !== 'string') throw bad();
    const trace = finding.trace;
    if (trace !== null && (typeof trace !== 'object' || !Number.isSafeInteger(trace.ordinal) || trace.ordinal < -1)) throw bad();
  }
  return record as RecordSnapshot;
}
