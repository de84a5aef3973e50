import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

// EXCEPT paths through tuples (functions over 1..n) with @ and several updates,
// a key out of range (the function unchanged, as TLC), a record on the path, and
// an EXCEPT met again while computing its own new value (its key arrays are reused
// only when not in use).
// TLC 2026.12.06 with one worker: 36 distinct, 112 generated, depth 8, Inv holds.
test('ExceptPaths: EXCEPT paths through tuples, out of range, through records and re-entered count as in TLC', async (t) => {
  const model = await loadTlaModel(fixture('ExceptPaths.tla'), fixture('ExceptPaths.cfg'));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [36, 112, 8]);
});
