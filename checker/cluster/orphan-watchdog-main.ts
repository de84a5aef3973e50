import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WATCHDOG_REGISTRY } from './orphan-watchdog.js';

/**
 * The watchdog process of orphan-watchdog.ts: `node orphan-watchdog-main.js PARENT_PID DIR`.
 * Polls twice a second; exits quietly when DIR is gone, and cleans up when PARENT_PID is:
 * its children are asked to stop (SIGTERM), then killed if they have not.
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

/** How long stopped children get to leave cleanly (a worker removes its files) before they are killed. */
const GRACE_MS = 5000;

async function cleanUp(): Promise<void> {
  let registered: [number, string][] = [];
  try {
    registered = JSON.parse(readFileSync(join(dir!, WATCHDOG_REGISTRY), 'utf8')) as [number, string][];
  } catch {
    // No registry: nothing was started yet.
  }
  const running = () => registered.filter(([pid, program]) => Number.isSafeInteger(pid) && pid > 1 && typeof program === 'string' && runs(pid, program));
  // SIGTERM first: a worker then leaves its runs and removes its files (the parent
  // links it keeps on disk); whatever still runs after the grace period is killed.
  signal(running(), 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (running().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  signal(running(), 'SIGKILL');
  rmSync(dir!, { recursive: true, force: true });
}

function signal(children: [number, string][], name: NodeJS.Signals): void {
  for (const [pid] of children) {
    try {
      process.kill(pid, name);
    } catch {
      // Gone meanwhile.
    }
  }
}

const timer = setInterval(() => {
  if (!existsSync(dir)) return process.exit(0);
  if (alive(parent)) return;
  clearInterval(timer);
  void cleanUp().then(() => process.exit(0));
}, 500);
