import test from 'ava';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil, vigilJson } from './helpers/cli.js';

test('--max-memory: a small budget on counter-grid 8^7 ends cleanly with exit 153', (t) => {
  const { status, report } = vigilJson(['check', 'counter-grid', '--const', 'N=7', '--const', 'K=8', '--max-memory', '16M']);
  t.is(status, 153);
  t.is(report.verdict, 'incomplete');
  t.false(report.complete);
  t.is(report.exitCode, 153);
  // Deterministic: the search stops before the growth (table 1.4x at 0.85 load, or a
  // new queue chunk) that would take the visited set, trace links and queue past 16 MiB.
  t.is(report.distinctStates, 822111);
  t.is(report.queueLeft, 130072);
  t.is(report.message, `Not exhaustive: the memory budget of 16777216 bytes would have been exceeded, with ${report.queueLeft} states left on the queue.`);
});

/** Distinct states of counter-grid N^K after whole BFS levels: level d holds the vectors in [0, K-1]^N summing to d. */
function levelPrefixSums(n: number, k: number): Set<number> {
  let counts = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(counts.length + k - 1).fill(0);
    counts.forEach((c, sum) => {
      for (let v = 0; v < k; v++) next[sum + v]! += c;
    });
    counts = next;
  }
  const sums = new Set<number>();
  let total = 0;
  for (const c of counts) sums.add((total += c));
  return sums;
}

test('--max-time stops inside a level, not at its end: the states found are not a whole number of levels', (t) => {
  const wholeLevels = levelPrefixSums(8, 8);
  t.true(wholeLevels.has(16_777_216));
  for (const workers of ['1', '2']) {
    // Two seconds in, counter-grid 8^8's levels hold hundreds of thousands of states each.
    const { status, report } = vigilJson(['check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--max-time', '2', '--workers', workers]);
    t.is(status, 153);
    t.is(report.verdict, 'incomplete');
    t.false(wholeLevels.has(report.distinctStates), `--workers ${workers}: ${report.distinctStates} states, a whole number of levels`);
    t.is(report.message, `Not exhaustive: the time budget ran out with ${report.queueLeft} states left on the queue.`);
  }
});

test('--max-time with --checkpoint and workers: the level under way is finished, so the snapshot saved at the stop holds whole levels', (t) => {
  const wholeLevels = levelPrefixSums(8, 8);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-max-time-'));
  try {
    const { status, report } = vigilJson(['check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--max-time', '2', '--workers', '2', '--checkpoint', dir]);
    t.is(status, 153);
    t.is(report.verdict, 'incomplete');
    t.true(wholeLevels.has(report.distinctStates), `${report.distinctStates} states, not a whole number of levels`);
    t.true(existsSync(join(dir, 'vigil-checkpoint.bin')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--max-memory: the text report says the run is not exhaustive', (t) => {
  const run = vigil(['check', 'counter-grid', '--const', 'N=7', '--const', 'K=8', '--max-memory', '16M']);
  t.is(run.status, 153);
  t.regex(run.stdout, /^Model checking stopped: Not exhaustive: the memory budget of 16777216 bytes would have been exceeded/m);
  t.regex(run.stdout, /^The depth of the state graph search is \d+\.$/m);
});

test('--max-memory with a malformed size: exit 151', (t) => {
  const run = vigil(['check', 'counter-grid', '--max-memory', 'lots']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --max-memory: expected a size such as 512M or 2G, got "lots"\n');
});

test('a budget large enough changes nothing', (t) => {
  const { status, report } = vigilJson(['check', 'counter-grid', '--const', 'N=5', '--const', 'K=6', '--max-memory', '1G']);
  t.is(status, 0);
  t.true(report.complete);
  t.deepEqual([report.distinctStates, report.generatedStates, report.depth], [7776, 1 + 5 * 7776, 26]);
});

test('a state constraint makes the run partial, and says so', (t) => {
  const { status, report } = vigilJson(['check', 'tlaplus/AsyncTerminationDetection']);
  t.is(status, 0);
  t.is(report.verdict, 'ok');
  t.false(report.complete);
  t.regex(report.message, /^Not exhaustive: the state constraint dropped \d+ successors\.$/);
});

test('progress lines go to stderr in TLC format at the requested interval', (t) => {
  const run = vigil(['check', 'counter-grid', '--const', 'N=6', '--const', 'K=8', '--progress-interval', '0.05', '--json']);
  t.is(run.status, 0);
  const lines = run.stderr.trim().split('\n');
  t.true(lines.length >= 1);
  for (const line of lines) {
    t.regex(line, /^Progress\(\d+\) at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: \d+ states generated \(\d+ s\/min\), \d+ distinct states found \(\d+ ds\/min\), \d+ states left on queue\.$/);
  }
  t.is(JSON.parse(run.stdout).distinctStates, 262144);
});

test('--max-time: a run cut by its time budget is incomplete, exit 153, and says so', (t) => {
  for (const workers of ['1', '2']) {
    const { status, report } = vigilJson(['check', 'counter-grid', '--const', 'N=8', '--const', 'K=8', '--max-time', '0.2', '--workers', workers]);
    t.is(status, 153);
    t.is(report.verdict, 'incomplete');
    t.false(report.complete);
    t.true(report.distinctStates < 16_777_216);
    t.is(report.message, `Not exhaustive: the time budget ran out with ${report.queueLeft} states left on the queue.`);
  }
});
