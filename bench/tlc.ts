import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One TLC run: its counts as it printed them, and the wall time of the whole java process. */
export interface TlcRun {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly wallMs: number;
}

/**
 * Runs TLC (a tla2tools.jar given by path) with one worker on `spec` and `cfg`, in
 * `cwd` (default: a fresh folder), with its states folder in a temporary folder,
 * and reads the three counts from its output. `library`: a folder where TLC also
 * looks for modules (a corpus spec's folder, for a module that extends it).
 */
export function runTlc(jar: string, spec: string, cfg: string, cwd?: string, library?: string): TlcRun {
  const metadir = mkdtempSync(join(tmpdir(), 'vigil-tlc-'));
  try {
    const started = process.hrtime.bigint();
    const out = execFileSync('java', ['-XX:+UseParallelGC', ...(library ? [`-DTLA-Library=${library}`] : []), '-cp', jar, 'tlc2.TLC', '-workers', '1', '-metadir', metadir, '-config', cfg, spec], { cwd: cwd ?? metadir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const totals = /([\d,]+) states generated, ([\d,]+) distinct states found/.exec(out);
    const depth = /The depth of the complete state graph search is ([\d,]+)/.exec(out);
    if (!totals || !depth) throw new Error(`TLC output not understood:\n${out.slice(-800)}`);
    const count = (text: string) => Number(text.replace(/,/g, ''));
    return { generated: count(totals[1]!), distinct: count(totals[2]!), depth: count(depth[1]!), wallMs };
  } finally {
    rmSync(metadir, { recursive: true, force: true });
  }
}
