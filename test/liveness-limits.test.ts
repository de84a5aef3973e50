import test from 'ava';
import { check, prepare } from '../checker/check.js';
import { withTemporalCheck } from '../checker/temporal/check-temporal.js';
import { StopRequest } from '../checker/search/stop-request.js';
import { vigil } from './helpers/cli.js';
import { runOnce } from './helpers/kill-loop.js';
import liveGrid from './fixtures/live-grid.js';

// The liveness pass after the search obeys the same signals and budgets as the
// search: verdict incomplete, exit 153, the statistics, never a false "ok". A
// sequential 64-bit run records the graph during the search (then the search's
// own limits apply, and its budget counts the graph), and so does a parallel one
// (its threads log the edges); 96-bit fingerprints make the pass explore the graph
// itself, with one worker or several, as these tests need.
const model = 'dist/test/fixtures/live-grid.js';
const grid = ['--const', 'N=6', '--const', 'K=8'];
const livenessProgress = 'liveness graph) at';

for (const [signal, engine] of [
  ['SIGINT', ['--fingerprint-bits', '96']],
  ['SIGTERM', ['--fingerprint-bits', '96']],
  ['SIGINT', ['--workers', '2', '--fingerprint-bits', '96']],
] as const) {
  test.serial(`${signal} during the liveness pass (${engine.join(' ')}): incomplete, 153, statistics`, async (t) => {
    const run = await runOnce([model, ...grid, ...engine, '--progress-interval', '0.05'], 0, signal, livenessProgress);
    t.is(run.status, 153, run.stderr);
    t.regex(run.stdout, new RegExp(`^Model checking stopped: Not exhaustive: temporal properties were not checked: the run was interrupted by ${signal} after \\d+ states of the liveness graph\\.$`, 'm'));
    t.regex(run.stdout, /^1572865 states generated, 262144 distinct states found, 0 states left on queue\.$/m);
    t.notRegex(run.stdout, /No error has been found/);
    t.regex(run.stderr, new RegExp(`vigil: interrupted by ${signal}: Not exhaustive: temporal properties were not checked`));
  });
}

test('a time budget that runs out in the liveness pass: incomplete, 153 (library, the search done, the deadline passed)', (t) => {
  const constants = { N: 3, K: 20 };
  const searched = check(liveGrid, { constants, temporal: false });
  t.is(searched.verdict, 'ok');
  const { runtime } = prepare(liveGrid, constants);
  const result = withTemporalCheck(runtime, searched, { maxDepth: Infinity, limits: { deadline: 0, maxMemoryBytes: Infinity, progressIntervalMs: Infinity } });
  t.like(result, { verdict: 'incomplete', exitCode: 153, complete: false, distinctStates: 8000 });
  t.is(result.message, 'Not exhaustive: temporal properties were not checked: the time budget ran out after 1206 states of the liveness graph.');
});

test('a stop request set before the liveness pass ends it after its first slice (library)', (t) => {
  const stop = new StopRequest();
  let calls = 0;
  const result = check(liveGrid, {
    constants: { N: 3, K: 20 },
    fingerprintBits: 96,
    stop,
    // The search reports progress on its first state; from then on, ask to stop: only the liveness pass can see it.
    onProgress: (info) => {
      if (info.phase === 'liveness' && ++calls === 1) stop.request('test');
    },
    progressIntervalMs: 0,
  });
  t.is(calls, 1);
  t.is(result.verdict, 'incomplete');
  t.is(result.exitCode, 153);
  t.is(result.distinctStates, 8000);
  t.is(result.message, 'Not exhaustive: temporal properties were not checked: the run was interrupted by test after 2312 states of the liveness graph.');
});

test('--max-memory counts the liveness graph: a budget the search fits but the graph does not gives incomplete, 153', (t) => {
  const run = vigil(['check', model, ...grid, '--fingerprint-bits', '96', '--max-memory', '12M']);
  t.is(run.status, 153, run.stderr);
  t.regex(run.stdout, /^Model checking stopped: Not exhaustive: temporal properties were not checked: the liveness graph would have exceeded the memory budget of 12582912 bytes after \d+ states of the liveness graph\.$/m);
  t.regex(run.stdout, /^1572865 states generated, 262144 distinct states found, 0 states left on queue\.$/m);
});

test('--max-memory counts the graph the search records: the search stops, incomplete, 153, temporal properties not checked', (t) => {
  const run = vigil(['check', model, ...grid, '--max-memory', '12M']);
  t.is(run.status, 153, run.stderr);
  t.regex(run.stdout, /^Model checking stopped: Not exhaustive: the memory budget of 12582912 bytes would have been exceeded, with \d+ states left on the queue\.$/m);
  t.regex(run.stdout, /^Warning: temporal properties were not checked: the safety search stopped first\.$/m);
  t.notRegex(run.stdout, /No error has been found/);
});
