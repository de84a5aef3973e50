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

// TLC's messages for each (TLC 2026.12.06 words them so; it gives the whole
// expression's span where Vigil gives its start). IF and CASE are at the
// condition, TLC's at the IF and at the arm's action.
const faults = [
  ['WalkNotBoolean.cfg', `In computing next states, TLC expected a boolean expression,\nbut instead found 5.\n${where(28, 18)}`],
  ['WalkNotASet.cfg', `In computing next states, the right side of \\IN is not enumerable.\n${where(31, 15)}`],
  ['WalkForAllNotBoolean.cfg', `In computing next states, TLC expected a boolean expression,\nbut instead found 2.\n${where(34, 40)}`],
  ['WalkIfNotBoolean.cfg', `In computing next states, a non-boolean expression (an integer) was used as the condition of an IF.\n${where(42, 20)}`],
  ['WalkCaseNotBoolean.cfg', `In computing next states, a non-boolean expression (an integer) was used as a guard condition of a CASE.\n${where(44, 27)}`],
  ['WalkImpliesNotBoolean.cfg', `In computing next states of a predicate of the form P => Q, P was\nan integer.\n${where(46, 25)}`],
] as const;
for (const [cfg, message] of faults) {
  test(`WalkConjuncts with ${cfg}: TLC's message for the faulty conjunct, at its location`, async (t) => {
    const model = await loadTlaModel(fixture('WalkConjuncts.tla'), fixture(cfg));
    const result = searchTla(model);
    t.is(result.verdict, 'error');
    t.is(result.exitCode, 75);
    t.is(result.message, message);
  });
}

// Initial states are computed before the search: the error is thrown (the CLI prints it, exit 75).
test("WalkConjuncts with WalkInitNotBoolean.cfg: TLC's message for a non-boolean conjunct of Init", async (t) => {
  const model = await loadTlaModel(fixture('WalkConjuncts.tla'), fixture('WalkInitNotBoolean.cfg'));
  const error = t.throws(() => searchTla(model));
  t.is(error?.message, `In computing initial states, TLC expected a boolean expression,\nbut instead found 1.\n${where(51, 27)}`);
  t.is((error as Error & { exitCode?: number } | undefined)?.exitCode, 75);
});
