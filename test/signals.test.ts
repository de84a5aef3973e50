import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { runOnce } from './helpers/kill-loop.js';

// SIGINT / SIGTERM while `vigil check` runs: the statistics so far, verdict
// incomplete, complete false, exit 153, and the outputs asked for. The signal is
// sent once the first progress line shows that the search is under way.

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-signal-'));
}

test.serial('SIGINT, sequential engine: incomplete report and HTML report written; with --checkpoint the run then resumes to the full figures', async (t) => {
  const dir = scratch();
  try {
    const html = join(dir, 'r.html');
    const args = ['counter-grid', '--const', 'N=7', '--const', 'K=8', '--progress-interval', '0.2', '--checkpoint', dir, '--report', html, '--json'];
    const run = await runOnce(args, 0, 'SIGINT', 'Progress(');
    t.is(run.status, 153, run.stderr);
    const report = JSON.parse(run.stdout);
    t.like(report, { verdict: 'incomplete', complete: false, exitCode: 153, property: null, trace: null });
    t.true(report.distinctStates > 0 && report.distinctStates < 2_097_152);
    t.true(report.queueLeft > 0);
    t.regex(report.message, /^Not exhaustive: the run was interrupted with \d+ states left on the queue\.$/);
    t.regex(run.stderr, /vigil: SIGINT received: stopping/);
    t.regex(run.stderr, /vigil: interrupted by SIGINT: Not exhaustive/);
    t.true(existsSync(html));
    t.regex(readFileSync(html, 'utf8'), /incomplete/);
    // The stop saved a snapshot: --resume alone (model and constants from the snapshot) finishes the job.
    const resumed = vigil(['check', '--resume', dir, '--json']);
    t.is(resumed.status, 0, resumed.stderr);
    t.like(JSON.parse(resumed.stdout), { verdict: 'ok', complete: true, distinctStates: 2_097_152, generatedStates: 14_680_065, depth: 50 });
    t.regex(resumed.stderr, new RegExp(`resuming from .*: ${report.distinctStates} distinct states already found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('SIGTERM, parallel engine: incomplete report, text output with the statistics so far', async (t) => {
  const args = ['counter-grid', '--const', 'N=8', '--const', 'K=8', '--workers', '2', '--progress-interval', '0.2'];
  const run = await runOnce(args, 0, 'SIGTERM', 'Progress(');
  t.is(run.status, 153, run.stderr);
  t.regex(run.stdout, /Not exhaustive: the run was interrupted with \d+ states left on the queue\./);
  t.regex(run.stdout, /\d+ states generated, \d+ distinct states found, [1-9]\d* states left on queue\./);
  t.regex(run.stderr, /vigil: interrupted by SIGTERM/);
});

test('--resume of a snapshot written for other constants: one line, exit 151', async (t) => {
  const dir = scratch();
  try {
    const first = await runOnce(['counter-grid', '--const', 'N=7', '--const', 'K=8', '--progress-interval', '0.2', '--checkpoint', dir], 0, 'SIGINT', 'Progress(');
    t.is(first.status, 153);
    const run = vigil(['check', 'counter-grid', '--const', 'N=7', '--const', 'K=7', '--resume', dir]);
    t.is(run.status, 151);
    t.is(run.stdout, '');
    t.regex(run.stderr, /^vigil: --resume .*: the snapshot belongs to another check \(constants differs: the snapshot has \{"K":8,"N":7\}, this run has \{"K":7,"N":7\}\)\n$/);
    const missing = vigil(['check', 'counter-grid', '--resume', join(dir, 'nothing-here')]);
    t.is(missing.status, 151);
    t.regex(missing.stderr, /^vigil: .*nothing-here\/vigil-checkpoint\.bin: no checkpoint there/);
    const lonely = vigil(['check', 'counter-grid', '--checkpoint-interval', '5']);
    t.is(lonely.status, 151);
    t.is(lonely.stderr, 'vigil: --checkpoint-interval needs --checkpoint DIR\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
