// `npm run bench:coverage`: the cost of --coverage. Each configuration is checked
// in fresh child processes, with and without coverage, alternating, five times; the
// table shows the median CPU time of the check itself (on a shared machine, wall
// time mostly measures the wait for a core).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const CONFIGS = [
  { label: 'counter-grid 8^7', model: 'counter-grid', constants: { N: 7, K: 8 } },
  { label: 'twophase RM=7', model: 'twophase', constants: { RM: 7 } },
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2, host x 1', model: 'vfio-pm', constants: { threads: 2, ops: 2, vcpu: 2, host: 1 } },
];
const runner = resolve(dirname(fileURLToPath(import.meta.url)), 'coverage-one.js');
const runs = process.argv.includes('--quick') ? 2 : 5;

function once(model: string, constants: object, mode: 'plain' | 'coverage'): { cpuMs: number; distinct: number; generated: number } {
  const child = spawnSync(process.execPath, [runner, model, JSON.stringify(constants), mode], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${model} ${mode}: exit ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

console.log(`Vigil coverage overhead, ${new Date().toISOString()}, ${runs} alternating child runs each (median CPU time)`);
console.log('| configuration | distinct | generated | CPU without | CPU with --coverage | overhead |');
console.log('|---|---|---|---|---|---|');
for (const config of CONFIGS) {
  const plain: number[] = [];
  const covered: number[] = [];
  let counts = '';
  for (let i = 0; i < runs; i++) {
    const a = once(config.model, config.constants, 'plain');
    const b = once(config.model, config.constants, 'coverage');
    if (a.distinct !== b.distinct || a.generated !== b.generated) throw new Error(`${config.label}: coverage changed the counts`);
    plain.push(a.cpuMs);
    covered.push(b.cpuMs);
    counts = `${a.distinct} | ${a.generated}`;
  }
  const without = median(plain);
  const withCoverage = median(covered);
  console.log(`| ${config.label} | ${counts} | ${(without / 1000).toFixed(2)} s | ${(withCoverage / 1000).toFixed(2)} s | ${(((withCoverage - without) / without) * 100).toFixed(1)}% |`);
}
