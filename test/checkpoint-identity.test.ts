import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, ConfigError, StopRequest } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { repoRoot, vigil } from './helpers/cli.js';

const counterGrid = (await registry['counter-grid']!()).default;
const grid = { N: 6, K: 8 };
const snapshot = (dir: string) => join(dir, 'vigil-checkpoint.bin');

/** A snapshot of counter-grid stopped after 20,000 states. */
function stoppedSnapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-identity-'));
  const stop = new StopRequest();
  const stopped = check(counterGrid, {
    constants: grid,
    stop,
    checkpoint: { dir, intervalMs: 1e9 },
    progressIntervalMs: 0,
    onProgress: (info) => info.distinctStates >= 20_000 && stop.request('test'),
  });
  if (stopped.verdict !== 'incomplete') throw new Error('the fixture run was not stopped');
  return dir;
}

/** The snapshot's header JSON and where it is (format: ...[header][crc u32][length u32][magic 8]). */
function headerOf(bytes: Buffer): { json: string; at: number } {
  const length = bytes.readUInt32LE(bytes.length - 12);
  const at = bytes.length - 16 - length;
  return { json: bytes.subarray(at, at + length).toString('utf8'), at };
}

test('a header counter changed by one is refused: the header is checksummed (exit 151)', (t) => {
  const dir = stoppedSnapshot();
  try {
    const bytes = readFileSync(snapshot(dir));
    const { json, at } = headerOf(bytes);
    const generated = /"generated":(\d+)/.exec(json)!;
    const edited = json.replace(generated[0], `"generated":${Number(generated[1]) + 1}`.padEnd(generated[0].length, ' '));
    t.is(edited.length, json.length);
    const forged = Buffer.from(bytes);
    forged.write(edited, at, 'utf8');
    writeFileSync(snapshot(dir), forged);
    const error = t.throws(() => check(counterGrid, { constants: grid, resume: dir }), { instanceOf: ConfigError })!;
    t.regex(error.message, /vigil-checkpoint\.bin: not a usable Vigil checkpoint \(the header fails its checksum\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a checkpoint file that is a directory: one line, exit 151, not EISDIR 255', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-identity-'));
  try {
    mkdirSync(snapshot(dir));
    const run = vigil(['check', 'counter-grid', '--resume', dir]);
    t.is(run.status, 151);
    t.is(run.stderr, `vigil: ${snapshot(dir)}: not a usable Vigil checkpoint (it is a directory, not a file)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--resume after a module the model imports was edited is refused (exit 151), .ts models included', (t) => {
  // Inside the package, so that the model's `import 'vigil-mc'` resolves to this build.
  const project = mkdtempSync(join(repoRoot, 'dist', 'edited-model-'));
  const checkpoints = mkdtempSync(join(tmpdir(), 'vigil-identity-'));
  try {
    // The edit is in a helper's body: the model's own definition (schema, action source) does not change.
    writeFileSync(join(project, 'step.ts'), 'export const step = (v: number): number => (v + 1) % 8;\n');
    writeFileSync(
      join(project, 'grid.ts'),
      `import { defineSpec, model, range, t } from 'vigil-mc';\nimport { step } from './step.js';\n` +
        `const counters = range(0, 6);\n` +
        `export default defineSpec({ name: 'edited-grid', build: () => model({ x: t.map(counters, t.int(0, 7)) })\n` +
        `  .initial({ x: Object.fromEntries(counters.map((i) => [i, 0])) })\n` +
        `  .action<{ i: number }>('Inc', { params: { i: counters } }, (n, { i }) => { n.x[i] = step(n.x[i]!); }) });\n`,
    );
    const first = vigil(['check', join(project, 'grid.ts'), '--checkpoint', checkpoints, '--max-time', '0.3']);
    t.is(first.status, 153, first.stderr);
    writeFileSync(join(project, 'step.ts'), 'export const step = (v: number): number => (v + 1) % 7;\n');
    const resumed = vigil(['check', join(project, 'grid.ts'), '--resume', checkpoints]);
    t.is(resumed.status, 151, resumed.stdout);
    t.regex(resumed.stderr, /^vigil: --resume .*: the snapshot belongs to another check \(sourceHash differs: the snapshot has ".*", this run has ".*"\)\n$/);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(checkpoints, { recursive: true, force: true });
  }
});

test('the identity records the vigil-mc version', (t) => {
  const dir = stoppedSnapshot();
  try {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    t.regex(headerOf(readFileSync(snapshot(dir))).json, new RegExp(`"vigilVersion":"${version.replace(/\./g, '\\.')}"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
