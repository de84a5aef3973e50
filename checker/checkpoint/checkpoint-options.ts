import type { RuntimeModel } from '../runtime-model.js';
import type { SearchOptions } from '../search/bfs.js';
import type { StopRequest } from '../search/stop-request.js';
import { Checkpointer, type CheckpointWritten } from './checkpointer.js';
import { modelIdentity, type ModelIdentity } from './model-identity.js';
import { SavedSearch } from './saved-search.js';

/** `CheckOptions.checkpoint`: where and how often to save the search. */
export interface CheckpointOptions {
  readonly dir: string;
  /** @defaultValue 1 800 000 (30 minutes, TLC's default) */
  readonly intervalMs?: number;
  /** Called after each snapshot (bytes written, milliseconds it took). */
  readonly onWritten?: (info: CheckpointWritten) => void;
  /** Called when a snapshot could not be written; the search goes on. */
  readonly onFailed?: (message: string) => void;
}

/** The checkpoint-related CheckOptions, as given to check() and checkParallel(). */
export interface CheckpointRequest {
  readonly stop?: StopRequest;
  readonly checkpoint?: CheckpointOptions;
  /** Directory of a snapshot to continue from. */
  readonly resume?: string;
  /** SHA-256 of the model module's file, when the caller has one; part of the identity. */
  readonly modelSourceHash?: string;
  /** Called once a snapshot is accepted for a resume, with the distinct states it holds. */
  readonly onResumed?: (distinctStates: number) => void;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 30 * 60 * 1000;

/** Turns the request into what an engine uses: a writer, a verified snapshot to resume, the stop flag. */
export function checkpointSettings(
  runtime: RuntimeModel<any>,
  settings: Pick<SearchOptions, 'invariants' | 'checkDeadlock' | 'continueAfterViolation' | 'symmetry'>,
  request: CheckpointRequest,
  engine: ModelIdentity['engine'],
): Pick<SearchOptions, 'stop' | 'checkpoint' | 'resume'> {
  if (!request.checkpoint && request.resume === undefined) return { stop: request.stop };
  const identity = modelIdentity(runtime, settings, engine, request.modelSourceHash ?? null);
  const resume = request.resume !== undefined ? SavedSearch.load(request.resume, identity) : undefined;
  if (resume) request.onResumed?.(resume.counter('distinct'));
  const options = request.checkpoint;
  const checkpoint = options
    ? new Checkpointer(options.dir, options.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS, identity, options.onWritten, options.onFailed)
    : undefined;
  return { stop: request.stop, checkpoint, resume };
}
