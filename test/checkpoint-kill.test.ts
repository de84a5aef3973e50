import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil } from './helpers/cli.js';
import { resumedFrom, runKilledAndResumed, seededRandom, type Run } from './helpers/kill-loop.js';

// Kill -9 at seeded random moments after a snapshot (possibly in the middle of
// writing the next one), resume each time, and require the final figures of an
// uninterrupted run. The uninterrupted figures are pinned elsewhere (the tables
// of docs/, the vfio-pm suite) and repeated here. Serial: the runs are CPU-bound.

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-kill-'));
}

function finalReport(runs: readonly Run[]): Record<string, any> {
  const last = runs[runs.length - 1]!;
  return JSON.parse(last.stdout);
}

/**
 * Kills the first `kills` runs at 0–`spreadMs` ms after their first snapshot. The
 * spreads stay well below the runs' length (about 2 s each since issue 15), so every
 * planned kill lands before the search ends.
 */
function killPlan(seed: number, kills: number, spreadMs: number): (run: number) => number | null {
  const random = seededRandom(seed);
  const delays = Array.from({ length: kills }, () => Math.floor(random() * spreadMs));
  return (run) => delays[run] ?? null;
}

function assertResumedForward(t: import('ava').ExecutionContext, runs: readonly Run[], kills: number): void {
  t.is(runs.filter((run) => run.signal === 'SIGKILL').length, kills, 'every planned kill landed before the run ended');
  const starts = resumedFrom(runs);
  t.is(starts.length, kills, 'every run after a kill resumed from a snapshot');
  t.true(starts.every((n, i) => n > 0 && (i === 0 || n >= starts[i - 1]!)), `resumes went backwards: ${starts.join(', ')}`);
}

test.serial('counter-grid 8^7, sequential: killed three times, resumed, same figures as one run', async (t) => {
  const dir = scratch();
  try {
    const args = ['counter-grid', '--const', 'N=7', '--const', 'K=8', '--checkpoint-interval', '0.25', '--json'];
    const runs = await runKilledAndResumed(args, dir, killPlan(9, 3, 250));
    const report = finalReport(runs);
    t.is(runs[runs.length - 1]!.status, 0);
    t.like(report, { verdict: 'ok', complete: true, distinctStates: 2_097_152, generatedStates: 14_680_065, depth: 50, queueLeft: 0 });
    assertResumedForward(t, runs, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('vfio-pm 2 threads x 2 ops, reopen, --workers 2: killed three times, resumed, same figures as one run', async (t) => {
  const dir = scratch();
  try {
    // The smoke configuration (verify.yaml's reopen row), unreduced.
    const args = ['models/vfio-pm/smoke.yaml', '--const', 'threads=2', '--const', 'ops=2', '--const', 'cycles=2', '--no-symmetry', '--workers', '2', '--checkpoint-interval', '0.2', '--json'];
    const runs = await runKilledAndResumed(args, dir, killPlan(17, 3, 250));
    const report = finalReport(runs);
    t.is(runs[runs.length - 1]!.status, 0);
    t.like(report, { verdict: 'ok', complete: true, distinctStates: 423_023, generatedStates: 1_284_265, depth: 75, queueLeft: 0 });
    assertResumedForward(t, runs, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('a violation found after resumes has the shortest trace, and it replays', async (t) => {
  const dir = scratch();
  try {
    const model = 'dist/test/fixtures/far-corner.js';
    const traceFile = join(dir, 'corner.itf.json');
    // 8^7 states: at 8^6 the faster engine sometimes finished before the second kill landed.
    const args = [model, '--const', 'N=7', '--const', 'K=8', '--checkpoint-interval', '0.1', '--trace-out', traceFile, '--json'];
    const runs = await runKilledAndResumed(args, dir, killPlan(5, 2, 250));
    const report = finalReport(runs);
    t.is(runs[runs.length - 1]!.status, 12);
    // 8^7 states; the all-top state is the only one at depth 7·7+1 = 50.
    t.like(report, { verdict: 'invariant', property: 'NotAllAtTop', distinctStates: 2_097_152, generatedStates: 14_680_016, depth: 50 });
    t.is(report.trace.length, 50);
    assertResumedForward(t, runs, 2);
    const replay = vigil(['replay', traceFile, '--model', model, '--const', 'N=7', '--const', 'K=8']);
    t.is(replay.status, 0, replay.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
