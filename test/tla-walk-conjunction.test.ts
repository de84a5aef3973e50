import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot } from './helpers/cli.js';

// The successor walk of a conjunction, compiled per conjunct (walk-conjunction.ts).
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);
const where = (line: number, col: number) => `line ${line}, col ${col} of module WalkConjuncts (${fixture('WalkConjuncts.tla')})`;

// TLC 1.8.0 with one worker gives 25 distinct, 71 generated, depth 5.
test("WalkConjuncts: conditions, x' \\in S, \\A, UNCHANGED, x' = e, definitions and disjunctions walked as TLC walks them", async (t) => {
  const model = await loadTlaModel(fixture('WalkConjuncts.tla'), fixture('WalkConjuncts.cfg'));
  const result = searchTla(model);
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [25, 71, 5]);
});

// TLC 1.8.0 reports each at the same place: "TLC expected a boolean expression,
// but instead found 5" (line 28, col 18), "the right side of \IN is not
// enumerable" (line 31, col 15 to 22), "expected a boolean ... found 2" (line 34, col 40).
for (const [cfg, message] of [
  ['WalkNotBoolean.cfg', `A non-boolean expression (integer 5) was used as a condition.\n${where(28, 18)}`],
  ['WalkNotASet.cfg', `Attempted to use integer 4 as a set.\n${where(31, 22)}`],
  ['WalkForAllNotBoolean.cfg', `A non-boolean expression (integer 2) was used as a condition.\n${where(34, 40)}`],
] as const) {
  test(`WalkConjuncts with ${cfg}: the faulty conjunct's evaluation error, at its location`, async (t) => {
    const model = await loadTlaModel(fixture('WalkConjuncts.tla'), fixture(cfg));
    const result = searchTla(model);
    t.is(result.verdict, 'error');
    t.is(result.exitCode, 75);
    t.is(result.message, message);
  });
}
