import test from 'ava';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { simulate } from '../checker/simulate/simulate.js';
import { StopRequest } from '../checker/search/stop-request.js';
import { ConfigError } from '../checker/errors.js';
import { registry } from '../models/registry.js';
import { repoRoot, vigil } from './helpers/cli.js';
import longLasso from './fixtures/long-lasso.js';

const twophase = (await registry.twophase!()).default;

test('a seed above 2^32 - 1 is refused (it would silently equal seed mod 2^32): 151 (CLI and library)', (t) => {
  const run = vigil(['simulate', 'twophase', '--seed', '4294967297']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --seed: expected an integer from 0 to 4294967295, got "4294967297"\n');
  t.throws(() => simulate(twophase, { seed: 2 ** 32 + 1 }), { instanceOf: ConfigError, message: 'seed: expected an integer from 0 to 4294967295, got 4294967297' });
  t.is(simulate(twophase, { seed: 4294967295, traces: 3 }).simulation.seed, 4294967295);
});

test('--depth far beyond memory: the walk stops at the memory budget, incomplete, 153', (t) => {
  const run = vigil(['simulate', 'dist/test/fixtures/long-lasso.js', '--const', 'N=1000', '--depth', '1000000000', '--traces', '1', '--max-memory', '1M', '--seed', '1']);
  t.is(run.status, 153, run.stderr);
  t.regex(run.stdout, /^Model checking stopped: Not exhaustive: a walk's trail reached the memory budget of 1048576 bytes at \d+ states \(lower --depth or raise --max-memory\)\.$/m);
  t.regex(run.stdout, /^Simulation: 1 walk, \d+ steps/m);
});

test('a stop request ends a long walk: incomplete, 153, statistics (library)', (t) => {
  const stop = new StopRequest();
  stop.request('test');
  const result = simulate(longLasso, { constants: { N: 1000 }, depth: 1e9, traces: 1, stop, seed: 1 });
  t.like(result, { verdict: 'incomplete', exitCode: 153, complete: false });
  t.is(result.message, 'Not exhaustive: the simulation was interrupted by test after 1 random walks (seed 1).');
  t.is(result.simulation.traces, 1);
});

test('SIGINT during simulate prints the statistics and the JSON report, exit 153', async (t) => {
  const child = spawn(process.execPath, [resolve(repoRoot, 'dist/checker/cli/main.js'), 'simulate', 'twophase', '--traces', '1000000000', '--max-time', '120', '--json'], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((done) => {
    child.on('close', (code) => done(code));
    // The model loads in well under 3 s; SIGINT before the handler is installed would kill it (status null).
    setTimeout(() => child.kill('SIGINT'), 3000);
  });
  t.is(status, 153, stderr);
  const report = JSON.parse(stdout);
  t.like(report, { verdict: 'incomplete', exitCode: 153, complete: false });
  t.true(report.simulation.traces > 0);
  t.regex(report.message, /^Not exhaustive: the simulation was interrupted by SIGINT after \d+ random walks \(seed \d+\)\.$/);
});
