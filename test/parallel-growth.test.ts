import test from 'ava';
import { check, checkParallel } from '../checker/index.js';
import wide from './fixtures/wide-models.js';
import { workersFirst } from './helpers/workers-first.js';

const wideUrl = new URL('./fixtures/wide-models.js', import.meta.url).href;

// [shape, distinct, generated, depth]
const shapes = [
  ['seeds', 40_000, 40_000, 1],
  ['fan', 100_101, 100_101, 102],
  ['level', 355_000, 355_000, 22],
] as const;

for (const [shape, distinct, generated, depth] of shapes) {
  test(`the shared table grows whenever it fills (${shape}, 2 workers)`, async (t) => {
    const sequential = check(wide, { constants: { shape } });
    t.deepEqual([sequential.verdict, sequential.distinctStates, sequential.generatedStates, sequential.depth], ['ok', distinct, generated, depth]);
    const parallel = await checkParallel({ moduleUrl: wideUrl }, 2, { constants: { shape } }, workersFirst);
    t.deepEqual([parallel.verdict, parallel.distinctStates, parallel.generatedStates, parallel.depth], ['ok', distinct, generated, depth]);
  });
}

test('a memory budget reached while the shared table grows inside a level ends the run as incomplete', async (t) => {
  const result = await checkParallel({ moduleUrl: wideUrl }, 2, { constants: { shape: 'fan' }, maxMemoryBytes: 600_000 }, workersFirst);
  t.is(result.verdict, 'incomplete');
  t.is(result.exitCode, 153);
  t.false(result.complete);
});

test('tlaplus/Bakery with 2 workers: 655,200 states, as the sequential run (over 32 k initial states)', async (t) => {
  const registryUrl = new URL('../models/registry.js', import.meta.url).href;
  const result = await checkParallel({ moduleUrl: registryUrl, registryName: 'tlaplus/Bakery' }, 2, {}, workersFirst);
  t.deepEqual([result.verdict, result.distinctStates, result.generatedStates, result.depth], ['ok', 655_200, 3_403_584, 1]);
});
