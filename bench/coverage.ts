// `npm run bench:coverage`: the cost of --coverage. Each configuration is checked
// with and without coverage, alternating in one process (so machine load hits both
// alike), five times; the table shows median search times and the overhead.
import { check } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { median } from './measure.js';

const CONFIGS = [
  { label: 'counter-grid 8^7', model: 'counter-grid', constants: { N: 7, K: 8 } },
  { label: 'twophase RM=7', model: 'twophase', constants: { RM: 7 } },
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2, host x 1', model: 'vfio-pm', constants: { threads: 2, ops: 2, vcpu: 2, host: 1 } },
];
const runs = process.argv.includes('--quick') ? 2 : 5;

console.log(`Vigil coverage overhead, ${new Date().toISOString()}, ${runs} alternating runs each (median search time)`);
console.log('| configuration | distinct | generated | without | with --coverage | overhead |');
console.log('|---|---|---|---|---|---|');
for (const config of CONFIGS) {
  const spec = (await registry[config.model]!()).default;
  const plain: number[] = [];
  const covered: number[] = [];
  let counts = '';
  for (let i = 0; i < runs; i++) {
    const a = check(spec, { constants: config.constants });
    const b = check(spec, { constants: config.constants, coverage: true });
    if (a.distinctStates !== b.distinctStates || a.generatedStates !== b.generatedStates) throw new Error(`${config.label}: coverage changed the counts`);
    plain.push(a.durationMs);
    covered.push(b.durationMs);
    counts = `${a.distinctStates} | ${a.generatedStates}`;
  }
  const without = median(plain);
  const withCoverage = median(covered);
  console.log(`| ${config.label} | ${counts} | ${(without / 1000).toFixed(2)} s | ${(withCoverage / 1000).toFixed(2)} s | ${(((withCoverage - without) / without) * 100).toFixed(1)}% |`);
}
