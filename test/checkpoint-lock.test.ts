import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, VigilError } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { repoRoot, vigil } from './helpers/cli.js';

const counterGrid = (await registry['counter-grid']!()).default;
const cli = resolve(repoRoot, 'dist/checker/cli/main.js');

test.serial('a second run on a checkpoint directory in use is refused with one line (151); the lock of a killed run is taken over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
  try {
    const first = spawn(process.execPath, [cli, 'check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--checkpoint', dir, '--progress-interval', '0.2'], { cwd: repoRoot });
    let stderr = '';
    const closed = new Promise((done) => first.on('close', done));
    await new Promise<void>((started) => {
      first.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('Progress(')) started();
      });
    });
    const second = vigil(['check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--checkpoint', dir]);
    first.kill('SIGKILL');
    await closed;
    t.is(second.status, 151);
    t.is(second.stderr, `vigil: --checkpoint ${dir}: another run (process ${first.pid}) is using this checkpoint directory; wait for it to end or choose another directory\n`);
    // The killed run left its lock and perhaps a temporary snapshot; a stale one from another writer too.
    writeFileSync(join(dir, 'vigil-checkpoint.bin.tmp-999999'), Buffer.alloc(1024));
    const third = vigil(['check', 'counter-grid', '--const', 'N=3', '--const', 'K=4', '--checkpoint', dir]);
    t.is(third.status, 0, third.stderr);
    t.deepEqual(readdirSync(dir).filter((name) => name.includes('.tmp')), []);
    t.false(existsSync(join(dir, 'vigil-checkpoint.lock')), 'the lock is released at the end');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('in one process: a check holding the directory refuses a second one; the lock is released when the search ends', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
  try {
    let inner: unknown;
    const outer = check(counterGrid, {
      constants: { N: 3, K: 4 },
      checkpoint: { dir, intervalMs: 1e9 },
      progressIntervalMs: 0,
      onProgress: () => {
        inner ??= (() => {
          try {
            return check(counterGrid, { constants: { N: 3, K: 4 }, checkpoint: { dir } });
          } catch (error) {
            return error;
          }
        })();
      },
    });
    t.is(outer.verdict, 'ok');
    t.true(inner instanceof VigilError);
    t.is((inner as VigilError).exitCode, 151);
    t.is(check(counterGrid, { constants: { N: 3, K: 4 }, checkpoint: { dir } }).verdict, 'ok', 'released');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
