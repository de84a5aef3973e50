import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { prepare, resolveSearchSettings } from '../check.js';
import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { loadSpecSource } from '../parallel/load-source.js';
import { FingerprintSet } from '../search/visited-set.js';
import { simulate, type SimulateOptions, type SimulationResult } from '../simulate/simulate.js';
import type { ClusterModel } from './cluster-search.js';
import { describeRun } from './cluster-search.js';
import { gatherWorkers, type Member } from './join.js';
import { connectCluster, type ClusterLink, type LinkOptions } from './nats-link.js';
import { runSubject, type ControlReply, type SeedOutcome } from './protocol.js';
import { parseJson, registryUrl } from './run-names.js';
import { RunStore, runObjects } from './run-store.js';

export interface SwarmOptions extends LinkOptions, Pick<SimulateOptions, 'constants' | 'invariants' | 'checkDeadlock'> {
  readonly url: string;
  readonly workers?: number;
  readonly joinWindowMs?: number;
  /** Seeds firstSeed, firstSeed + 1, ... firstSeed + seeds − 1, dealt to the workers in turn. */
  readonly seeds: number;
  readonly firstSeed?: number;
  /** Walks per seed and states per walk, as `vigil simulate --traces --depth`. */
  readonly traces?: number;
  readonly depth?: number;
}

export interface SwarmResult {
  /** The violation of the lowest seed that found one, replayed here from its seed: its trace and report. */
  readonly result: SimulationResult | null;
  readonly violations: readonly SeedOutcome[];
  readonly seedsRun: number;
  readonly walks: number;
  readonly steps: number;
  /** Distinct states seen by all workers together (their visited sets merged). */
  readonly distinctStates: number;
  readonly workers: number;
  readonly traces: number;
  readonly depth: number;
}

/**
 * `vigil simulate --cluster ... --seeds K`: seeded random walks on every worker,
 * coverage merged, and every worker stopped at the first violation. Each seed's
 * walks are `vigil simulate --seed S` exactly, so a violation found by the swarm
 * is reproduced here, on one machine, from its seed (and so is its trace).
 */
export async function simulateCluster(model: ClusterModel, options: SwarmOptions): Promise<SwarmResult> {
  if (!(Number.isSafeInteger(options.seeds) && options.seeds >= 1)) throw new ConfigError(`--seeds: expected a positive integer, got ${options.seeds}`);
  const source = 'registered' in model ? { moduleUrl: registryUrl, registryName: model.registered } : { moduleUrl: pathToFileURL(model.file).href };
  const spec = await loadSpecSource(source);
  const { runtime, constants } = prepare(spec, options.constants);
  const settings = resolveSearchSettings(spec.name, runtime, options);
  const traces = options.traces ?? 100;
  const depth = options.depth ?? 100;
  const firstSeed = options.firstSeed ?? 1;
  const link = await connectCluster(options.url, { ...options, reconnect: true });
  const runId = randomBytes(8).toString('hex');
  let members: Member[] = [];
  let store: RunStore | undefined;
  try {
    store = await RunStore.open(link, runId, true);
    const description = await describeRun(store, runId, model, runtime, settings, constants, { traces, depth });
    members = (await gatherWorkers(link, store, runId, description, { url: options.url, workers: options.workers, shards: options.workers ?? 1, joinWindowMs: options.joinWindowMs })).members;
    // The first violation reported stops every worker after its current seed.
    let stopped = false;
    link.nc.subscribe(runSubject(runId, 'found'), {
      callback: () => {
        if (stopped) return;
        stopped = true;
        link.nc.publish(runSubject(runId, 'stop'), '');
      },
    });
    const replies = await Promise.all(members.map((member) => askToSimulate(link, runId, member, seedsOf(member, members.length, firstSeed, options.seeds))));
    const seen = new FingerprintSet();
    for (const [i, reply] of replies.entries()) await mergeCoverage(store, members[i]!.workerId, reply.coverageBytes, seen);
    const outcomes = replies.flatMap((reply) => reply.seeds);
    const violations = outcomes.filter((outcome) => outcome.verdict !== 'ok').sort((a, b) => a.seed - b.seed);
    const first = violations[0];
    // Reproduced here from its seed: the same walks, so the same violation and trace.
    const result = first ? simulate(spec, { constants, invariants: options.invariants, checkDeadlock: options.checkDeadlock, seed: first.seed, traces, depth }) : null;
    if (first && (result!.verdict !== first.verdict || result!.property !== first.property)) {
      throw new VigilError(`--cluster: seed ${first.seed} found ${first.verdict} on a worker but ${result!.verdict} here: the model is not deterministic`, ExitCode.evaluation);
    }
    return {
      result,
      violations,
      seedsRun: outcomes.length,
      walks: replies.reduce((sum, reply) => sum + reply.walks, 0),
      steps: replies.reduce((sum, reply) => sum + reply.steps, 0),
      distinctStates: seen.size,
      workers: members.length,
      traces,
      depth,
    };
  } finally {
    await Promise.all(members.map((member) => link.nc.request(runSubject(runId, `w.${member.workerId}`), JSON.stringify({ kind: 'end' }), { timeout: 1000 }).catch(() => undefined)));
    await store?.destroy();
    await link.nc.drain().catch(() => link.nc.close());
  }
}

/** Member i of n takes seeds first + i, first + i + n, ... */
function seedsOf(member: Member, count: number, first: number, seeds: number): number[] {
  const mine: number[] = [];
  for (let seed = first + member.index; seed < first + seeds; seed += count) mine.push(seed);
  return mine;
}

async function askToSimulate(link: ClusterLink, runId: string, member: Member, seeds: number[]): Promise<Extract<ControlReply, { kind: 'simulated' }>> {
  // A long request: the worker answers when its seeds are done or it was told to stop.
  const message = await link.nc.request(runSubject(runId, `w.${member.workerId}`), JSON.stringify({ kind: 'simulate', seeds }), { timeout: 24 * 3600_000 });
  const reply = parseJson<ControlReply>(message.data);
  if (reply?.kind === 'failed') throw new VigilError(`--cluster: worker ${member.workerId}: ${reply.message}`, ExitCode.system);
  if (reply?.kind !== 'simulated') throw new VigilError(`--cluster: worker ${member.workerId} answered ${reply?.kind ?? 'garbage'} to simulate`, ExitCode.system);
  return reply;
}

async function mergeCoverage(store: RunStore, workerId: string, size: number, seen: FingerprintSet): Promise<void> {
  let data = await store.getBytes(runObjects.coverage(workerId));
  // Read once more before calling it malformed: a CI run under heavy load once saw a size that did not match (cause not found).
  if (data.byteLength !== size) data = await store.getBytes(runObjects.coverage(workerId));
  if (data.byteLength !== size || data.byteLength % 8 !== 0) throw new VigilError(`--cluster: worker ${workerId} sent malformed coverage (${data.byteLength} bytes read, ${size} announced)`, ExitCode.system);
  const aligned = new Uint8Array(data.byteLength);
  aligned.set(data);
  const pairs = new Int32Array(aligned.buffer);
  for (let i = 0; i < pairs.length; i += 2) seen.insert(pairs[i]!, pairs[i + 1]!);
}
