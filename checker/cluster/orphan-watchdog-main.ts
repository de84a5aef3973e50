import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WATCHDOG_REGISTRY } from './orphan-watchdog.js';

/**
 * The watchdog process of orphan-watchdog.ts: `node orphan-watchdog-main.js PARENT_PID DIR`.
 * Polls twice a second; exits quietly when DIR is gone, and cleans up when PARENT_PID is.
 */
const [parentArg, dir] = process.argv.slice(2);
const parent = Number(parentArg);
if (!Number.isSafeInteger(parent) || parent <= 1 || dir === undefined) process.exit(2);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid still runs `program` (a pid the kernel reused for something else is left alone). */
function runs(pid: number, program: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((word) => word.includes(program));
  } catch {
    return false;
  }
}

function cleanUp(): void {
  let children: [number, string][] = [];
  try {
    children = JSON.parse(readFileSync(join(dir!, WATCHDOG_REGISTRY), 'utf8')) as [number, string][];
  } catch {
    // No registry: nothing was started yet.
  }
  for (const [pid, program] of children) {
    if (Number.isSafeInteger(pid) && pid > 1 && typeof program === 'string' && runs(pid, program)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  rmSync(dir!, { recursive: true, force: true });
}

const timer = setInterval(() => {
  if (!existsSync(dir)) return process.exit(0);
  if (alive(parent)) return;
  clearInterval(timer);
  cleanUp();
  process.exit(0);
}, 500);
