// `npm run bench`: the macro benchmark. Each configuration runs in its own child
// process (so peak RSS is its own), three times; the table shows medians.
// Usage: node dist/bench/macro.js [--quick] [--workers N] [--only TEXT]  (--only: rows whose label contains TEXT)
import { SMOKE } from '../models/vfio-pm/config.js';
import { mb, measureVigil, median, perSecond, type VigilMeasurement } from './measure.js';

interface Config {
  readonly label: string;
  readonly model: string;
  readonly constants: Record<string, number | string | boolean>;
  /** Extra flags: --no-symmetry, and (one worker only) --fingerprint-bits 96, --queue-memory BYTES. */
  readonly flags?: string[];
}

const CONFIGS: Config[] = [
  { label: 'counter-grid 8^7', model: 'counter-grid', constants: { N: 7, K: 8 } },
  { label: 'counter-grid 8^7, 96-bit fingerprints', model: 'counter-grid', constants: { N: 7, K: 8 }, flags: ['--fingerprint-bits', '96'] },
  { label: 'counter-grid 8^7, queue spilled past 256 KiB (58 chunks)', model: 'counter-grid', constants: { N: 7, K: 8 }, flags: ['--queue-memory', String(256 << 10)] },
  { label: 'counter-grid 8^8', model: 'counter-grid', constants: { N: 8, K: 8 } },
  { label: 'twophase RM=7', model: 'twophase', constants: { RM: 7 } },
  // The vfio rows run without symmetry so they stay comparable with earlier tables (bench:symmetry has both).
  { label: 'vfio-pm verify (2 threads x 3 ops, vCPU x 2, host x 1)', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 3, vcpu: 2, host: 1 }, flags: ['--no-symmetry'] },
  // Safety-only versus liveness (L1, L2, L4 under kernel fairness) on the same configuration.
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2, host x 1, safety only', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 2, vcpu: 2, host: 1 }, flags: ['--no-symmetry'] },
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2, host x 1, with liveness', model: 'vfio-pm', constants: { ...SMOKE, threads: 2, ops: 2, vcpu: 2, host: 1, liveness: true }, flags: ['--no-symmetry'] },
];

const args = process.argv.slice(2);
const runs = args.includes('--quick') ? 1 : 3;
const workers = args.includes('--workers') ? args[args.indexOf('--workers') + 1]! : '1';
const livenessNotes: string[] = [];

console.log(`Vigil macro benchmark, ${new Date().toISOString()}, ${runs} run(s) each, workers=${workers}`);
console.log('| configuration | distinct | generated | depth | wall s | distinct/s | generated/s | bytes/state | peak RSS |');
console.log('|---|---|---|---|---|---|---|---|---|');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : '';
const oneWorkerOnly = (config: Config) => (config.flags ?? []).some((flag) => flag === '--fingerprint-bits' || flag === '--queue-memory');
for (const config of CONFIGS.filter((c) => c.label.includes(only))) {
  if (workers !== '1' && oneWorkerOnly(config)) continue;
  let samples: VigilMeasurement[];
  try {
    samples = Array.from({ length: runs }, () => measureVigil(config.label, config.model, config.constants, ['--workers', workers, ...(config.flags ?? [])]));
  } catch (error) {
    console.log(`| ${config.label} | not run: ${(error as Error).message.split('\n')[0]} |`);
    continue;
  }
  const wall = median(samples.map((s) => s.wallMs));
  const first = samples[0]!;
  console.log(
    `| ${config.label} | ${first.distinct} | ${first.generated} | ${first.depth} | ${(wall / 1000).toFixed(2)} | ` +
      `${perSecond(first.distinct, wall)} | ${perSecond(first.generated, wall)} | ${first.bytesPerState} | ${mb(median(samples.map((s) => s.peakRssBytes)))} |`,
  );
  const live = first.liveness;
  if (live) {
    livenessNotes.push(
      `${config.label}: liveness graph ${live.edges} edges, ${live.bytesPerState} bytes/state + ${live.bytesPerEdge} bytes/edge ` +
        `(on top of the safety search's ${first.bytesPerState} bytes/state), liveness pass ${(median(samples.map((s) => s.liveness!.durationMs)) / 1000).toFixed(2)} s`,
    );
  }
}
for (const note of livenessNotes) console.log(`\n${note}`);
