import { basename } from 'node:path';
import { prepare } from '../check.js';
import { ConfigError, ExitCode } from '../errors.js';
import type { BehaviourSession } from '../explorer/behaviour-session.js';
import { ExplorerSession, type BranchLasso } from '../explorer/session.js';
import type { SpecSource } from '../parallel/protocol.js';
import type { LoadedTrace } from '../trace/itf-to-state.js';
import { startExplorerServer } from '../explorer/server.js';
import { readItfFile } from '../trace/itf-to-state.js';
import { replayTrace } from '../trace/replay.js';
import { parseConstantFlags } from './flags.js';
import { loadSpec, specSourceFor } from './load-spec.js';
import { loadTraceFor, readTraceFile } from './trace-input.js';

export interface ExploreFlags {
  readonly const?: string[];
  /** A TLA+ specification's configuration (default: Spec.cfg beside it). */
  readonly config?: string;
  readonly trace?: string;
  readonly port?: string;
}

/**
 * `vigil explore <model> [--const NAME=VALUE]... [--trace FILE.itf.json] [--port N]`,
 * `vigil explore Spec.tla [--config Spec.cfg] [--trace FILE.itf.json] [--port N]`:
 * serves the explorer on 127.0.0.1 (port 0 picks a free one), prints its URL and
 * runs until interrupted. A trace must replay as a legal behaviour (else 151).
 */
export async function exploreCommand(reference: string, flags: ExploreFlags): Promise<number> {
  const port = portOf(flags.port ?? '0');
  if (reference.endsWith('.tla')) return serve(await tlaSessions(reference, flags.config, flags.trace), port);
  const spec = await loadSpec(reference);
  const sessions = flags.trace ? await sessionsOnTrace(spec, flags.trace, flags.const ?? []) : sessionsOn(prepare(spec, parseConstantFlags(flags.const ?? [])).runtime);
  // Searches run in worker threads that load the model the same way this command did.
  return serve(sessions, port, specSourceFor(reference));
}

/** Serves until Ctrl-C; `source`: where search workers load the model from (else searches run in the server's thread). */
async function serve(sessions: () => BehaviourSession, port: number, source?: SpecSource): Promise<number> {
  // The first tab's session is made now: a model with nothing to explore fails before the server starts.
  let first: BehaviourSession | null = sessions();
  const name = first.model.name;
  const perTab = () => {
    const session = first ?? sessions();
    first = null;
    return session;
  };
  const server = await startExplorerServer(perTab, { port, ...(source ? { source } : {}) });
  process.stdout.write(`Vigil explorer for ${name}: ${server.url}\n(the URL carries this run's access token; press Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return ExitCode.ok;
}

/** A TLA+ specification: one fresh session per tab on the model loaded once. */
async function tlaSessions(specFile: string, config: string | undefined, traceFile: string | undefined): Promise<() => BehaviourSession> {
  const { loadTlaModel } = await import('../tla/model.js');
  const { TlaExplorerSession } = await import('../tla/explorer-session.js');
  const model = await loadTlaModel(specFile, config);
  if (traceFile === undefined) return () => new TlaExplorerSession(model);
  const { replayTla, statesOf } = await import('../tla/replay.js');
  const itf = readItfFile(traceFile);
  const replay = replayTla(model, itf, traceFile);
  if (!replay.legal) throw new ConfigError(replay.problem!);
  const lasso = lassoOf({ file: traceFile, meta: itf['#meta'], states: itf.states as Record<string, unknown>[], labels: [], loop: itf.loop });
  const trace = { name: `trace ${basename(traceFile)}`, states: statesOf(model, itf, traceFile), ...(lasso ? { lasso } : {}) };
  return () => new TlaExplorerSession(model, { trace });
}

/** One fresh session per browser tab. */
function sessionsOn(runtime: ExplorerSession['model']): () => ExplorerSession {
  return () => new ExplorerSession(runtime);
}

async function sessionsOnTrace(spec: Awaited<ReturnType<typeof loadSpec>>, file: string, constFlags: readonly string[]): Promise<() => ExplorerSession> {
  const input = loadTraceFor(spec, file, await readTraceFile(file), constFlags);
  const replay = replayTrace(input.runtime, input.trace);
  if (!replay.legal) throw new ConfigError(replay.problem!);
  const lasso = lassoOf(input.trace);
  return () => new ExplorerSession(input.runtime, { trace: { name: `trace ${basename(file)}`, steps: replay.steps, ...(lasso ? { lasso } : {}) } });
}

/** A liveness trace's loop, as `check --trace-out` writes it (`loop`, and `loop-stuttering`, `loop-action`, `property` in #meta). */
function lassoOf(trace: LoadedTrace): BranchLasso | null {
  if (trace.loop === undefined) return null;
  const meta = trace.meta as Record<string, unknown>;
  const stuttering = typeof meta['loop-stuttering'] === 'boolean' ? meta['loop-stuttering'] : trace.loop === trace.states.length - 1;
  const action = typeof meta['loop-action'] === 'string' ? meta['loop-action'] : null;
  const property = meta.verdict === 'liveness' && typeof meta.property === 'string' ? meta.property : null;
  return { loop: { start: trace.loop, stuttering, action }, property };
}

function portOf(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`--port ${text}: expected a port number 0..65535 (0 picks a free port)`);
  return port;
}
