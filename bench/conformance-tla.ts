import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run conformance:tla -- PATH_TO_EXAMPLES [--max-runtime SECONDS] [--min-runtime SECONDS] [--only TEXT] [--timeout SECONDS] [--jobs N] [--init-all [--init-timeout SECONDS]]`
 *
 * Runs `vigil check Spec.tla --config Model.cfg --json` on every model of a
 * checkout of github.com/tlaplus/Examples whose manifest says "exhaustive
 * search" and records TLC's distinctStates, totalStates and stateDepth with a
 * runtime of at most 10 s, and prints one row per model: TLC's numbers, ours,
 * and whether all three are identical, or the construct or module refused.
 * The corpus is read in place, never copied.
 *
 * `--init-all` adds a second table: every other `.cfg` of the corpus (models
 * beyond --max-runtime, simulation, symbolic and proof-only models, configs no
 * manifest lists) is loaded and its initial states computed (`--max-depth 1
 * --no-liveness`), saying how many there are or which construct was refused.
 */

interface Row {
  spec: string;
  model: string;
  tlc: [number, number, number];
  ours: [number, number, number] | null;
  status: 'identical' | 'differs' | 'refused' | 'error' | 'timeout';
  reason: string;
  seconds: number;
}

/** The `vigil` command as users run it (package.json "bin": its node settings included). */
const vigilCommand = fileURLToPath(new URL('../../checker/cli/vigil', import.meta.url));

function seconds(runtime: string): number {
  const [h, m, s] = runtime.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

function matches(only: string | undefined, ...paths: string[]): boolean {
  // --only A,B: models whose spec or config path contains any of the texts.
  return !only || only.split(',').some((text) => paths.some((p) => p.includes(text)));
}

function models(root: string, maxRuntime: number, only: string | undefined, minRuntime = -1) {
  const out: { spec: string; cfg: string; tlc: [number, number, number] }[] = [];
  const specs = join(root, 'specifications');
  for (const dir of readdirSync(specs).sort()) {
    const manifest = join(specs, dir, 'manifest.json');
    if (!existsSync(manifest)) continue;
    const data = JSON.parse(readFileSync(manifest, 'utf8')) as { modules?: { path: string; models?: Record<string, unknown>[] }[] };
    for (const module of data.modules ?? []) {
      for (const model of module.models ?? []) {
        if (model['mode'] !== 'exhaustive search' || typeof model['distinctStates'] !== 'number') continue;
        const runtime = seconds(String(model['runtime'] ?? '99:00:00'));
        if (runtime > maxRuntime || runtime <= minRuntime) continue;
        const spec = join(root, module.path);
        if (!matches(only, spec, String(model['path']))) continue;
        out.push({ spec, cfg: join(root, String(model['path'])), tlc: [model['distinctStates'] as number, model['totalStates'] as number, model['stateDepth'] as number] });
      }
    }
  }
  // Smallest first: the table fills quickly, the long runs come last.
  return out.sort((a, b) => a.tlc[0] - b.tlc[0]);
}

/** Every `.cfg` under specifications/ with its spec: the manifest's module, else the `.tla` of the same name beside it. */
function otherConfigs(root: string, skip: Set<string>, only: string | undefined): { spec: string; cfg: string; mode: string }[] {
  const specOf = new Map<string, { spec: string; mode: string }>();
  const specs = join(root, 'specifications');
  const configs: string[] = [];
  for (const dir of readdirSync(specs).sort()) {
    const manifest = join(specs, dir, 'manifest.json');
    if (existsSync(manifest)) {
      const data = JSON.parse(readFileSync(manifest, 'utf8')) as { modules?: { path: string; models?: Record<string, unknown>[] }[] };
      for (const module of data.modules ?? []) {
        for (const model of module.models ?? []) specOf.set(join(root, String(model['path'])), { spec: join(root, module.path), mode: modeName(model['mode']) });
      }
    }
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.cfg')) configs.push(path);
      }
    };
    if (statSync(join(specs, dir)).isDirectory()) walk(join(specs, dir));
  }
  const out: { spec: string; cfg: string; mode: string }[] = [];
  for (const cfg of configs.sort()) {
    if (skip.has(cfg)) continue;
    const known = specOf.get(cfg);
    const spec = known?.spec ?? cfg.replace(/\.cfg$/, '.tla');
    if (!matches(only, spec, cfg)) continue;
    out.push({ spec, cfg, mode: known ? known.mode : existsSync(spec) ? 'not in a manifest' : 'no spec beside it' });
  }
  return out;
}

/** A manifest's mode is a string ("exhaustive search") or an object (`{"simulate": {...}}`): its key then. */
function modeName(mode: unknown): string {
  return typeof mode === 'string' ? mode : mode && typeof mode === 'object' ? Object.keys(mode).join(',') : String(mode);
}

interface InitRow {
  model: string;
  mode: string;
  status: 'loaded' | 'refused' | 'error' | 'timeout' | 'no spec';
  initial: number | null;
  reason: string;
  seconds: number;
}

/** Loads the spec and computes Init only: the initial states are level 1, so `--max-depth 1` expands none of them. */
async function initOne(m: { spec: string; cfg: string; mode: string }, root: string, timeout: number): Promise<InitRow> {
  const row: InitRow = { model: m.cfg.slice(root.length + 1), mode: m.mode, status: 'no spec', initial: null, reason: '', seconds: 0 };
  if (!existsSync(m.spec)) return row;
  const r = await run(m.spec, m.cfg, timeout, ['--max-depth', '1', '--no-liveness', '--no-deadlock']);
  row.seconds = r.seconds;
  if (r.timedOut) return { ...row, status: 'timeout', reason: `no result within ${timeout} s` };
  try {
    const report = JSON.parse(r.stdout) as { distinctStates: number; verdict: string; message: string };
    row.status = 'loaded';
    row.initial = report.distinctStates;
    // An invariant or ASSUME violated in Init is still a computed Init: the row names the verdict.
    if (report.verdict !== 'ok') row.reason = `${report.verdict}: ${report.message.split('\n')[0]}`.slice(0, 160);
  } catch {
    const reason = reasonOf(r.stderr);
    row.status = /unsupported/.test(reason) ? 'refused' : 'error';
    row.reason = reason || `exit ${r.code}`;
  }
  return row;
}

async function initTable(root: string, list: { spec: string; cfg: string; mode: string }[], timeout: number, jobs: number): Promise<void> {
  const rows: InitRow[] = new Array(list.length);
  process.stdout.write(`\nmodel | mode | initial states | result | seconds\n`);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < list.length) {
      const index = nextIndex++;
      const row = await initOne(list[index]!, root, timeout);
      rows[index] = row;
      process.stdout.write(`${row.model} | ${row.mode} | ${row.initial ?? '-'} | ${row.status}${row.reason ? ` (${row.reason})` : ''} | ${row.seconds.toFixed(1)}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const count = (s: InitRow['status']) => rows.filter((r) => r.status === s).length;
  process.stdout.write(`\n${rows.length} other configs: ${count('loaded')} loaded with Init computed, ${count('refused')} refused, ${count('error')} errors, ${count('timeout')} timeouts, ${count('no spec')} without a spec\n`);
  printReasons(rows.filter((r) => r.status === 'refused' || r.status === 'error'));
}

