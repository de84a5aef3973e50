import test from 'ava';
import { resolve } from 'node:path';
import { constantCacheStats } from '../checker/tla/constant-cache.js';
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

test('ConstantCacheScopes: a definition shared by two module instances keeps one cached value per instance (no recomputation as the instances alternate)', async (t) => {
  const model = await loadTlaModel(fixture('ConstantCacheScopes.tla'), fixture('ConstantCacheScopes.cfg'));
  const before = constantCacheStats.firstEvaluations;
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [118, 233, 31]);
  // Each of the 24 expressions of the kinds that build a value (InRange's in
  // both instances among them) once per instance it is evaluated in; one slot
  // per expression, rewritten at each change of instance, missed on every
  // alternation (hundreds here).
  t.is(constantCacheStats.firstEvaluations - before, 24);
});
