// `npm run bench:simulate`: random-walk simulation speed (steps per second) on
// vfio-pm configurations too large or too slow to exhaust comfortably, seeded so
// every run takes the same walks; BFS speed on a smaller configuration for scale.
import { check } from '../checker/index.js';
import { simulate } from '../checker/simulate/simulate.js';
import { registry } from '../models/registry.js';

const spec = (await registry['vfio-pm']!()).default;
const CONFIGS = [
  { label: 'vfio-pm smoke (1 thread x 3 ops, vCPU x 2, host x 1)', constants: {} },
  { label: 'vfio-pm 2 threads x 3 ops, vCPU x 2, host x 1', constants: { threads: 2, ops: 3, vcpu: 2, host: 1 } },
  { label: 'vfio-pm 2 threads x 4 ops, vCPU x 2, host x 2, PME x 1', constants: { threads: 2, ops: 4, vcpu: 2, host: 2, pme: 1 } },
];
const traces = process.argv.includes('--quick') ? 200 : 2000;

console.log(`Vigil simulate, ${new Date().toISOString()}, seed 1, ${traces} walks of at most 100 states`);
console.log('| configuration | walks | steps | distinct seen | time | steps/s |');
console.log('|---|---|---|---|---|---|');
for (const config of CONFIGS) {
  const result = simulate(spec, { constants: config.constants, seed: 1, traces });
  if (result.verdict !== 'ok') throw new Error(`${config.label}: ${result.message}`);
  const { steps, traces: walks, stepsPerSecond } = result.simulation;
  console.log(`| ${config.label} | ${walks} | ${steps} | ${result.distinctStates} | ${(result.durationMs / 1000).toFixed(2)} s | ${stepsPerSecond} |`);
}
const bfs = check(spec, { constants: { threads: 2, ops: 2, vcpu: 2, host: 1 } });
console.log(`For scale, BFS on 2 threads x 2 ops: ${bfs.generatedStates} generated in ${(bfs.durationMs / 1000).toFixed(2)} s (${Math.round(bfs.generatedStates / (bfs.durationMs / 1000))} generated/s).`);