function printReasons(rows: { reason: string }[]): void {
  const reasons = new Map<string, number>();
  for (const r of rows) {
    const key = r.reason.replace(/^[^:]*:\d+:\d+: /, '');
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${n} x ${reason}\n`);
}

function run(spec: string, cfg: string, timeout: number, extra: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number; timedOut: boolean }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(vigilCommand, ['check', spec, '--config', cfg, '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString().slice(0, 4000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, seconds: (Date.now() - started) / 1000, timedOut });
    });
  });
}

function reasonOf(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('vigil: ')) ?? stderr.split('\n')[0] ?? '';
  return line.replace(/^vigil: /, '').slice(0, 160);
}

async function checkOne(m: { spec: string; cfg: string; tlc: [number, number, number] }, root: string, timeout: number): Promise<Row> {
  let r = await run(m.spec, m.cfg, timeout);
  // A PROPERTY form Vigil refuses (151): the counts are still compared, without the properties, and the row says so.
  const refusedProperty = r.code === 151 && /unsupported: temporal property/.test(r.stderr) ? reasonOf(r.stderr) : null;
  if (refusedProperty) r = await run(m.spec, m.cfg, timeout, ['--no-liveness']);
  const row: Row = { spec: m.spec.slice(root.length + 1), model: m.cfg.slice(root.length + 1), tlc: m.tlc, ours: null, status: 'error', reason: '', seconds: r.seconds };
  if (r.timedOut) {
    row.status = 'timeout';
    row.reason = `no result within ${timeout} s`;
    return row;
  }
  try {
    const report = JSON.parse(r.stdout) as { distinctStates: number; generatedStates: number; depth: number; verdict: string; message: string };
    row.ours = [report.distinctStates, report.generatedStates, report.depth];
    const same = row.ours.every((n, i) => n === m.tlc[i]);
    row.status = same && report.verdict === 'ok' ? 'identical' : 'differs';
    if (report.verdict !== 'ok') row.reason = `${report.verdict}: ${report.message.split('\n')[0]}`;
    else if (refusedProperty) row.reason = `PROPERTY not checked: ${refusedProperty}`;
  } catch {
    const reason = reasonOf(r.stderr);
    row.status = /unsupported/.test(reason) ? 'refused' : 'error';
    row.reason = reason || `exit ${r.code}`;
  }
  return row;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--'));
  if (!root || !existsSync(join(root, 'specifications'))) {
    process.stderr.write('usage: npm run conformance:tla -- PATH_TO_TLAPLUS_EXAMPLES [--max-runtime SECONDS] [--min-runtime SECONDS] [--only TEXT] [--timeout SECONDS] [--jobs N] [--init-all [--init-timeout SECONDS]]\n');
    process.exitCode = 151;
    return;
  }
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  // --min-runtime S: only the models recorded slower than S seconds (the rows beyond the default table).
  const list = models(resolve(root), Number(option('--max-runtime') ?? 10), option('--only'), Number(option('--min-runtime') ?? -1));
  const timeout = Number(option('--timeout') ?? 120);
  const jobs = Math.max(1, Number(option('--jobs') ?? 1));
  const rows: Row[] = new Array(list.length);
  process.stdout.write(`spec | model | TLC distinct | TLC generated | TLC depth | ours distinct | ours generated | ours depth | result | seconds\n`);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < list.length) {
      const index = nextIndex++;
      const m = list[index]!;
      const row = await checkOne(m, resolve(root), timeout);
      rows[index] = row;
      const ours = row.ours ? row.ours.join(' | ') : '- | - | -';
      process.stdout.write(`${row.spec} | ${row.model} | ${m.tlc.join(' | ')} | ${ours} | ${row.status}${row.reason ? ` (${row.reason})` : ''} | ${row.seconds.toFixed(1)}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const count = (s: Row['status']) => rows.filter((r) => r.status === s).length;
  process.stdout.write(
    `\n${rows.length} models: ${count('identical')} identical, ${count('differs')} differing, ${count('refused')} refused, ${count('error')} errors, ${count('timeout')} timeouts\n`,
  );
  process.stdout.write(`${rows.filter((r) => r.reason.startsWith('PROPERTY not checked')).length} of the rows have a PROPERTY form Vigil refuses (counts compared without it)\n`);
  const depthOnly = rows.filter((r) => r.status === 'differs' && r.ours && r.ours[0] === r.tlc[0] && r.ours[1] === r.tlc[1]).length;
  process.stdout.write(`${depthOnly} of the differing rows differ in depth only\n`);
  printReasons(rows.filter((x) => x.status === 'refused' || x.status === 'error'));
  if (args.includes('--init-all')) await initTable(resolve(root), otherConfigs(resolve(root), new Set(list.map((m) => m.cfg)), option('--only')), Number(option('--init-timeout') ?? 60), jobs);
}

await main();
