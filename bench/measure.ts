import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/**
 * Runs one Vigil check in a fresh child process (so peak RSS is the run's own) and
 * returns its report plus wall time and peak RSS as the child measured them.
 */
export interface VigilMeasurement {
  readonly label: string;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly wallMs: number;
  readonly searchMs: number;
  readonly bytesPerState: number;
  readonly peakRssBytes: number;
  /** CPU time of the child (user + system), less sensitive than wall time on a shared machine. */
  readonly cpuMs: number;
  /** The liveness graph's size when temporal properties were checked. */
  readonly liveness: { edges: number; bytesPerState: number; bytesPerEdge: number; durationMs: number } | null;
  /** The whole JSON report, for fields the summary above leaves out. */
  readonly report: Record<string, any>;
}

const runner = resolve(dirname(fileURLToPath(import.meta.url)), 'run-one.js');

export function measureVigil(label: string, model: string, constants: Record<string, string | number | boolean>, extra: string[] = []): VigilMeasurement {
  const args = [runner, model, JSON.stringify(constants), ...extra];
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--max-old-space-size=8192', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${label}: run failed (${child.status}): ${child.stderr.trim()}`);
  const report = JSON.parse(child.stdout) as {
    distinctStates: number;
    generatedStates: number;
    depth: number;
    durationMs: number;
    bytesPerState: number;
    peakRssBytes: number;
    cpuMs: number;
    liveness?: VigilMeasurement['liveness'];
  };
  return {
    label,
    distinct: report.distinctStates,
    generated: report.generatedStates,
    depth: report.depth,
    wallMs,
    searchMs: report.durationMs,
    bytesPerState: report.bytesPerState,
    peakRssBytes: report.peakRssBytes,
    cpuMs: report.cpuMs,
    liveness: report.liveness ?? null,
    report,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const perSecond = (count: number, ms: number) => `${(count / (ms / 1000) / 1e6).toFixed(2)} M/s`;

/**
 * Wall times (ms) of `copies` identical single-engine runs started together, each
 * in its own process: what this machine gives independent processes at once, the
 * ceiling of any engine that splits one run over that many processes here.
 */
export async function measureVigilTogether(copies: number, model: string, constants: Record<string, string | number | boolean>, extra: string[] = []): Promise<number[]> {
  const args = ['--max-old-space-size=8192', runner, model, JSON.stringify(constants), ...extra];
  const runs = Array.from({ length: copies }, () => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr += data));
    return new Promise<number>((done, failed) =>
      child.on('close', (code) => (code === 0 ? done(Number(process.hrtime.bigint() - started) / 1e6) : failed(new Error(`run failed (${code}): ${stderr.trim()}`)))),
    );
  });
  return Promise.all(runs);
}
