import test from 'ava';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla, searchTlaAsync } from '../checker/tla/search.js';
import { searchTlaParallel } from '../checker/tla/parallel-search.js';
import { cliPath, repoRoot } from './helpers/cli.js';

/**
 * A TLA+ search keeps its states on the JavaScript heap. Before, a spec larger
 * than the heap aborted Node (exit 134, V8's "heap out of memory" and a native
 * stack, no result): the search now stops short of the limit, an incomplete run
 * (exit 153) that says why and what it found.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const tokens = () => loadTlaModel(fixture('Tokens.tla'), fixture('Tokens.cfg'));
const MESSAGE = /^Not exhaustive: the JavaScript heap held \d+ MB of its 0 MB limit \(--max-memory\) \(raise --max-memory, or use --checkpoint to go on later\) with \d+ states left on the queue\.$/;

test('a heap over its budget stops the search after the block it was seen in: incomplete, exit 153', async (t) => {
  for (const result of [searchTla(await tokens(), { maxHeapBytes: 1 }), await searchTlaAsync(await tokens(), { maxHeapBytes: 1 })]) {
    t.is(result.verdict, 'incomplete');
    t.is(result.cut, 'memory');
    t.is(result.exitCode, 153);
    t.regex(result.message, MESSAGE);
    // One block of 1,024 states was expanded (Tokens.cfg has 5,201 in all).
    t.deepEqual([result.distinct, result.generated, result.depth, result.queueLeft], [2314, 3309, 7, 1290]);
  }
});

test('the parallel search stops between levels when the heap is over its budget', async (t) => {
  const result = await searchTlaParallel(await tokens(), 2, { maxHeapBytes: 1 });
  t.is(result.verdict, 'incomplete');
  t.is(result.cut, 'memory');
  t.regex(result.message, MESSAGE);
  // The first level only: the heap is looked at between levels.
  t.deepEqual([result.distinct, result.generated, result.depth, result.queueLeft], [32, 32, 2, 24]);
});

test('vigil check in a 100 MB heap: one clear incomplete result, not V8 aborting the process', (t) => {
  const run = spawnSync(process.execPath, ['--max-old-space-size=100', cliPath, 'check', fixture('HeapFiller.tla')], { encoding: 'utf8', timeout: 240_000 });
  t.is(run.status, 153, run.stderr);
  t.notRegex(run.stderr, /FATAL ERROR|heap out of memory/);
  t.regex(run.stdout, /Not exhaustive: the JavaScript heap held \d+ MB of its \d+ MB limit \(give Node more with NODE_OPTIONS=--max-old-space-size=MB, or use --checkpoint to go on later\) with \d+ states left on the queue\./);
  t.regex(run.stdout, /\d+ states generated, \d+ distinct states found, \d+ states left on queue\./);
});

test('vigil check Spec.tla --max-memory 150MB: stops short of its own limit, below V8s', (t) => {
  const run = spawnSync(process.execPath, [cliPath, 'check', fixture('HeapFiller.tla'), '--max-memory', '150MB'], { encoding: 'utf8', timeout: 240_000 });
  t.is(run.status, 153, run.stderr);
  t.regex(run.stdout, /Not exhaustive: the JavaScript heap held \d+ MB of its 150 MB limit \(--max-memory\) \(raise --max-memory, or use --checkpoint to go on later\) with \d+ states left on the queue\./);
});
