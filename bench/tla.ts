// `npm run bench:tla -- PATH_TO_TLAPLUS_EXAMPLES` (TLC_JAR=/path/to/tla2tools.jar):
// Vigil reading TLA+ directly against TLC with one worker, on five specs of the
// tlaplus/Examples corpus with 100 k to 1 M distinct states, read in place. The
// two checkers take turns (RUNS=n rounds, default 3) so that the shared machine's
// load falls on both alike; each figure is a median of whole-process wall times.
// TLA_LIBRARY=DIR is passed to TLC as -DTLA-Library (SimpleRegular extends TLAPS,
// which TLC does not ship: a folder with a TLAPS.tla stand-in).
// WIDE=1: instead of the five, every model of the corpus whose manifest records an
// exhaustive search of at least 100 k distinct states in at most MAX_RUNTIME
// seconds (default 60): the wider view behind the choice of five.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

/** WIDE=1's models: [spec, cfg] relative to specifications/, smallest recorded runtime first. */
function wideSpecs(root: string, maxRuntimeSeconds: number): [string, string][] {
  const specs = join(root, 'specifications');
  const found: { runtime: number; spec: string; cfg: string }[] = [];
  for (const dir of readdirSync(specs)) {
    const manifest = join(specs, dir, 'manifest.json');
    if (!existsSync(manifest)) continue;
    const data = JSON.parse(readFileSync(manifest, 'utf8')) as { modules?: { path: string; models?: { path: string; mode?: string; runtime?: string; distinctStates?: number }[] }[] };
    for (const module of data.modules ?? []) {
      for (const model of module.models ?? []) {
        if (model.mode !== 'exhaustive search' || (model.distinctStates ?? 0) < 100_000) continue;
        const [h, m, sec] = (model.runtime ?? '99:00:00').split(':').map(Number);
        const runtime = h! * 3600 + m! * 60 + sec!;
        if (runtime > maxRuntimeSeconds) continue;
        const relative = (path: string) => path.replace(/^specifications\//, '');
        found.push({ runtime, spec: relative(module.path), cfg: relative(model.path) });
      }
    }
  }
  return found.sort((a, b) => a.runtime - b.runtime || a.spec.localeCompare(b.spec)).map(({ spec, cfg }) => [spec, cfg]);
}

/** The `vigil` command as users run it (package.json "bin": its node settings included). */
const vigilCommand = fileURLToPath(new URL('../../checker/cli/vigil', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);

function runVigil(spec: string, cfg: string): TlcRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(vigilCommand, ['check', spec, '--config', cfg, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } });
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
  // A class path (tla2tools.jar:CommunityModules.jar) for the specs that extend community modules.
  const missing = jar?.split(':').find((part) => !existsSync(part));
  if (missing !== undefined) {
    process.stderr.write(`TLC_JAR=${jar}: no such file: ${missing}\n`);
    process.exitCode = 151;
    return;
  }
  console.log(`TLA+ benchmark, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${RUNS} rounds, whole-process wall times (medians).`);
  if (!jar) console.log('TLC: not run (set TLC_JAR=/path/to/tla2tools.jar): only Vigil is timed.');
  console.log('| spec | config | distinct | generated | depth | Vigil s | TLC s | Vigil speed / TLC | same counts |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const specs = process.env.WIDE === '1' ? wideSpecs(root, Number(process.env.MAX_RUNTIME ?? 60)) : SPECS;
  for (const [spec, cfg] of specs) {
    try {
      benchOne(root, spec, cfg, jar);
    } catch (error) {
      console.log(`| ${spec} | ${cfg.split('/').pop()} | not measured: ${(error as Error).message.split('\n')[0]} |`);
    }
  }
}

function benchOne(root: string, spec: string, cfg: string, jar: string | undefined): void {
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

main();
