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
import { runTlc } from '../tlc.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = resolve(here, '../../../bench/peers');
const RUNS = Number(process.env.RUNS ?? 5);

interface PeerRun {
  readonly distinct: number;
  readonly generated: number;
  readonly wallMs: number;
}

// TLC 2.19 with one worker on this machine class (issue 15's table), for when no
// TLC jar is at hand: printed as recorded figures, never as same-run ones.
const MODELS = [
  { label: 'counter-grid 8^7', vigil: ['counter-grid', { N: 7, K: 8 }] as const, pml: 'countergrid.pml', tla: ['CounterGrid.tla', 'CounterGrid.cfg'], tlcRecordedMs: 16_900 },
  { label: 'twophase RM=7', vigil: ['twophase', { RM: 7 }] as const, pml: 'twophase.pml', tla: ['TwoPhaseBench.tla', 'TwoPhaseBench.cfg'], tlcRecordedMs: 11_900 },
];

main();

/**
 * Prints docs/performance.md's peer table: one row per model with Vigil, SPIN and TLC wall
 * times (medians) and Vigil's speed ratio against each, then a check that every
 * checker found the same counts.
 */
function main(): void {
  const spinReady = ensureSpin();
  const tlcJar = process.env.TLC_JAR;
  console.log(`Peer benchmark, ${new Date().toISOString()}, ${RUNS} runs each, the checkers taking turns; wall time, Vigil's including process start.`);
  if (!tlcJar) console.log('TLC: not run (set TLC_JAR=/path/to/tla2tools.jar); its column shows the recorded figures of issue 15, marked *.');
  console.log('| model | distinct | generated | Vigil, 1 worker | SPIN -DBFS | Vigil / SPIN | TLC, 1 worker | Vigil / TLC |');
  console.log('|---|---|---|---|---|---|---|---|');
  const differences: string[] = [];
  for (const model of MODELS) {
    // The checkers take turns (Vigil, SPIN, TLC, Vigil, ...) so that a change in the
    // shared machine's load falls on all of them alike; each figure is a median.
    const vigilRuns: PeerRun[] = [];
    const spinRuns: PeerRun[] = [];
    const tlcRuns: PeerRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      const m = measureVigil(model.label, model.vigil[0], model.vigil[1]);
      vigilRuns.push({ distinct: m.distinct, generated: m.generated, wallMs: m.wallMs });
      if (spinReady) spinRuns.push(runSpin(model.pml));
      if (tlcJar) tlcRuns.push(runTlcHere(tlcJar, model.tla[0]!, model.tla[1]!));
    }
    const vigil = summary(vigilRuns)!;
    const spin = summary(spinRuns);
    const tlc = summary(tlcRuns);
    for (const [name, peer] of [['SPIN', spin], ['TLC', tlc]] as const) {
      if (peer && (peer.distinct !== vigil.distinct || peer.generated !== vigil.generated)) {
        differences.push(`${model.label}: Vigil ${vigil.distinct}/${vigil.generated}, ${name} ${peer.distinct}/${peer.generated}`);
      }
    }
    const tlcMs = tlc?.wallMs ?? model.tlcRecordedMs;
    const mark = tlc ? '' : '*';
    console.log(
      `| ${model.label} | ${vigil.distinct.toLocaleString('en-US')} | ${vigil.generated.toLocaleString('en-US')} | ${seconds(vigil.wallMs)} | ` +
        `${spin ? seconds(spin.wallMs) : 'not run'} | ${spin ? ratio(spin.wallMs, vigil.wallMs) : '-'} | ${seconds(tlcMs)}${mark} | ${ratio(tlcMs, vigil.wallMs)}${mark} |`,
    );
  }
  console.log(differences.length === 0 ? 'Counts: identical across the checkers.' : `COUNTS DIFFER: ${differences.join('; ')}`);
}

function summary(runs: PeerRun[]): PeerRun | undefined {
  if (runs.length === 0) return undefined;
  return { ...runs[0]!, wallMs: median(runs.map((r) => r.wallMs)) };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function ratio(peerMs: number, vigilMs: number): string {
  return `${(peerMs / vigilMs).toFixed(2)}×`;
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

function runTlcHere(jar: string, tla: string, cfg: string): PeerRun {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tlc-'));
  copyFileSync(join(sources, tla), join(dir, tla));
  copyFileSync(join(sources, cfg), join(dir, cfg));
  return runTlc(jar, tla, cfg, dir);
}

function number(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`SPIN output not understood:\n${text.slice(-500)}`);
  return Number(match[1]);
}
