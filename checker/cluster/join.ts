import { ConfigError, ExitCode, VigilError } from '../errors.js';
import { withoutPassword, type ClusterLink } from './nats-link.js';
import { ANNOUNCE_SUBJECT, MAX_SHARDS, runSubject, type JoinReply, type JoinRequest, type RunDescription } from './protocol.js';
import { parseJson } from './run-names.js';
import { runObjects, type RunStore } from './run-store.js';

/** A worker of a run: its control subject is `w.<workerId>`; it owns `shards`. */
export interface Member {
  readonly index: number;
  readonly workerId: string;
  readonly shards: number[];
}

export interface GatherOptions {
  readonly url: string;
  /** Workers to wait for; without it, those that join within the join window. */
  readonly workers?: number;
  readonly shards?: number;
  readonly joinWindowMs?: number;
}

/**
 * Publishes the run's description, announces the run and takes the workers that
 * join (a refusal, such as another vigil-mc version, fails the run with its line);
 * shards go to them in turn.
 */
export async function gatherWorkers(link: ClusterLink, store: RunStore, runId: string, description: RunDescription, options: GatherOptions): Promise<{ members: Member[]; shards: number }> {
  const wanted = options.workers;
  const shards = options.shards ?? wanted ?? 0;
  if (!(Number.isInteger(shards) && shards >= 1 && shards < MAX_SHARDS)) {
    throw new ConfigError(shards === 0 ? '--cluster nats://...: say how many shards with --shards N' : `--shards: expected 1 to ${MAX_SHARDS - 1}, got ${shards}`);
  }
  const limit = Math.min(wanted ?? shards, shards);
  const joined: { workerId: string; respond: (reply: JoinReply) => void }[] = [];
  const refusals: string[] = [];
  let closed = false;
  const joins = link.nc.subscribe(runSubject(runId, 'join'), {
    callback: (error, message) => {
      if (error) return;
      const join = parseJson<JoinRequest>(message.data);
      if (!join || typeof join.workerId !== 'string' || !/^[0-9a-f]{12}$/.test(join.workerId)) return;
      if (join.refused !== undefined) refusals.push(`worker ${join.workerId} refused the run: ${join.refused}`);
      if (join.refused !== undefined || closed || joined.length >= limit) return void message.respond(JSON.stringify({ accepted: false } satisfies JoinReply));
      joined.push({ workerId: join.workerId, respond: (reply) => message.respond(JSON.stringify(reply)) });
    },
  });
  // The description is stored before the announcement: a worker reads it when it hears of the run.
  await store.putJson(runObjects.description, { ...description, shards: shards });
  const announce = () => link.nc.publish(ANNOUNCE_SUBJECT, JSON.stringify({ runId: runId, version: description.version }));
  const windowMs = options.joinWindowMs ?? (wanted !== undefined ? 60_000 : 3000);
  const deadline = Date.now() + windowMs;
  let announcedAt = 0;
  while (Date.now() < deadline && joined.length < limit && refusals.length === 0) {
    if (Date.now() - announcedAt >= 1000) {
      announce();
      announcedAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  closed = true;
  joins.unsubscribe();
  if (refusals.length > 0 || joined.length === 0 || (wanted !== undefined && joined.length < wanted)) {
    for (const member of joined) member.respond({ accepted: false });
    if (refusals.length > 0) throw new VigilError(`--cluster: ${refusals[0]}`, ExitCode.config);
    throw new VigilError(`--cluster ${withoutPassword(options.url)}: ${joined.length} of ${wanted ?? 1} workers joined the run within ${windowMs / 1000} s`, ExitCode.system);
  }
  const members = joined.map((member, index) => {
    member.respond({ accepted: true, index });
    const owned = [];
    for (let shard = index; shard < shards; shard += joined.length) owned.push(shard);
    return { index, workerId: member.workerId, shards: owned };
  });
  return { members, shards };
}

