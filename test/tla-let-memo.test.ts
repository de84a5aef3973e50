import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

// TLC 1.8.0 with one worker gives 9 distinct, 28 generated, depth 4. Keeping the
// value of `b == x'` from the first branch of the LET body (as for `a`, which
// reads only the current state) gives 8 / 15 / 5.
test("LetMemo: a LET definition in an action is kept across the body's branches only when it reads no primed variable", async (t) => {
  const model = await loadTlaModel(fixture('LetMemo.tla'), fixture('LetMemo.cfg'));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [9, 28, 4]);
});

// TLC 1.8.0 with one worker gives 21 distinct, 70 generated, depth 5. The LET
// frames of `Step(i)` and `Jump(i)` are kept per parameter frame (walk.ts, ParameterFrames):
// handing back the frames made for the other value of i gives 11 / 43 / 6.
test('LetReuse: LET frames kept per parameter frame give each state and branch its own values', async (t) => {
  const model = await loadTlaModel(fixture('LetReuse.tla'), fixture('LetReuse.cfg'));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [21, 70, 5]);
});
