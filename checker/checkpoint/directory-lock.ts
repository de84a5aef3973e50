import { closeSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { writeFully } from '../files/complete-write.js';

const LOCK_FILE = 'vigil-checkpoint.lock';
/** Directories this process holds (a lock file with this process's id but not in here is left over). */
const held = new Set<string>();

/**
 * One writer per checkpoint directory: a lock file holding the writer's process
 * id, created exclusively. A lock whose process is gone (killed) is taken over;
 * one whose process runs is refused with one line. The holder then removes the
 * temporary snapshots killed writers left behind (each may be tens of MB). The
 * lock goes when the search ends, and at process exit whatever the path.
 */
export class DirectoryLock {
  private readonly file: string;
  private released = false;

  private constructor(private readonly dir: string) {
    this.file = join(dir, LOCK_FILE);
    held.add(resolve(dir));
    process.on('exit', this.release);
  }

  static acquire(dir: string, snapshotFile: string): DirectoryLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (tryCreate(join(dir, LOCK_FILE))) {
        const lock = new DirectoryLock(dir);
        removeStaleTemporaries(dir, snapshotFile);
        return lock;
      }
      const owner = ownerOf(join(dir, LOCK_FILE));
      if (owner !== null && (owner === process.pid ? held.has(resolve(dir)) : isRunning(owner))) {
        throw new ConfigError(`--checkpoint ${dir}: another run (process ${owner}) is using this checkpoint directory; wait for it to end or choose another directory`);
      }
      rmSync(join(dir, LOCK_FILE), { force: true });
    }
    throw new ConfigError(`--checkpoint ${dir}: another run keeps taking this checkpoint directory; choose another directory`);
  }

  readonly release = (): void => {
    if (this.released) return;
    this.released = true;
    held.delete(resolve(this.dir));
    process.off('exit', this.release);
    try {
      unlinkSync(this.file);
    } catch {
      // removed already (the directory went away)
    }
  };
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new VigilError(`--checkpoint ${file}: cannot create the lock file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, ExitCode.system);
  }
  try {
    writeFully(fd, Buffer.from(`${process.pid}\n`));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The process id in a lock file; null when unreadable or malformed (a writer killed mid-write: stale). */
function ownerOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** `vigil-checkpoint.bin.tmp-<pid>` files: only the lock holder writes them, so any present now is stale. */
function removeStaleTemporaries(dir: string, snapshotFile: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.startsWith(`${snapshotFile}.tmp-`)) rmSync(join(dir, entry.name), { force: true });
  }
}
