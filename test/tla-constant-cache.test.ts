import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

test('ConstantCache: parameters, @, LET names and TLCGet are not kept as constants; constant sets are', async (t) => {
  const model = await loadTlaModel(fixture('ConstantCache.tla'), fixture('ConstantCache.cfg'));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [4, 5, 4]);
});
