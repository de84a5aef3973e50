// `npm run bench:tla -- PATH_TO_TLAPLUS_EXAMPLES` (TLC_JAR=/path/to/tla2tools.jar):
// Vigil reading TLA+ directly against TLC with one worker, on five specs of the
// tlaplus/Examples corpus with 100 k to 1 M distinct states, read in place. The
// two checkers take turns (RUNS=n rounds, default 3) so that the shared machine's
// load falls on both alike; each figure is a median of whole-process wall times.
// TLA_LIBRARY=DIR is passed to TLC as -DTLA-Library (SimpleRegular extends TLAPS,
// which TLC does not ship: a folder with a TLAPS.tla stand-in).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';
import { runTlc, type TlcRun } from './tlc.js';

/** Specs with 100 k-1 M states whose counts Vigil gives identically (docs/tla.md). */
const SPECS = [
  ['Disruptor/Disruptor_MPMC.tla', 'Disruptor/Disruptor_MPMC.cfg'],
  ['TeachingConcurrency/SimpleRegular.tla', 'TeachingConcurrency/SimpleRegular.cfg'],
  ['SlushProtocol/Slush.tla', 'SlushProtocol/SlushSmall.cfg'],
  ['CoffeeCan/CoffeeCan.tla', 'CoffeeCan/CoffeeCan1000Beans.cfg'],
  ['lamport_mutex/MCLamportMutex.tla', 'lamport_mutex/MCLamportMutex.cfg'],
] as const;

const cli = fileURLToPath(new URL('../checker/cli/main.js', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);

function runVigil(spec: string, cfg: string): TlcRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--stack-size=65500', '--max-old-space-size=8192', cli, 'check', spec, '--config', cfg, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`vigil check ${spec}: exit ${child.status}: ${child.stderr.trim().split('\n')[0]}`);
  const report = JSON.parse(child.stdout) as { distinctStates: number; generatedStates: number; depth: number };
  return { distinct: report.distinctStates, generated: report.generatedStates, depth: report.depth, wallMs };
}

function main(): void {
  const root = process.argv[2];
  if (!root || !existsSync(join(root, 'specifications'))) {
    process.stderr.write('usage: TLC_JAR=/path/to/tla2tools.jar npm run bench:tla -- PATH_TO_TLAPLUS_EXAMPLES\n');
    process.exitCode = 151;
    return;
  }
  const jar = process.env.TLC_JAR;
  if (jar && !existsSync(jar)) {
    process.stderr.write(`TLC_JAR=${jar}: no such file\n`);
    process.exitCode = 151;
    return;
  }
  console.log(`TLA+ benchmark, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} rounds, whole-process wall times (medians).`);
  if (!jar) console.log('TLC: not run (set TLC_JAR=/path/to/tla2tools.jar): only Vigil is timed.');
  console.log('| spec | config | distinct | generated | depth | Vigil s | TLC s | Vigil speed / TLC | same counts |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [spec, cfg] of SPECS) {
    const specPath = resolve(root, 'specifications', spec);
    const cfgPath = resolve(root, 'specifications', cfg);
    const vigilRuns: TlcRun[] = [];
    const tlcRuns: TlcRun[] = [];
    for (let round = 0; round < RUNS; round++) {
      vigilRuns.push(runVigil(specPath, cfgPath));
      if (jar) tlcRuns.push(runTlc(jar, specPath, cfgPath, undefined, process.env.TLA_LIBRARY));
    }
    const vigil = vigilRuns[0]!;
    const vigilMs = median(vigilRuns.map((r) => r.wallMs));
    const tlc = tlcRuns[0];
    const tlcMs = tlc ? median(tlcRuns.map((r) => r.wallMs)) : undefined;
    const same = tlc ? (tlc.distinct === vigil.distinct && tlc.generated === vigil.generated && tlc.depth === vigil.depth ? 'yes' : `no (TLC ${tlc.distinct}/${tlc.generated}/${tlc.depth})`) : '-';
    console.log(
      `| ${spec} | ${cfg.split('/').pop()} | ${vigil.distinct} | ${vigil.generated} | ${vigil.depth} | ${(vigilMs / 1000).toFixed(2)} | ${tlcMs !== undefined ? (tlcMs / 1000).toFixed(2) : 'not run'} | ${tlcMs !== undefined ? `${(tlcMs / vigilMs).toFixed(2)}x` : '-'} | ${same} |`,
    );
  }
}

main();
