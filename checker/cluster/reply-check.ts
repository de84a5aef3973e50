import type { ControlReply } from './protocol.js';

/**
 * A worker's control reply is checked before the coordinator uses it: a worker
 * runs on another machine and may be of another build, faulty or hostile. A
 * reply of the wrong shape fails the run with one line naming the field, rather
 * than a TypeError deep in the coordinator or a count silently wrong.
 * Returns null for a well-formed reply, else what is wrong with it.
 */
export function replyProblem(reply: ControlReply, shards: number): string | null {
  try {
    checkReply(reply as unknown as Fields, shards);
    return null;
  } catch (error) {
    if (error instanceof BadReply) return error.message;
    throw error;
  }
}

type Fields = Record<string, unknown>;

class BadReply extends Error {}

function checkReply(reply: Fields, shards: number): void {
  switch (reply.kind) {
    case 'expanded':
      strings(reply, 'satisfiedPossibles');
      for (const [i, expansion] of list(reply, 'shards').entries()) checkExpansion(record(expansion, `shards[${i}]`), `shards[${i}]`, shards);
      return;
    case 'level-end':
      strings(reply, 'satisfiedPossibles');
      for (const [i, end] of list(reply, 'shards').entries()) checkLevelEnd(record(end, `shards[${i}]`), `shards[${i}]`, shards);
      return;
    case 'links':
      for (const [i, link] of list(reply, 'links').entries()) {
        const fields = record(link, `links[${i}]`);
        if (!(Number.isSafeInteger(fields.parent) && (fields.parent as number) >= -1)) throw new BadReply(`links[${i}].parent is not a state reference`);
        count(fields, 'successorIndex', `links[${i}]`);
      }
      return;
    case 'simulated':
      for (const field of ['walks', 'steps', 'coverageBytes']) count(reply, field, 'reply');
      list(reply, 'seeds');
      return;
    case 'failed':
      if (typeof reply.message !== 'string') throw new BadReply('a failure without a message');
      return;
    default:
      return;
  }
}

function checkExpansion(expansion: Fields, at: string, shards: number): void {
  shardNumber(expansion, at, shards);
  for (const field of ['generated', 'constrainedOut', 'expanded', 'bytes', 'successors', 'crossShard', 'records', 'ms']) count(expansion, field, at);
  if (expansion.untriedTies !== undefined) count(expansion, 'untriedTies', at);
  const sent = list(expansion, 'sent', at);
  if (sent.length > shards + 1) throw new BadReply(`${at}.sent names ${sent.length} shards, the run has ${shards}`);
  sent.forEach((_, i) => count(sent as unknown as Fields, String(i), `${at}.sent`));
  list(expansion, 'findings', at).forEach((finding, i) => checkFinding(record(finding, `${at}.findings[${i}]`), `${at}.findings[${i}]`));
}

function checkLevelEnd(end: Fields, at: string, shards: number): void {
  shardNumber(end, at, shards);
  count(end, 'newStates', at);
  count(end, 'snapshotBytes', at);
  list(end, 'findings', at).forEach((finding, i) => checkFinding(record(finding, `${at}.findings[${i}]`), `${at}.findings[${i}]`));
  if (end.spilled !== null) {
    const spilled = record(end.spilled, `${at}.spilled`);
    count(spilled, 'chunksWritten', `${at}.spilled`);
    count(spilled, 'peakBytesOnDisk', `${at}.spilled`);
  }
}

function checkFinding(finding: Fields, at: string): void {
  if (typeof finding.verdict !== 'string' || typeof finding.message !== 'string') throw new BadReply(`${at} has no verdict or message`);
  if (finding.property !== null && typeof finding.property !== 'string') throw new BadReply(`${at}.property is not a name`);
  if (finding.exitCode !== undefined && !Number.isSafeInteger(finding.exitCode)) throw new BadReply(`${at}.exitCode is not an exit code`);
  if (finding.trace === null) return;
  const trace = record(finding.trace, `${at}.trace`);
  if (!(Number.isSafeInteger(trace.ordinal) && (trace.ordinal as number) >= -1)) throw new BadReply(`${at}.trace.ordinal is not a state reference`);
  for (const field of ['successorIndex', 'initialIndex']) if (trace[field] !== undefined) count(trace, field, `${at}.trace`);
  if (trace.failedStepLabel !== undefined && typeof trace.failedStepLabel !== 'string') throw new BadReply(`${at}.trace.failedStepLabel is not a label`);
}

function shardNumber(fields: Fields, at: string, shards: number): void {
  if (!(Number.isSafeInteger(fields.shard) && (fields.shard as number) >= 0 && (fields.shard as number) < shards)) throw new BadReply(`${at}.shard is not a shard of the run`);
}

function count(fields: Fields, field: string, at: string): void {
  const value = fields[field];
  if (!(Number.isSafeInteger(value) && (value as number) >= 0)) throw new BadReply(`${at}.${field} is not a count (${JSON.stringify(value)?.slice(0, 40)})`);
}

function list(fields: Fields, field: string, at = 'reply'): unknown[] {
  const value = fields[field];
  if (!Array.isArray(value)) throw new BadReply(`${at}.${field} is not a list`);
  return value;
}

function strings(fields: Fields, field: string): void {
  if (!list(fields, field).every((item) => typeof item === 'string')) throw new BadReply(`reply.${field} is not a list of names`);
}

function record(value: unknown, at: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadReply(`${at} is not a record`);
  return value as Fields;
}
