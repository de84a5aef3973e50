// `npm run bench:startup`: the start-up cost of a TypeScript model (types stripped by
// the loader hooks) against the same model as plain JavaScript. Each is run as a real
// `vigil check` child process, alternating, eleven times; medians of wall time and of
// the child's CPU time (user + system, all threads: on a loaded machine wall time
// mostly measures the wait for a core). The second and later .ts runs hit the
// loader's cache; the first run of a changed file also loads Sucrase.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(distRoot, 'checker/cli/main.js');
const dir = join(distRoot, 'bench/startup-models');
mkdirSync(dir, { recursive: true });
const body = (annotate: boolean) => `import { defineSpec, model, t } from '../../spec/index.js';
export default defineSpec({
  name: 'toggle',
  build: () =>
    model({ on: t.bool(), n: t.int(0, 3) })
      .initial({ on: false, n: 0 })
      .action('Flip', { when: (s${annotate ? ': { n: number }' : ''}) => s.n < 3 }, (next, _, s) => {
        next.on = !s.on;
        next.n = s.n + 1${annotate ? ' as number' : ''};
      })
      .deadlock(false),
});
`;
writeFileSync(join(dir, 'toggle.mjs'), body(false));
writeFileSync(join(dir, 'toggle.ts'), body(true));
// Preloaded into each child: reports the process's CPU time on exit.
writeFileSync(join(dir, 'cpu.mjs'), "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`CPU ${(u.user + u.system) / 1000}\\n`); });\n");

const runs = process.argv.includes('--quick') ? 3 : 11;
const times: Record<string, number[]> = { mjs: [], ts: [] };
const cpu: Record<string, number[]> = { mjs: [], ts: [] };
for (let i = 0; i < runs; i++) {
  for (const ext of ['mjs', 'ts']) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--import', join(dir, 'cpu.mjs'), cli, 'check', join(dir, `toggle.${ext}`), '--json'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`toggle.${ext}: exit ${run.status}: ${run.stderr}`);
    times[ext]!.push(Number(process.hrtime.bigint() - started) / 1e6);
    cpu[ext]!.push(Number(/CPU ([\d.]+)/.exec(run.stderr)![1]));
  }
}
const js = median(times.mjs!);
const ts = median(times.ts!);
const jsCpu = median(cpu.mjs!);
const tsCpu = median(cpu.ts!);
console.log(`vigil check start-up, ${new Date().toISOString()}, median of ${runs}:`);
console.log(`  wall: .mjs ${js.toFixed(0)} ms, .ts ${ts.toFixed(0)} ms, TypeScript overhead ${(ts - js).toFixed(0)} ms`);
console.log(`  CPU:  .mjs ${jsCpu.toFixed(0)} ms, .ts ${tsCpu.toFixed(0)} ms, TypeScript overhead ${(tsCpu - jsCpu).toFixed(0)} ms`);
