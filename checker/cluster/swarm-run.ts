import type { Spec } from '../../spec/spec.js';
import { simulate } from '../simulate/simulate.js';
import { FingerprintSet } from '../search/visited-set.js';
import type { Subscription } from '@nats-io/transport-node';
import type { ClusterLink } from './nats-link.js';
import { runSubject, type ControlReply, type ControlRequest, type RunDescription, type SeedOutcome } from './protocol.js';
import { runObjects, type RunStore } from './run-store.js';


/**
 * One swarm simulation on a worker: seeded random walks (`vigil simulate`), one
 * seed after another. Every state seen goes into one visited set, sent to the
 * coordinator at the end to be merged. A violation is announced at once on the
 * run's `found` subject; the coordinator then says `stop`, and the worker stops
 * after the seed it is on.
 */
export class SwarmRun {
  private stopped = false;
  private readonly seen = new FingerprintSet();
  private readonly stopListener: Subscription;

  constructor(
    private readonly link: ClusterLink,
    private readonly store: RunStore,
    private readonly run: RunDescription,
    private readonly spec: Spec,
    private readonly workerId: string,
  ) {
    this.stopListener = link.nc.subscribe(runSubject(run.runId, 'stop'), {
      callback: () => {
        this.stopped = true;
      },
    });
  }

  async handle(request: ControlRequest): Promise<ControlReply> {
    if (request.kind === 'end') {
      this.close();
      return { kind: 'ended' };
    }
    if (request.kind !== 'simulate' || !Array.isArray(request.seeds) || !request.seeds.every((seed) => Number.isSafeInteger(seed) && seed >= 0)) {
      return { kind: 'failed', message: `a swarm worker cannot answer ${String(request.kind)}` };
    }
    const outcomes: SeedOutcome[] = [];
    let walks = 0;
    let steps = 0;
    for (const seed of request.seeds) {
      // Let the stop message in between two seeds.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.stopped) break;
      const result = simulate(this.spec, {
        constants: this.run.constants,
        invariants: this.run.invariantNames,
        checkDeadlock: this.run.checkDeadlock,
        seed,
        traces: this.run.simulation!.traces,
        depth: this.run.simulation!.depth,
        seen: this.seen,
      });
      walks += result.simulation.traces;
      steps += result.simulation.steps;
      const outcome = { seed, verdict: result.verdict, property: result.property, message: result.verdict === 'ok' ? null : result.message, traceLength: result.trace?.length ?? null };
      outcomes.push(outcome);
      if (result.verdict !== 'ok') {
        this.link.nc.publish(runSubject(this.run.runId, 'found'), JSON.stringify(outcome));
        break;
      }
    }
    return { kind: 'simulated', seeds: outcomes, walks, steps, coverageBytes: await this.saveCoverage() };
  }

  close(): void {
    this.stopListener.unsubscribe();
  }

  /** Puts the (hi, lo) pairs of every state seen into the run's object store; returns the size. */
  private async saveCoverage(): Promise<number> {
    const slots = this.seen.slots;
    const pairs = new Int32Array(this.seen.size * 2);
    let at = 0;
    for (let i = 0; i < slots.length; i += 2) {
      if (slots[i] === 0 && slots[i + 1] === 0) continue;
      pairs[at++] = slots[i]!;
      pairs[at++] = slots[i + 1]!;
    }
    const bytes = new Uint8Array(pairs.buffer);
    await this.store.putBytes(runObjects.coverage(this.workerId), bytes);
    return bytes.byteLength;
  }
}
