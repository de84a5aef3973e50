import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, VigilError } from '../errors.js';
import type { ModelIdentity } from './model-identity.js';
import type { RecordSnapshot } from '../search/search-record.js';
import { writeSnapshotFile, type SectionToWrite } from './snapshot-file.js';
import { DirectoryLock } from './directory-lock.js';

/** The file a checkpoint directory holds (the previous snapshot until a new one is renamed over it). */
export const SNAPSHOT_FILE = 'vigil-checkpoint.bin';
export const SNAPSHOT_FORMAT = 1;

export interface CheckpointWritten {
  readonly file: string;
  readonly bytes: number;
  readonly ms: number;
  readonly distinctStates: number;
}

/** What an engine hands over to be saved: plain counters, the search record, and typed-array sections. */
export interface SearchSnapshot {
  readonly counters: Readonly<Record<string, number>>;
  readonly record: RecordSnapshot;
  readonly sections: readonly SectionToWrite[];
}

/**
 * Decides when a snapshot is due and writes it. A failed write (a full disk, a
 * removed directory) is reported once per failure and the search goes on: the
 * previous snapshot is still whole, because writes are atomic.
 */
export class Checkpointer {
  private readonly file: string;
  private nextAt: number;
  private readonly lock: DirectoryLock;

  constructor(
    dir: string,
    private readonly intervalMs: number,
    private readonly identity: ModelIdentity,
    private readonly onWritten?: (info: CheckpointWritten) => void,
    private readonly onFailed?: (message: string) => void,
  ) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new VigilError(`--checkpoint ${dir}: cannot create the directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, ExitCode.system);
    }
    this.file = join(dir, SNAPSHOT_FILE);
    this.lock = DirectoryLock.acquire(dir, SNAPSHOT_FILE);
    this.nextAt = Date.now() + intervalMs;
  }

  /** The search has ended: another run may use the directory. */
  close(): void {
    this.lock.release();
  }

  due(now: number): boolean {
    return now >= this.nextAt;
  }

  /** Writes a snapshot now; the next one is due an interval after this one ends. */
  write(snapshot: SearchSnapshot, distinctStates: number): void {
    const started = Date.now();
    try {
      const header = { format: SNAPSHOT_FORMAT, identity: this.identity, counters: snapshot.counters, record: snapshot.record, writtenAt: new Date().toISOString() };
      const bytes = writeSnapshotFile(this.file, header, snapshot.sections);
      this.onWritten?.({ file: this.file, bytes, ms: Date.now() - started, distinctStates });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.onFailed?.(`checkpoint ${this.file}: the snapshot could not be written (${code}); the previous one is kept`);
    }
    this.nextAt = Date.now() + this.intervalMs;
  }
}
