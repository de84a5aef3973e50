// `npm run bench:peers`: the same two models in Vigil, SPIN (breadth-first, exact
// state storage) and, when TLC_JAR is set, TLC with one worker. Prints counts
// (which must match) and wall-time ratios, medians of five runs each (RUNS=n to change),
// the checkers alternating.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureVigil, median } from '../measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = resolve(here, '../../../bench/peers');
const RUNS = Number(process.env.RUNS ?? 5);

interface PeerRun {
  readonly distinct: number;
  readonly generated: number;
  readonly wallMs: number;
}

const MODELS = [
  { label: 'counter-grid 8^7', vigil: ['counter-grid', { N: 7, K: 8 }] as const, pml: 'countergrid.pml', tla: ['CounterGrid.tla', 'CounterGrid.cfg'] },
  { label: 'twophase RM=7', vigil: ['twophase', { RM: 7 }] as const, pml: 'twophase.pml', tla: ['TwoPhaseBench.tla', 'TwoPhaseBench.cfg'] },
];

main();

function main(): void {
  const spinReady = ensureSpin();
  const tlcJar = process.env.TLC_JAR;
  console.log(`Peer benchmark, ${new Date().toISOString()}, ${RUNS} runs each, wall time including process start.`);
  if (!tlcJar) console.log('TLC: skipped (set TLC_JAR=/path/to/tla2tools.jar to include it).');
  console.log('| model | checker | distinct | generated | wall s | distinct/s | Vigil speed ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const model of MODELS) {
    // The checkers take turns (Vigil, SPIN, TLC, Vigil, ...) so that a change in the
    // shared machine's load falls on all of them alike; each row is a median.
    const runners: (() => PeerRun)[] = [
      () => {
        const m = measureVigil(model.label, model.vigil[0], model.vigil[1]);
        return { distinct: m.distinct, generated: m.generated, wallMs: m.wallMs };
      },
    ];
    if (spinReady) runners.push(() => runSpin(model.pml));
    if (tlcJar) runners.push(() => runTlc(tlcJar, model.tla[0]!, model.tla[1]!));
    const samples: PeerRun[][] = runners.map(() => []);
    for (let run = 0; run < RUNS; run++) runners.forEach((runner, i) => samples[i]!.push(runner()));
    const [vigil, ...peers] = samples.map((runs) => ({ ...runs[0]!, wallMs: median(runs.map((r) => r.wallMs)) }));
    row(model.label, 'Vigil (1 worker)', vigil!, vigil!);
    const names = [...(spinReady ? ['SPIN 6.5 -DBFS exact'] : []), ...(tlcJar ? ['TLC (1 worker)'] : [])];
    peers.forEach((peer, i) => compare(model.label, names[i]!, vigil!, peer));
  }
}

function compare(label: string, checker: string, vigil: PeerRun, peer: PeerRun): void {
  row(label, checker, peer, vigil);
  if (peer.distinct !== vigil.distinct || peer.generated !== vigil.generated) {
    console.log(`|  | COUNTS DIFFER: Vigil ${vigil.distinct}/${vigil.generated}, ${checker} ${peer.distinct}/${peer.generated} | | | | | |`);
  }
}

function row(label: string, checker: string, run: PeerRun, vigil: PeerRun): void {
  const ratio = run === vigil ? '1.00' : (run.wallMs / vigil.wallMs).toFixed(2);
  const rate = (run.distinct / (run.wallMs / 1000) / 1e6).toFixed(2);
  console.log(`| ${label} | ${checker} | ${run.distinct} | ${run.generated} | ${(run.wallMs / 1000).toFixed(2)} | ${rate} M/s | ${ratio}x |`);
}

/** Installs Debian's spin if it is missing; says why not when it cannot. */
function ensureSpin(): boolean {
  if (hasCommand('spin') && hasCommand('gcc')) return true;
  console.log('spin or gcc missing: installing them with apt-get ...');
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq spin gcc'], { encoding: 'utf8' });
  if (install.status === 0 && hasCommand('spin')) return true;
  console.log(`SPIN: cannot be installed here (apt-get exit ${install.status}: ${install.stderr.trim().split('\n').pop()}); SPIN rows skipped.`);
  return false;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Generates pan.c, compiles it for breadth-first search with exact storage, runs it. */
function runSpin(pml: string): PeerRun {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-spin-'));
  copyFileSync(join(sources, pml), join(dir, pml));
  execFileSync('spin', ['-a', pml], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DBFS', '-DNOREDUCE', '-DSAFETY', '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const started = process.hrtime.bigint();
  const out = execFileSync('./pan', ['-m100000000'], { cwd: dir, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { distinct: number(out, /(\d+) states, stored/), generated: number(out, /(\d+) transitions/), wallMs };
}

function runTlc(jar: string, tla: string, cfg: string): PeerRun {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tlc-'));
  copyFileSync(join(sources, tla), join(dir, tla));
  copyFileSync(join(sources, cfg), join(dir, cfg));
  const started = process.hrtime.bigint();
  const out = execFileSync('java', ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', '1', '-config', cfg, tla], { cwd: dir, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const totals = /([\d,]+) states generated, ([\d,]+) distinct states found/.exec(out);
  if (!totals) throw new Error(`TLC output not understood:\n${out.slice(-500)}`);
  return { generated: Number(totals[1]!.replace(/,/g, '')), distinct: Number(totals[2]!.replace(/,/g, '')), wallMs };
}

function number(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`SPIN output not understood:\n${text.slice(-500)}`);
  return Number(match[1]);
}
