import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { RecordSnapshot } from '../search/search-record.js';
import { RUN_ID } from './run-names.js';

/**
 * What a cluster coordinator needs to go on after it was killed (`--resume DIR`):
 * the run, its workers and their shards, the counts so far and where the shard
 * snapshots are. Written at every level boundary; the workers keep the run, and
 * answer the requests of the level again alike.
 */
export interface CoordinatorState {
  readonly format: 1;
  readonly runId: string;
  /** A registered model's name, or the model file's path (a resume is told the file again, never imports this). */
  readonly model: string;
  readonly specName: string;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly shards: number;
  readonly members: readonly { readonly index: number; readonly workerId: string; readonly shards: readonly number[] }[];
  readonly depth: number;
  readonly distinct: number;
  readonly generated: number;
  readonly constrainedOut: number;
  readonly frontierCount: number;
  readonly record: RecordSnapshot;
  readonly snapshotLevel: number | null;
  /** Each shard's snapshot segments (level and size), oldest first. */
  readonly segments: readonly (readonly [number, readonly { readonly level: number; readonly bytes: number }[]])[];
  readonly history: readonly (readonly [number, Record<number, number[]>])[];
  readonly elapsedMs: number;
}

export const STATE_FILE = 'vigil-cluster-run.json';

export function writeCoordinatorState(dir: string, state: CoordinatorState): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

export function removeCoordinatorState(dir: string): void {
  rmSync(join(dir, STATE_FILE), { force: true });
}

/** Reads and checks a saved state (a file from disk is input: every field is checked). */
export function readCoordinatorState(dir: string): CoordinatorState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) throw new ConfigError(`--resume ${dir}: no cluster run was saved there (${STATE_FILE} is missing)`);
  let state: CoordinatorState;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as CoordinatorState;
  } catch {
    throw new ConfigError(`--resume ${dir}: ${STATE_FILE} is not JSON`);
  }
  const counts = [state.depth, state.distinct, state.generated, state.constrainedOut, state.frontierCount, state.shards, state.elapsedMs];
  const valid =
    state.format === 1 &&
    typeof state.runId === 'string' &&
    RUN_ID.test(state.runId) &&
    typeof state.model === 'string' &&
    typeof state.specName === 'string' &&
    typeof state.constants === 'object' &&
    counts.every((n) => Number.isSafeInteger(n) && n >= 0) &&
    Array.isArray(state.members) &&
    state.members.every((m) => typeof m.workerId === 'string' && /^[0-9a-f]{12}$/.test(m.workerId) && Array.isArray(m.shards) && m.shards.every((s: unknown) => Number.isInteger(s) && (s as number) >= 0 && (s as number) < state.shards)) &&
    Array.isArray(state.history) &&
    Array.isArray(state.segments) &&
    state.segments.every(
      (entry: unknown) =>
        Array.isArray(entry) &&
        Number.isInteger(entry[0]) &&
        Array.isArray(entry[1]) &&
        (entry[1] as { level?: unknown; bytes?: unknown }[]).every((segment) => Number.isSafeInteger(segment?.level) && Number.isSafeInteger(segment?.bytes)),
    ) &&
    typeof state.record === 'object' &&
    Array.isArray(state.record.findings);
  if (!valid) throw new ConfigError(`--resume ${dir}: ${STATE_FILE} is damaged`);
  return state;
}
