// `node dist/bench/interrupt-overhead.js [BASE_CHECKOUT]`: what the signal and
// checkpoint machinery costs a safety run that is never interrupted. Each variant
// runs in its own child process, alternately, five times; the table shows the
// median and minimum CPU time (user + system, from /usr/bin/time), which a shared machine's
// load disturbs far less than wall time.
//   sync      check() (the library call; its loop now tests a "paused" flag)
//   sliced    checkAsync() with a StopRequest: 100 ms slices, yielding between (what the CLI runs)
//   snapshot  checkAsync() with --checkpoint at TLC's default 30 min (so no snapshot is due)
//   base      check() of BASE_CHECKOUT's dist (the commit before this work), when given
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const base = process.argv[2];
const here = fileURLToPath(new URL('.', import.meta.url));
const CONFIGS = [
  { label: 'counter-grid 8^7', model: 'counter-grid', constants: { N: 7, K: 8 } },
  { label: 'vfio-pm 2 threads x 2 ops, vCPU x 2', model: 'vfio-pm', constants: { threads: 2, ops: 2 } },
];
const RUNS = 5;

/** CPU milliseconds (user + system) of one child run. */
function timed(script: string, args: string[]): number {
  const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const output = run.stderr.toString();
  if (run.status !== 0) throw new Error(`${script} failed: ${output}`);
  const match = /cpu (\S+) (\S+)\s*$/.exec(output);
  if (!match) throw new Error(`no timing in: ${output}`);
  return (Number(match[1]) + Number(match[2])) * 1000;
}

console.log(`interrupt/checkpoint overhead, ${new Date().toISOString()}, median (minimum) of ${RUNS} runs, CPU ms per run (user + system, process start included)`);
console.log('| configuration | base | sync | sliced | snapshot |');
console.log('|---|---|---|---|---|');
for (const config of CONFIGS) {
  const samples: Record<string, number[]> = { base: [], sync: [], sliced: [], snapshot: [] };
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  for (let run = 0; run < RUNS; run++) {
    const constants = JSON.stringify(config.constants);
    if (base) samples.base!.push(timed(join(base, 'dist/bench/run-one.js'), [config.model, constants]));
    samples.sync!.push(timed(join(here, 'run-one.js'), [config.model, constants]));
    samples.sliced!.push(timed(join(here, 'interrupt-run.js'), [config.model, constants]));
    samples.snapshot!.push(timed(join(here, 'interrupt-run.js'), [config.model, constants, dir]));
  }
  rmSync(dir, { recursive: true, force: true });
  // Median, then the minimum: on a loaded machine the fastest run is the least disturbed one.
  const cell = (name: string) => (samples[name]!.length ? `${median(samples[name]!).toFixed(0)} (${Math.min(...samples[name]!).toFixed(0)})` : '–');
  console.log(`| ${config.label} | ${cell('base')} | ${cell('sync')} | ${cell('sliced')} | ${cell('snapshot')} |`);
}
