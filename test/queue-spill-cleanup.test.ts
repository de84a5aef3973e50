import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './helpers/cli.js';

// A second SIGINT quits at once (exit 130); the spilled queue chunks must not
// stay behind in the temporary directory.
test('a second SIGINT with --queue-memory leaves no vigil-queue-* directory', async (t) => {
  const temporary = mkdtempSync(join(tmpdir(), 'vigil-spill-exit-'));
  try {
    const args = ['check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--queue-memory', '1M', '--progress-interval', '0.2'];
    const child = spawn(process.execPath, [resolve(repoRoot, 'dist/checker/cli/main.js'), ...args], { cwd: repoRoot, env: { ...process.env, TMPDIR: temporary } });
    let stderr = '';
    let spilled = false;
    const status = await new Promise<number | null>((done) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Once progress shows and chunks are on disk, interrupt twice.
        if (!spilled && stderr.includes('Progress(') && readdirSync(temporary).some((name) => name.startsWith('vigil-queue-'))) {
          spilled = true;
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 20);
        }
      });
      child.on('close', (code) => done(code));
    });
    t.true(spilled, 'the queue spilled before the signals');
    // 130 when the second signal came while the search ran, 153 when the first had already stopped it: clean either way.
    t.true(status === 130 || status === 153, stderr);
    t.deepEqual(readdirSync(temporary), []);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
});

test('process.exit() while chunks are on disk removes them (what a second SIGINT does)', (t) => {
  const temporary = mkdtempSync(join(tmpdir(), 'vigil-spill-exit-'));
  try {
    const spill = resolve(repoRoot, 'dist/checker/search/queue-spill.js');
    const script = `const { QueueSpill } = await import(${JSON.stringify(spill)}); const s = new QueueSpill(${JSON.stringify(temporary)}); s.write(0, new Int32Array(1024)); process.exit(130);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    t.is(run.status, 130, run.stderr);
    t.deepEqual(readdirSync(temporary), []);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
});
