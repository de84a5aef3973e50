import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { formatValue } from '../checker/tla/values.js';
import { repoRoot } from './helpers/cli.js';

/**
 * Frames kept and handed back instead of allocated (frame-reuse.ts), and an
 * EXCEPT's key array reused (compile.ts): FrameReuse.tla is written so that
 * keeping a frame that holds a Thunk, handing back another set's member
 * frames, or sharing the key array with a recursive evaluation of the same
 * EXCEPT each changes the counts or breaks an invariant. Counts and traces are
 * TLC's (v1.8.0, on these files).
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function check(cfg: string) {
  return searchTla(await loadTlaModel(fixture('FrameReuse.tla'), fixture(cfg)));
}

test('kept quantifier and parameter frames give TLC counts; argument thunks are not kept; the EXCEPT met again in its own keys is right', async (t) => {
  const result = await check('FrameReuse.cfg');
  t.deepEqual([result.verdict, result.distinct, result.generated, result.depth], ['ok', 41, 493, 5]);
});

test('x follows its argument in every state (a kept Thunk would repeat the first state\'s x + 1)', async (t) => {
  const result = await check('FrameReuseBound.cfg');
  t.deepEqual([result.verdict, result.violated, result.distinct, result.generated, result.depth, result.queueLeft], ['invariant', 'XBound', 22, 134, 4, 9]);
  t.deepEqual(
    result.trace.map((state) => state.map(formatValue).join(' ')),
    ['0 <<0, 0>> <<<<0, 2>>, <<0, 3>>>>', '1 <<1, 2>> <<<<0, 2>>, <<0, 3>>>>', '2 <<1, 2>> <<<<0, 2>>, <<0, 3>>>>', '3 <<1, 2>> <<<<0, 2>>, <<0, 3>>>>'],
  );
});
