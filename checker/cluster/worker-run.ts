import type { ConsumerMessages } from '@nats-io/jetstream';
import { StateExpander, StepEvaluationError } from '../search/expander.js';
import type { RuntimeModel } from '../runtime-model.js';
import type { ClusterLink } from './nats-link.js';
import { batchSubject, globalRef, localOfRef, shardOfRef, type ControlReply, type ControlRequest, type RunDescription, type ShardExpansion } from './protocol.js';
import { Shard } from './shard.js';
import { ShardRouter } from './shard-router.js';
import { MalformedBatch, readBatch, runTagOf } from './wire.js';

/** Expansion yields to the event loop this often (ms), so that batches are received and published meanwhile. */
const SLICE_MS = 50;

interface OwnedShard {
  readonly shard: Shard;
  /** The owner's half of expansion: admits routed successors into this shard. */
  readonly admitter: StateExpander<any>;
  /** Where the successors of this shard's frontier go, and the expander that produces them. */
  readonly router: ShardRouter;
  readonly expander: StateExpander<any>;
  messages?: ConsumerMessages;
}

/**
 * One run on a worker: the shards it owns, the expander of their frontier states
 * (whose successors a ShardRouter sends to their owners), and the consumers that
 * admit the batches sent to its shards. It answers the coordinator's control
 * requests; a malformed batch fails the run (every later request gets that one
 * line) and never the worker.
 */
export class WorkerRun {
  private readonly owned = new Map<number, OwnedShard>();
  private failure: string | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly runTag: number;
  private readonly options;

  constructor(
    private readonly link: ClusterLink,
    private readonly run: RunDescription,
    private readonly model: RuntimeModel<any>,
    private readonly stream: string,
  ) {
    this.runTag = runTagOf(run.runId);
    this.options = {
      checkDeadlock: run.checkDeadlock,
      continueAfterViolation: run.continueAfterViolation,
      invariants: run.invariantNames.map((name) => model.def.invariants.find((inv) => inv.name === name)!),
      actionProperties: model.def.actionProperties,
      possibles: model.def.possibles,
      fingerprintBits: run.fingerprintBits,
    };
  }

  async handle(request: ControlRequest): Promise<ControlReply> {
    if (this.failure !== null) return { kind: 'failed', message: this.failure };
    try {
      switch (request.kind) {
        case 'assign':
          await this.assign(request.shards);
          return { kind: 'assigned' };
        case 'expand':
          return await this.expandLevel(request.level);
        case 'barrier':
          return await this.endLevel(request.level, request.expected);
        case 'links':
          return { kind: 'links', links: request.refs.map((ref) => this.ownedShard(shardOfRef(ref)).shard.linkOf(localOfRef(ref))) };
        case 'end':
          this.close();
          return { kind: 'ended' };
      }
    } catch (error) {
      if (error instanceof MalformedBatch) this.fail(error.message);
      return { kind: 'failed', message: this.failure ?? (error instanceof Error ? error.message : String(error)) };
    }
  }

  close(): void {
    for (const owned of this.owned.values()) void owned.messages?.close();
    this.owned.clear();
  }

  private async assign(shards: readonly number[]): Promise<void> {
    const words = this.model.codec.words;
    for (const number of shards) {
      if (!(Number.isInteger(number) && number >= 0 && number < this.run.shards)) throw new MalformedBatch(`an assignment of shard ${number}`);
      const shard = new Shard(number, this.run.shards, words, this.run.fingerprintBits === 96);
      const router = new ShardRouter(this.link, this.run.runId, number, this.run.shards, words, new Set(shards));
      const owned: OwnedShard = { shard, admitter: new StateExpander(this.model, this.options, shard), router, expander: new StateExpander(this.model, this.options, router) };
      this.owned.set(number, owned);
      await this.consume(owned);
    }
  }

  private async consume(owned: OwnedShard): Promise<void> {
    const consumer = await this.link.js.consumers.get(this.stream, { filter_subjects: batchSubject(this.run.runId, owned.shard.shard) });
    owned.messages = await consumer.consume();
    void (async () => {
      try {
        for await (const message of owned.messages!) this.receive(owned, message.data);
      } catch (error) {
        this.fail(`receiving batches failed: ${(error as Error).message}`);
      }
    })();
  }

