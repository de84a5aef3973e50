// `npm run bench:cluster`: the single engine (one process) against `--cluster local:2`
// and `local:4` on counter-grid 8^8 and vfio-pm full.yaml row 1 (unreduced): wall
// time, bytes on the wire per cross-shard successor against its packed size,
// messages (batches) per second, and CPU per state (coordinator + workers +
// nats-server, from /proc) against the single engine. SCALE=small runs counter-grid
// 8^6 and the vfio-pm smoke configuration instead (minutes instead of an hour);
// SCALE=medium counter-grid 8^7 only; SCALE=row1 full.yaml row 1 only. WORKERS=2
// runs local:2 only (default 2,4); PARTITION=auto,fingerprint adds owners by fingerprint. CEILING=1 also runs two single-engine copies at
// once: the most any two-process split of a run can gain on this machine.
// ROUNDS=n (default 1) alternates the single engine and the cluster runs n times and
// ends each model with the medians: this machine's speed drifts by 10% over minutes,
// so one single run followed by one cluster run can tilt the ratio either way.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { checkCluster, type ClusterStats } from '../checker/cluster/cluster-search.js';
import { startLocalCluster } from '../checker/cluster/local-cluster.js';
import { fullYamlRow } from './full-yaml-row.js';
import { measureVigil, measureVigilTogether, median } from './measure.js';

const small = process.env.SCALE === 'small';
const medium = process.env.SCALE === 'medium';
const row1Only = process.env.SCALE === 'row1';
const clusterSizes = (process.env.WORKERS ?? '2,4').split(',').map(Number);
// PARTITION=auto,fingerprint also runs each cluster size with owners by fingerprint (the default is auto only).
const partitions = (process.env.PARTITION ?? 'auto').split(',') as ('auto' | 'fingerprint')[];
const ROW1 = fullYamlRow(0);
const SMOKE = { ops: 3, menu: 'ENTRY,ENTRY_WAKEUP,EXIT,OTHER', vcpu: 2, host: 1, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false };
const runs: [string, string, Record<string, string | number | boolean>][] = small
  ? [['counter-grid 8^6', 'counter-grid', { N: 6, K: 8 }], ['vfio-pm smoke', 'vfio-pm', SMOKE]]
  : medium
    ? [['counter-grid 8^7', 'counter-grid', { N: 7, K: 8 }]]
    : row1Only
      ? [['vfio-pm full.yaml row 1', 'vfio-pm', ROW1]]
      : [['counter-grid 8^8', 'counter-grid', { N: 8, K: 8 }], ['vfio-pm full.yaml row 1', 'vfio-pm', ROW1]];

console.log(`bench:cluster ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (the machine is shared)`);
// "sent": successors put on the wire (the others were admitted by their own shard, or sent before in the level).
console.log('| model | engine | distinct | generated | depth | wall s | vs single | wire B/successor sent (packed) | crossed | sent | batches/s | CPU µs/state (vs single) | owners by |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 1));

for (const [label, model, constants] of runs) {
  const singleWalls: number[] = [];
  /** Per cluster configuration: its walls and its ratios to the single run of the same round. */
  const clusterRounds = new Map<string, { walls: number[]; ratios: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    const single = measureVigil(`${label}, single`, model, constants, ['--no-symmetry']);
    singleWalls.push(single.wallMs);
    const singleCpuPerState = (single.cpuMs * 1000) / single.distinct;
    console.log(`| ${label} | single | ${single.distinct} | ${single.generated} | ${single.depth} | ${(single.wallMs / 1000).toFixed(1)} | 1.00x | - | - | - | - | ${singleCpuPerState.toFixed(2)} | - |`);
    if (process.env.CEILING === '1') {
      const together = await measureVigilTogether(2, model, constants, ['--no-symmetry']);
      const slowest = Math.max(...together);
      // Two whole runs in `slowest` ms: a run split perfectly over two processes would take half that.
      console.log(`| ${label} | ceiling: 2 single runs at once | | | | ${together.map((ms) => (ms / 1000).toFixed(1)).join(' and ')} | ${((2 * single.wallMs) / slowest).toFixed(2)}x | - | - | - | - | - | - |`);
    }
    for (const workers of clusterSizes) for (const partition of partitions) {
      const { result, stats, cpuMs } = await onLocalCluster(workers, model, constants, partition);
      if (result.distinctStates !== single.distinct || result.generatedStates !== single.generated || result.depth !== single.depth) throw new Error(`${label} local:${workers}: counts differ from the single engine`);
      const perSuccessor = stats.wireBytes / Math.max(stats.records, 1);
      const cpuPerState = (cpuMs * 1000) / result.distinctStates;
      const key = `local:${workers}${partitions.length > 1 ? ` (${partition})` : ''}`;
      const kept = clusterRounds.get(key) ?? { walls: [], ratios: [] };
      kept.walls.push(stats.wallMs);
      kept.ratios.push(single.wallMs / stats.wallMs);
      clusterRounds.set(key, kept);
      console.log(
        `| ${label} | local:${workers} | ${result.distinctStates} | ${result.generatedStates} | ${result.depth} | ${(stats.wallMs / 1000).toFixed(1)} | ${(single.wallMs / stats.wallMs).toFixed(2)}x | ` +
          `${perSuccessor.toFixed(1)} (${stats.recordBytes}, ${(perSuccessor / stats.recordBytes).toFixed(3)}x) | ${((100 * stats.crossShard) / stats.successors).toFixed(0)}% | ${((100 * stats.records) / stats.successors).toFixed(0)}% | ` +
          `${Math.round(stats.batches / (stats.wallMs / 1000))} | ${cpuPerState.toFixed(2)} (${(cpuPerState / singleCpuPerState).toFixed(2)}x) | ${stats.partitionKey.length > 0 ? `words ${stats.partitionKey.join(',')}` : 'fingerprint'} |`,
      );
    }
  }
  if (ROUNDS > 1) {
    for (const [key, { walls, ratios }] of clusterRounds) {
      console.log(`${label}, ${ROUNDS} rounds: single median ${(median(singleWalls) / 1000).toFixed(1)} s, ${key} median ${(median(walls) / 1000).toFixed(1)} s; median of the rounds' ratios ${median(ratios).toFixed(2)}x (${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    }
  }
}

async function onLocalCluster(workers: number, model: string, constants: Record<string, unknown>, partition: 'auto' | 'fingerprint') {
  const cluster = await startLocalCluster(workers);
  try {
    let stats: ClusterStats | undefined;
    const before = process.cpuUsage();
    // Snapshots at the default interval, as a user's run takes them (segments: each state is written once).
    const result = await checkCluster({ registered: model }, { url: cluster.server.url, workers, constants, temporal: false, symmetry: false, partition, onFinished: (s) => (stats = s) });
    const own = process.cpuUsage(before);
    const workerMs = cluster.workers.map((child) => cpuOf(child.pid));
    const serverMs = cpuOf(cluster.server.pid());
    const coordinatorMs = (own.user + own.system) / 1000;
    const cpuMs = coordinatorMs + serverMs + workerMs.reduce((sum, ms) => sum + ms, 0);
    // Where the CPU went, for the cost of the split (the table has the total only).
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.error(`local:${workers} CPU s: workers ${workerMs.map(seconds).join(', ')}; nats-server ${seconds(serverMs)}; coordinator ${seconds(coordinatorMs)}`);
    return { result, stats: stats!, cpuMs };
  } finally {
    await cluster.stop();
  }
}

/** User + system CPU of a running process, from /proc (clock ticks of 10 ms). */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
