// `npm run bench:vfio-full`: full.yaml's first row (every vfio-pm actor at once,
// 16.4 M distinct states, unreduced as the row declares) with one worker and with
// one worker per core, each in its own child process. Prints docs/performance.md's row.
// RUNS=n repeats each (medians); default 1: the pair takes several minutes.
import { availableParallelism } from 'node:os';
import { mb, measureVigil, median, type VigilMeasurement } from './measure.js';

const ROW = {
  threads: 2,
  ops: 2,
  menu: 'INTX_ON,INTX_MASK,ENTRY,ENTRY_WAKEUP,EXIT',
  vcpu: 2,
  host: 1,
  intx: 1,
  pme: 1,
  sysfs: 1,
  sriov: 1,
  sibling: false,
  siblingFails: false,
  failures: true,
};
const RUNS = Number(process.env.RUNS ?? 1);
const cores = availableParallelism();

console.log(`vfio-pm full.yaml row 1, ${new Date().toISOString()}, ${RUNS} run(s) each, ${cores} cores`);
console.log('| workers | distinct | generated | depth | wall s | CPU s | distinct/s | bytes/state | peak RSS |');
console.log('|---|---|---|---|---|---|---|---|---|');
const oneWorker = measure(1);
const allCores = cores > 1 ? measure(cores) : undefined;
if (allCores) console.log(`Speed-up with ${cores} workers: ${(oneWorker / allCores).toFixed(2)}x (wall, medians).`);

function measure(workers: number): number {
  const runs: VigilMeasurement[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(measureVigil(`row 1, ${workers} workers`, 'vfio-pm', ROW, ['--workers', String(workers), '--no-symmetry']));
  const first = runs[0]!;
  const wall = median(runs.map((r) => r.wallMs));
  const cpu = median(runs.map((r) => r.cpuMs));
  console.log(
    `| ${workers} | ${first.distinct.toLocaleString('en-US')} | ${first.generated.toLocaleString('en-US')} | ${first.depth} | ${(wall / 1000).toFixed(1)} | ` +
      `${(cpu / 1000).toFixed(1)} | ${((first.distinct / wall) * 1000 / 1e3).toFixed(0)} k/s | ${first.bytesPerState} | ${mb(median(runs.map((r) => r.peakRssBytes)))} |`,
  );
  return wall;
}
