import { parentPort, workerData } from 'node:worker_threads';
import { prepare } from '../check.js';
import { loadSpecSource } from '../parallel/load-source.js';
import type { SpecSource } from '../parallel/protocol.js';
import { goalFor, type Want } from './goals.js';
import { decodePath, walkPath } from './path.js';
import { fastShortestPath } from './fast-goal-search.js';

/**
 * A worker thread running one explorer search, so a long search never blocks the
 * server (page loads, cancel, Ctrl-C). It rebuilds the model from the source the
 * explorer was started with, walks to the start path, searches, and posts
 * progress and then the found path as successor indices.
 */
export interface SearchJobInput {
  readonly source: SpecSource;
  readonly constants: Readonly<Record<string, unknown>>;
  readonly from: string;
  readonly property: string;
  readonly want: Want;
  readonly maxStates?: number;
  readonly maxDepth?: number;
}

export type SearchJobMessage =
  | { readonly type: 'progress'; readonly explored: number }
  | { readonly type: 'done'; readonly result: { found: true; steps: number[]; explored: number } | { found: false; exhausted: boolean; explored: number; reason: string } }
  | { readonly type: 'error'; readonly message: string };

const input = workerData as SearchJobInput;
try {
  const { runtime } = prepare(await loadSpecSource(input.source), input.constants);
  const start = walkPath(runtime, decodePath(input.from));
  const result = fastShortestPath(runtime, [start[start.length - 1]!], goalFor(runtime, input.property, input.want), {
    maxStates: input.maxStates,
    maxDepth: input.maxDepth,
    onProgress: (explored) => parentPort!.postMessage({ type: 'progress', explored } satisfies SearchJobMessage),
  });
  const message: SearchJobMessage = result.found
    ? { type: 'done', result: { found: true, steps: result.steps.slice(1).map((s) => s.index), explored: result.explored } }
    : { type: 'done', result: { found: false, exhausted: result.exhausted, explored: result.explored, reason: result.reason } };
  parentPort!.postMessage(message);
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error)?.message ?? String(error) } satisfies SearchJobMessage);
}
