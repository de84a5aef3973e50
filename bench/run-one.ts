// Child process of measure.ts: one check, its JSON report plus peak RSS on stdout.
// check.js, not the library index: the index also loads the reporting, explorer and
// reference-engine modules, start-up time a `vigil check` run does not pay.
// With --workers the threads start first, as `vigil check --workers N` starts them.
const [model, constantsJson, ...flags] = process.argv.slice(2);
const workers = flags.includes('--workers') ? Number(flags[flags.indexOf('--workers') + 1]) : 1;
if (workers > 1) (await import('../checker/parallel/worker-pool.js')).prestartWorkers(workers - 1);
const { check } = await import('../checker/check.js');
const { registry } = await import('../models/registry.js');

const load = registry[model!];
if (!load) throw new Error(`unknown model ${model}`);
const spec = (await load()).default;
const symmetry = !flags.includes('--no-symmetry');
const result = await runCheck();
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...result, trace: null, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 }));

async function runCheck() {
  if (workers > 1) {
    const { checkParallel } = await import('../checker/parallel/coordinator.js');
    const registryUrl = new URL('../models/registry.js', import.meta.url).href;
    return checkParallel({ moduleUrl: registryUrl, registryName: model! }, workers, { constants: JSON.parse(constantsJson!), symmetry });
  }
  const flag = (name: string) => (flags.includes(name) ? flags[flags.indexOf(name) + 1] : undefined);
  const queueMemory = flag('--queue-memory');
  return check(spec, {
    constants: JSON.parse(constantsJson!),
    symmetry,
    temporal: !flags.includes('--no-liveness'),
    fingerprintBits: flag('--fingerprint-bits') ? Number(flag('--fingerprint-bits')) : undefined,
    queueMemoryBytes: queueMemory !== undefined ? Number(queueMemory) : undefined,
    expectedStates: flag('--expected-states') ? Number(flag('--expected-states')) : undefined,
  });
}
