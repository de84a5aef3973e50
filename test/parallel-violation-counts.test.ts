import test from 'ava';
import { check, checkParallel, type CheckResult } from '../checker/index.js';
import { registry } from '../models/registry.js';
import wide from './fixtures/wide-models.js';
import { workersFirst } from './helpers/workers-first.js';

// The documented rule (docs/how-it-works.md, "Counts at a violation"): one worker stops right after
// the state where the violation shows; two or more finish that BFS level first, so
// their counts cover the whole level, and are the same for any number of workers.
const wideUrl = new URL('./fixtures/wide-models.js', import.meta.url).href;
const registryUrl = new URL('../models/registry.js', import.meta.url).href;
const counts = (r: CheckResult) => [r.verdict, r.property, r.distinctStates, r.generatedStates, r.depth, r.trace?.length ?? null];

test('lock-order: one worker stops at the deadlock; 2 and 3 workers finish its level', async (t) => {
  const sequential = check((await registry['lock-order']!()).default);
  t.deepEqual(counts(sequential), ['deadlock', null, 6, 7, 3, 3]);
  for (const workers of [2, 3]) {
    const parallel = await checkParallel({ moduleUrl: registryUrl, registryName: 'lock-order' }, workers, {}, workersFirst);
    t.deepEqual(counts(parallel), ['deadlock', null, 8, 9, 4, 3], `${workers} workers`);
  }
});

test('an invariant violated in a level split between workers: same counts for 2, 3 and 4 workers', async (t) => {
  const constants = { shape: 'level', fault: 'invariant' };
  const sequential = check(wide, { constants });
  t.deepEqual(counts(sequential).slice(0, 2), ['invariant', 'KNot49']);
  t.true(sequential.distinctStates < 355_000);
  for (const workers of [2, 3, 4]) {
    const parallel = await checkParallel({ moduleUrl: wideUrl }, workers, { constants }, workersFirst);
    t.deepEqual(counts(parallel), ['invariant', 'KNot49', 355_000, 355_000, 22, 22], `${workers} workers`);
  }
});

test('a step that throws in a level split between workers: the level is finished, same counts for 2, 3 and 4 workers', async (t) => {
  const constants = { shape: 'level', fault: 'throw' };
  for (const workers of [2, 3, 4]) {
    const parallel = await checkParallel({ moduleUrl: wideUrl }, workers, { constants }, workersFirst);
    t.deepEqual(counts(parallel).slice(0, 5), ['error', null, 354_500, 354_600, 22], `${workers} workers`);
    t.is(parallel.exitCode, 75);
    t.regex(parallel.message!, /^action Fan\(k = 10\): fan failed \(in state \[id \|-> 49\d\d, step \|-> 20, k \|-> 0\]\)$/);
  }
});
