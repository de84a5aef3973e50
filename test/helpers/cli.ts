import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Repository root (tests run from dist/test/...). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = resolve(repoRoot, 'dist/checker/cli/main.js');

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `vigil` CLI in a child process. */
export function vigil(args: string[], options: { cwd?: string } = {}): CliRun {
  const run = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, encoding: 'utf8', timeout: 240_000 });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs with --json and parses stdout. */
export function vigilJson(args: string[]): { status: number; report: Record<string, any>; stderr: string } {
  const run = vigil([...args, '--json']);
  return { status: run.status, report: JSON.parse(run.stdout), stderr: run.stderr };
}