  private receive(owned: OwnedShard, data: Uint8Array): void {
    if (this.failure !== null) return;
    try {
      const { header, records } = readBatch(data, { runTag: this.runTag, to: owned.shard.shard, shards: this.run.shards, wordsPerState: this.model.codec.words });
      if (!owned.shard.accept(header.level, header.from, header.sequence)) return;
      const stride = header.wordsPerState + 2;
      const seeds = header.from === this.run.shards;
      for (let r = 0; r < header.count; r++) {
        const at = r * stride;
        const parentLocal = records[at + header.wordsPerState]!;
        const successorIndex = records[at + header.wordsPerState + 1]!;
        if (successorIndex < 0 || (seeds ? parentLocal !== -1 : parentLocal < 0)) throw new MalformedBatch(`a batch record with parent ${parentLocal}, position ${successorIndex}`);
        owned.admitter.admit(records, at, seeds ? -1 : globalRef(header.from, parentLocal), successorIndex);
      }
    } catch (error) {
      this.fail(error instanceof MalformedBatch ? `malformed batch: ${error.message}` : `admitting a batch failed: ${(error as Error).message}`);
    }
    for (const wake of this.waiters) wake();
  }

  private fail(message: string): void {
    this.failure ??= message;
    for (const wake of this.waiters) wake();
  }

  private ownedShard(number: number): OwnedShard {
    const owned = this.owned.get(number);
    if (!owned) throw new MalformedBatch(`a request for shard ${number}, which this worker does not own`);
    return owned;
  }

  private async expandLevel(level: number): Promise<ControlReply> {
    const started = Date.now();
    const shards: ShardExpansion[] = [];
    for (const { shard, router, expander } of this.owned.values()) {
      router.startLevel(level);
      const generatedBefore = expander.generated;
      const constrainedBefore = expander.constrainedOut;
      const findings = [];
      const words = this.model.codec.words;
      let sliceEnd = Date.now() + SLICE_MS;
      for (let i = 0; i < shard.frontierCount; i++) {
        const local = shard.frontierStart + i;
        router.parentLocal = local;
        try {
          expander.expand(shard.frontier, i * words, globalRef(shard.shard, local));
        } catch (error) {
          if (!(error instanceof StepEvaluationError)) throw error;
          findings.push(expander.describeStepError(error));
        }
        if (router.congested || Date.now() > sliceEnd) {
          await router.flush();
          await new Promise((resolve) => setImmediate(resolve));
          sliceEnd = Date.now() + SLICE_MS;
        }
      }
      await router.finish();
      shards.push({
        shard: shard.shard,
        sent: router.sent(),
        generated: expander.generated - generatedBefore,
        constrainedOut: expander.constrainedOut - constrainedBefore,
        expanded: shard.frontierCount,
        findings: [...router.findings, ...findings],
        bytes: router.bytes,
        successors: router.successors,
        crossShard: router.crossShard,
      });
    }
    return { kind: 'expanded', shards, satisfiedPossibles: this.satisfiedPossibles(), ms: Date.now() - started };
  }

  /** Waits until every owned shard has received the batches the senders say they sent, then ends the level. */
  private async endLevel(level: number, expected: Readonly<Record<number, readonly number[]>>): Promise<ControlReply> {
    for (;;) {
      if (this.failure !== null) return { kind: 'failed', message: this.failure };
      if ([...this.owned.values()].every(({ shard }) => complete(shard.receivedCounts(), expected[shard.shard] ?? []))) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    const shards = [...this.owned.values()].map(({ shard }) => {
      const findings = shard.findings;
      shard.findings = [];
      return { shard: shard.shard, newStates: shard.endLevel(), findings };
    });
    void level;
    return { kind: 'level-end', shards, satisfiedPossibles: this.satisfiedPossibles() };
  }

  private satisfiedPossibles(): string[] {
    const names = new Set<string>();
    for (const owned of this.owned.values()) for (const name of [...owned.admitter.satisfiedPossibles, ...owned.expander.satisfiedPossibles]) names.add(name);
    return [...names];
  }
}

/** Whether `received` reached `expected` for every sender (more than expected is a malformed run). */
function complete(received: readonly number[], expected: readonly number[]): boolean {
  for (let from = 0; from < received.length; from++) {
    const want = expected[from] ?? 0;
    if (received[from]! > want) throw new MalformedBatch(`more batches from shard ${from} than the ${want} it sent`);
    if (received[from]! < want) return false;
  }
  return true;
}
