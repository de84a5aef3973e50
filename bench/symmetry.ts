// `npm run bench:symmetry`: what symmetry reduction buys. Each row runs with and
// without the model's declared symmetry, each run in its own child process; the
// table shows states, wall time (medians) and the reduction ratio.
// Usage: node dist/bench/symmetry.js [--quick] [--workers N]
import { SMOKE } from '../models/vfio-pm/config.js';
import { measureVigil, median, type VigilMeasurement } from './measure.js';

interface Row {
  readonly label: string;
  readonly model: string;
  readonly constants: Record<string, number | string | boolean>;
}

const ROWS: Row[] = [
  { label: 'TwoPhase RM = 7 model values (TLC with Permutations(RM): 26 s)', model: 'tlaplus/MCTwoPhaseSym', constants: { RM: 'r1,r2,r3,r4,r5,r6,r7' } },
  // The vfio rows start from the smoke configuration, as bench/macro.ts does: the model's
  // default is now the whole protocol, far larger than these rows.
  { label: 'vfio-pm 2 threads x 2 ops {ENTRY, ENTRY_WAKEUP, EXIT}, vCPU x 1, host x 1', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 2, menu: 'ENTRY,ENTRY_WAKEUP,EXIT', vcpu: 1, host: 1 } },
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2, host x 1', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 2, vcpu: 2, host: 1 } },
  { label: 'vfio-pm 2 threads x 3 ops, vCPU x 2, host x 1', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 3, vcpu: 2, host: 1 } },
];

const args = process.argv.slice(2);
const runs = args.includes('--quick') ? 1 : 3;
const workers = args.includes('--workers') ? args[args.indexOf('--workers') + 1]! : '1';

console.log(`Vigil symmetry benchmark, ${new Date().toISOString()}, ${runs} run(s) each, workers=${workers}`);
console.log('| configuration | distinct (symmetry) | generated | wall s | CPU s | distinct (none) | generated | wall s | CPU s | states ratio | CPU ratio |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of ROWS) {
  const measure = (extra: string[]) => Array.from({ length: runs }, () => measureVigil(row.label, row.model, row.constants, ['--workers', workers, ...extra]));
  let reduced: VigilMeasurement[];
  let full: VigilMeasurement[];
  try {
    reduced = measure([]);
    full = measure(['--no-symmetry']);
  } catch (error) {
    console.log(`| ${row.label} | not run: ${(error as Error).message.split('\n')[0]} |`);
    continue;
  }
  const reducedWall = median(reduced.map((s) => s.wallMs));
  const fullWall = median(full.map((s) => s.wallMs));
  const reducedCpu = median(reduced.map((s) => s.cpuMs));
  const fullCpu = median(full.map((s) => s.cpuMs));
  const r = reduced[0]!;
  const f = full[0]!;
  console.log(
    `| ${row.label} | ${r.distinct} | ${r.generated} | ${(reducedWall / 1000).toFixed(2)} | ${(reducedCpu / 1000).toFixed(2)} | ` +
      `${f.distinct} | ${f.generated} | ${(fullWall / 1000).toFixed(2)} | ${(fullCpu / 1000).toFixed(2)} | ` +
      `${(f.distinct / r.distinct).toFixed(2)}x | ${(fullCpu / reducedCpu).toFixed(2)}x |`,
  );
}
