// `npm run bench:vfio-full`: what a second worker gains (issue 24, item 4), whole
// processes, each in its own child:
//  1. ordinary runs of 200 k-1 M states (counter-grid 8^6, twophase RM=7, vfio-pm
//     2 threads x 3 ops): one and two workers back to back, ORDINARY_RUNS times
//     (default 5), medians and the speed-up of the medians;
//  2. full.yaml's first row (every vfio-pm actor at once, 19.6 M distinct states,
//     unreduced as the row declares) with one worker and with one worker per core,
//     then with its temporal properties (liveness: true) on 2 workers, against the
//     4 GB and 2.5x-safety targets. RUNS=n repeats each (medians); default 1: the
//     rows take many minutes.
// `-- --ordinary-only` prints the first table alone. The load average is printed with
// each table: on a shared machine a second worker cannot gain what a busy core lacks.
import { availableParallelism, loadavg } from 'node:os';
import { SMOKE } from '../models/vfio-pm/config.js';
import { fullYamlRow } from './full-yaml-row.js';
import { mb, measureVigil, measureVigilTogether, median, type VigilMeasurement } from './measure.js';

const ROW = fullYamlRow(0);
const RUNS = Number(process.env.RUNS ?? 1);
const ORDINARY_RUNS = Number(process.env.ORDINARY_RUNS ?? 5);
const cores = availableParallelism();
const load = () => loadavg()[0]!.toFixed(2);

interface OrdinaryRow {
  readonly label: string;
  readonly model: string;
  readonly constants: Record<string, string | number | boolean>;
  readonly flags: string[];
}

/** Runs of 200 k-1 M states: the issue asks >= 1.5x with two workers on these. */
const ORDINARY: OrdinaryRow[] = [
  { label: 'counter-grid 8^6', model: 'counter-grid', constants: { N: 6, K: 8 }, flags: [] },
  { label: 'twophase RM=7', model: 'twophase', constants: { RM: 7 }, flags: [] },
  { label: 'vfio-pm 2 threads x 3 ops, vCPU x 2, host x 1', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 3, vcpu: 2, host: 1 }, flags: ['--no-symmetry'] },
];

console.log(`Two workers on ordinary runs, ${new Date().toISOString()}, ${ORDINARY_RUNS} runs each (1 and 2 workers back to back), load average ${load()}`);
// "ceiling": two single-worker runs started together, each in its own process; twice the
// run in the time the slower of them took is the most any two-way split can gain here.
console.log('| run | distinct | generated | wall, 1 worker | wall, 2 workers | speed-up | ceiling (2 runs at once) | CPU, 1 worker | CPU, 2 workers |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of ORDINARY) await measureOrdinary(row);
console.log(`Load average at the end: ${load()}.`);
if (process.argv.includes('--ordinary-only')) process.exit(0);

console.log();
console.log(`vfio-pm full.yaml row 1, ${new Date().toISOString()}, ${RUNS} run(s) each, ${cores} cores, load average ${load()}`);
console.log('| workers | distinct | generated | depth | wall s | CPU s | distinct/s | bytes/state | peak RSS |');
console.log('|---|---|---|---|---|---|---|---|---|');
const oneWorker = measure(1, ROW);
const allCores = cores > 1 ? measure(cores, ROW) : undefined;
if (allCores) console.log(`Speed-up with ${cores} workers: ${(oneWorker / allCores).toFixed(2)}x (wall, medians). Load average at the end: ${load()}.`);
// Issue 24: the same row with its temporal properties, on 2 workers, within 4 GB and <= 2.5x its safety-only time.
if (cores > 1) {
  const live = measureRuns(2, { ...ROW, liveness: true });
  const safety = cores === 2 ? allCores! : measure(2, ROW);
  printRow('2, liveness: true', live);
  const graph = live[0]!.liveness;
  const wall = median(live.map((r) => r.wallMs));
  const rss = median(live.map((r) => r.peakRssBytes));
  console.log(
    `With liveness on 2 workers: ${(wall / safety).toFixed(2)}x the safety-only time (target <= 2.5x), peak RSS ${mb(rss)} (target <= 4096 MB)` +
      (graph ? `; liveness pass ${(graph.durationMs / 1000).toFixed(1)} s, ${graph.edges.toLocaleString('en-US')} edges, ${graph.bytesPerState} bytes/state, ${graph.bytesPerEdge} bytes/edge.` : '.'),
  );
}

async function measureOrdinary(row: OrdinaryRow): Promise<void> {
  const one: VigilMeasurement[] = [];
  const two: VigilMeasurement[] = [];
  const together: number[] = [];
  for (let i = 0; i < ORDINARY_RUNS; i++) {
    one.push(measureVigil(`${row.label}, 1 worker`, row.model, row.constants, row.flags));
    two.push(measureVigil(`${row.label}, 2 workers`, row.model, row.constants, [...row.flags, '--workers', '2']));
    together.push(Math.max(...(await measureVigilTogether(2, row.model, row.constants, row.flags))));
  }
  const first = one[0]!;
  for (const run of two) {
    if (run.distinct !== first.distinct || run.generated !== first.generated) throw new Error(`${row.label}: 2 workers found ${run.distinct}/${run.generated}, 1 worker ${first.distinct}/${first.generated}`);
  }
  const wall = (runs: VigilMeasurement[]) => median(runs.map((r) => r.wallMs));
  const cpu = (runs: VigilMeasurement[]) => median(runs.map((r) => r.cpuMs));
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| ${row.label} | ${first.distinct.toLocaleString('en-US')} | ${first.generated.toLocaleString('en-US')} | ${seconds(wall(one))} | ${seconds(wall(two))} | ` +
      `${(wall(one) / wall(two)).toFixed(2)}x | ${((2 * wall(one)) / median(together)).toFixed(2)}x | ${seconds(cpu(one))} | ${seconds(cpu(two))} |`,
  );
}

/** Prints the row's line for `workers` and returns its median wall time. */
function measure(workers: number, constants: Record<string, string | number | boolean>): number {
  const runs = measureRuns(workers, constants);
  printRow(String(workers), runs);
  return median(runs.map((r) => r.wallMs));
}

function measureRuns(workers: number, constants: Record<string, string | number | boolean>): VigilMeasurement[] {
  const runs: VigilMeasurement[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(measureVigil(`row 1, ${workers} workers`, 'vfio-pm', constants, ['--workers', String(workers), '--no-symmetry']));
  return runs;
}

function printRow(label: string, runs: VigilMeasurement[]): void {
  const first = runs[0]!;
  const wall = median(runs.map((r) => r.wallMs));
  const cpu = median(runs.map((r) => r.cpuMs));
  console.log(
    `| ${label} | ${first.distinct.toLocaleString('en-US')} | ${first.generated.toLocaleString('en-US')} | ${first.depth} | ${(wall / 1000).toFixed(1)} | ` +
      `${(cpu / 1000).toFixed(1)} | ${((first.distinct / wall) * 1000 / 1e3).toFixed(0)} k/s | ${first.bytesPerState} | ${mb(median(runs.map((r) => r.peakRssBytes)))} |`,
  );
}
