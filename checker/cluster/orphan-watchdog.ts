import { spawn } from 'node:child_process';
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Stops what this process started (a private nats-server, local workers) if this
 * process dies without stopping them: kill -9 of `vigil check --cluster local:N`,
 * or a test runner killed at its timeout. A detached watchdog process polls this
 * process; when it is gone, the watchdog kills every child still registered (after
 * checking that the process id still names that program: SIGTERM, then SIGKILL after
 * a grace period) and removes `dir`. When
 * `dir` disappears (a normal stop removes it), the watchdog just exits.
 */
/** The file in the watched folder that lists the children to kill (the watchdog process reads it). */
export const WATCHDOG_REGISTRY = 'watchdog.json';

export class OrphanWatchdog {
  private readonly children = new Map<number, string>();
  private readonly registry: string;

  private constructor(dir: string) {
    this.registry = join(dir, WATCHDOG_REGISTRY);
  }

  /** Starts a watchdog that removes `dir` and kills the registered children if this process dies. */
  static start(dir: string): OrphanWatchdog {
    const watchdog = new OrphanWatchdog(dir);
    watchdog.save();
    const script = fileURLToPath(new URL('./orphan-watchdog-main.js', import.meta.url));
    const child = spawn(process.execPath, [script, String(process.pid), dir], { detached: true, stdio: 'ignore' });
    child.unref();
    return watchdog;
  }

  /** Registers a child; `program` is a word of its command line (checked before the kill). */
  track(pid: number | undefined, program: string): void {
    if (pid === undefined) return;
    this.children.set(pid, program);
    this.save();
  }

  untrack(pid: number | undefined): void {
    if (pid === undefined || !this.children.delete(pid)) return;
    this.save();
  }

  private save(): void {
    const temporary = `${this.registry}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify([...this.children]));
      renameSync(temporary, this.registry);
    } catch {
      // The folder is being removed: the run is stopping anyway.
    }
  }
}
