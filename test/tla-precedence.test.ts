import test from 'ava';
import { resolve } from 'node:path';
import { initParser, parseModules } from '../checker/tla/parse.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot, vigil } from './helpers/cli.js';

/**
 * TLA+'s precedence ranges (precedence.ts), which the grammar leaves to the
 * semantic level: operators whose ranges overlap may not be written one
 * after the other without parentheses (SANY: "Precedence conflict between
 * ops"), unless they are the same left-associative operator.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

function parse(expr: string): void {
  parseModules(`---- MODULE P ----\nEXTENDS Naturals\nX == ${expr}\n====\n`, 'P.tla');
}

test.before(() => initParser());

for (const [expr, first, second, column] of [
  ['1 % 3 + 1', '%', '+', 6],
  ['6 * 2 / 3', '*', '/', 6],
  ['TRUE /\\ FALSE \\/ TRUE', '/\\', '\\/', 6],
  ['1 = 1 = TRUE', '=', '=', 6],
  ['{1} \\cup {2} \\cap {3}', '\\cup', '\\cap', 6],
  ['1 .. 2 .. 3', '..', '..', 6],
  ['TRUE => FALSE => TRUE', '=>', '=>', 6],
  ['2 + 3 % 2', '+', '%', 10],
] as const) {
  test(`${expr}: a precedence conflict between ${first} and ${second}, at the operand at fault`, (t) => {
    const error = t.throws(() => parse(expr));
    t.is(error?.message, `P.tla:3:${column}: Precedence conflict between ops ${first} and ${second}: parenthesise one of them.`);
  });
}

test('the forms SANY accepts parse, with its grouping: every ASSUME of Prec.tla holds, as in TLC', async (t) => {
  for (const expr of ['1 + 2 + 3', '10 - 2 + 3', '2 * 3 + 1', '-2 ^ 2', '(1 % 3) + 1', 'TRUE /\\ FALSE /\\ TRUE = FALSE', '~ TRUE = FALSE', '1 .. 2 \\cup {5}', 'DOMAIN <<1>> \\cup {2}']) {
    t.notThrows(() => parse(expr), expr);
  }
  const result = searchTla(await loadTlaModel(fixture('Prec.tla'), fixture('Prec.cfg')));
  t.deepEqual([result.verdict, result.distinct, result.generated], ['ok', 1, 2]);
});

test('vigil check on a spec with a conflict: one line with the location, exit 150', (t) => {
  const run = vigil(['check', fixture('PrecConflict.tla'), '--config', fixture('Prec.cfg')]);
  t.is(run.status, 150);
  t.is(run.stderr, `vigil: ${fixture('PrecConflict.tla')}:5:13: Precedence conflict between ops % and +: parenthesise one of them.\n`);
  t.is(run.stdout, '');
});
