// `npm run bench:liveness`: issue 24's liveness rows. For each model, the same check
// with its temporal properties and without (safety only), in fresh child processes
// taking turns, medians of RUNS (default 3). Prints wall times, their ratio (the
// target on the vfio default is at most 1.3), the share of the fair-cycle search,
// and the liveness graph's bytes per state and per edge (targets 24 and 4). CPU times
// too: on a shared machine they move less than wall times.
// With TLC_JAR and TLA_EXAMPLES set, a second table runs TLC on the corpus originals.
import { loadavg } from 'node:os';
import { mb, measureVigil, median, type VigilMeasurement } from './measure.js';
import { printLivenessAgainstTlc } from './liveness-tlc.js';

const RUNS = Number(process.env.RUNS ?? 3);

interface Row {
  readonly label: string;
  readonly model: string;
  /** Constants of the run with temporal properties. */
  readonly live: Record<string, string | number | boolean>;
  /** Constants of the safety-only run, and its flags. */
  readonly safety: Record<string, string | number | boolean>;
  readonly safetyFlags: string[];
  /** Flags of both runs (the engine). */
  readonly flags?: string[];
}

const ROWS: Row[] = [
  { label: 'vfio-pm default, L1 L2 L4', model: 'vfio-pm', live: { liveness: true }, safety: {}, safetyFlags: [] },
  // The threads log their edges; the coordinator replays them one level behind (temporal/edge-log.ts).
  { label: 'vfio-pm default, L1 L2 L4, --workers 2', model: 'vfio-pm', live: { liveness: true }, safety: {}, safetyFlags: [], flags: ['--workers', '2'] },
  {
    label: 'SingleLaneBridge 3+3 cars, 2 properties (12 checks)',
    model: 'tlaplus/SingleLaneBridge',
    live: { CarsRight: 3, CarsLeft: 3, properties: 'CarsInBridgeExitBridge CarsEnterBridge' },
    safety: { CarsRight: 3, CarsLeft: 3, properties: 'CarsInBridgeExitBridge CarsEnterBridge' },
    safetyFlags: ['--no-liveness'],
  },
  {
    label: 'Prisoners 10, Liveness',
    model: 'tlaplus/Prisoners',
    live: { Prisoner: 10, properties: 'Liveness' },
    safety: { Prisoner: 10, properties: 'Liveness' },
    safetyFlags: ['--no-liveness'],
  },
  {
    label: 'DijkstraMutex 3, LSpec, DeadlockFreedom',
    model: 'tlaplus/DijkstraMutex',
    live: { Proc: 3, properties: 'DeadlockFreedom' },
    safety: { Proc: 3, properties: 'DeadlockFreedom' },
    safetyFlags: ['--no-liveness'],
  },
];

const load = () => loadavg()[0]!.toFixed(2);
console.log(`Liveness benchmark, ${new Date().toISOString()}, ${RUNS} runs each (the two runs of a row take turns), load average ${load()} at start.`);
console.log('| model | distinct | edges | safety only | with liveness | ratio | CPU, safety only | CPU, with liveness | CPU ratio | liveness pass | its share | graph bytes/state | bytes/edge | peak RSS (live) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of ROWS) {
  const safety: VigilMeasurement[] = [];
  const live: VigilMeasurement[] = [];
  for (let run = 0; run < RUNS; run++) {
    safety.push(measureVigil(`${row.label}, safety`, row.model, row.safety, [...row.safetyFlags, ...(row.flags ?? [])]));
    live.push(measureVigil(`${row.label}, liveness`, row.model, row.live, row.flags));
  }
  const first = live[0]!;
  if (!first.liveness) throw new Error(`${row.label}: no liveness pass ran`);
  if (safety[0]!.distinct !== first.distinct || safety[0]!.generated !== first.generated) throw new Error(`${row.label}: the two runs' counts differ`);
  const safetyMs = median(safety.map((m) => m.wallMs));
  const liveMs = median(live.map((m) => m.wallMs));
  const passMs = median(live.map((m) => m.liveness!.durationMs));
  // CPU time (user + system, all threads) moves less than wall time when other processes share the cores.
  const safetyCpu = median(safety.map((m) => m.cpuMs));
  const liveCpu = median(live.map((m) => m.cpuMs));
  console.log(
    `| ${row.label} | ${first.distinct.toLocaleString('en-US')} | ${first.liveness.edges.toLocaleString('en-US')} | ${seconds(safetyMs)} | ${seconds(liveMs)} | ` +
      `${(liveMs / safetyMs).toFixed(2)}x | ${seconds(safetyCpu)} | ${seconds(liveCpu)} | ${(liveCpu / safetyCpu).toFixed(2)}x | ${seconds(passMs)} | ${((passMs / liveMs) * 100).toFixed(0)}% | ${first.liveness.bytesPerState} | ${first.liveness.bytesPerEdge} | ${mb(median(live.map((m) => m.peakRssBytes)))} |`,
  );
}
printLivenessAgainstTlc(RUNS);
console.log(`Load average ${load()} at the end. Wall times include process start; "liveness pass" is the graph's fair-cycle search (the graph is recorded during the safety search).`);

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
