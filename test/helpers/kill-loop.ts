import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './cli.js';

const cliPath = resolve(repoRoot, 'dist/checker/cli/main.js');

/** A small seeded PRNG (mulberry32), so the kill moments are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `vigil check` with `--checkpoint dir`, resuming (`--resume dir`) whenever
 * a snapshot exists. `killAfter(run)` gives, for each of the first runs, a delay
 * in ms after that run's first snapshot at which it is killed with SIGKILL (null:
 * let it finish). Returns every run; the last one ran to its end.
 */
export async function runKilledAndResumed(args: readonly string[], dir: string, killAfter: (run: number) => number | null): Promise<Run[]> {
  const runs: Run[] = [];
  for (let run = 0; ; run++) {
    const resume = existsSync(join(dir, 'vigil-checkpoint.bin')) ? ['--resume', dir] : ['--checkpoint', dir];
    const outcome = await runOnce([...args, ...resume], killAfter(run));
    runs.push(outcome);
    if (outcome.signal === null) return runs;
    if (run > 50) throw new Error('the run never finished');
  }
}

/** Signals `signal` after the first snapshot line plus `delayMs` (or never when null). */
export function runOnce(args: readonly string[], delayMs: number | null, signal: NodeJS.Signals = 'SIGKILL', trigger = 'vigil: checkpoint:'): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, 'check', ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!armed && delayMs !== null && stderr.includes(trigger)) {
        armed = true;
        setTimeout(() => child.kill(signal), delayMs);
      }
    });
    child.on('error', fail);
    child.on('close', (status, received) => done({ status, signal: received, stdout, stderr }));
  });
}

/** The distinct counts each resumed run started from (from its "resuming from" line). */
export function resumedFrom(runs: readonly Run[]): number[] {
  return runs.flatMap((run) => {
    const match = /resuming from .*: (\d+) distinct states already found/.exec(run.stderr);
    return match ? [Number(match[1])] : [];
  });
}
