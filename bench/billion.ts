// `npm run bench:billion`: counter-grid N=10, K=8 (1,073,741,824 distinct states) with
// one worker, 96-bit fingerprints, a presized table and the BFS queue spilling to disk
// past a memory budget. Prints wall time, peak RSS, bytes per state, disk used, both
// collision estimates, and what TLC and SPIN would need at their measured rates.
// BILLION_N / BILLION_K choose a smaller grid to try the script out first.
import { measureVigil, mb } from './measure.js';

const N = Number(process.env.BILLION_N ?? 10);
const K = Number(process.env.BILLION_K ?? 8);
const QUEUE_MEMORY = Number(process.env.BILLION_QUEUE_MEMORY ?? 128 * 2 ** 20);
const states = K ** N;

// Peer rates on counter-grid 8^7 (2,097,152 states) on this machine class: TLC 2.19 with
// one worker, 16.9 s (issue 15's table); SPIN 6.5 -DBFS with exact storage used 158 MB
// for those states (`bench/peers/countergrid.pml`), about 75 bytes a state.
const TLC_STATES_PER_SECOND = 2_097_152 / 16.9;
const SPIN_BYTES_PER_STATE = 75;

console.log(`counter-grid N=${N} K=${K}: ${states.toLocaleString('en-US')} states expected, started ${new Date().toISOString()}`);
const run = measureVigil('billion', 'counter-grid', { N, K }, [
  '--fingerprint-bits', '96',
  '--expected-states', String(states),
  '--queue-memory', String(QUEUE_MEMORY),
]);
const report = run.report;
const spill = report.queueSpill;
console.log(`distinct ${run.distinct.toLocaleString('en-US')}, generated ${run.generated.toLocaleString('en-US')}, depth ${run.depth}`);
console.log(`wall ${(run.wallMs / 60000).toFixed(1)} min (${(run.distinct / (run.wallMs / 1000) / 1e3).toFixed(0)} k distinct/s), CPU ${(run.cpuMs / 60000).toFixed(1)} min`);
console.log(`peak RSS ${mb(run.peakRssBytes)}, ${(run.peakRssBytes / run.distinct).toFixed(1)} bytes per state (RSS); table + links ${run.bytesPerState} bytes per state`);
if (spill) console.log(`queue: ${mb(spill.memoryBytes)} in memory, ${spill.chunksWritten} chunks written to disk, at most ${mb(spill.peakBytesOnDisk)} on disk at once`);
const collision = report.collisionProbability as { optimistic: number; actual: number; optimistic64?: number };
console.log(`collision probability: optimistic ${collision.optimistic.toExponential(1)} (96 bits), ${collision.optimistic64?.toExponential(1)} had it used 64 bits; from the fingerprints ${collision.actual.toExponential(1)}`);
console.log(`TLC at ${(TLC_STATES_PER_SECOND / 1e3).toFixed(0)} k states/s would need ${(states / TLC_STATES_PER_SECOND / 3600).toFixed(1)} h (before its own slowdown at size)`);
console.log(`SPIN exact storage at ${SPIN_BYTES_PER_STATE} bytes a state would need ${((states * SPIN_BYTES_PER_STATE) / 1e9).toFixed(0)} GB`);
