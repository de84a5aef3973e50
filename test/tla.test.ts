import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { formatTlaState } from '../checker/tla/report.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function run(spec: string, cfg?: string) {
  const model = await loadTlaModel(fixture(spec), cfg ? fixture(cfg) : undefined);
  return { model, result: searchTla(model) };
}

test('Counter: TLC counts (initial states and \\E branches all generated)', async (t) => {
  const { result } = await run('Counter.tla');
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinct, result.generated, result.depth], [6, 18, 3]);
});

test('Split: a guard disjunction and an existential split the successors as TLC does', async (t) => {
  const { result } = await run('Split.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [2, 7, 2]);
});

test('Constructs: every supported construct evaluates to its expected value (each an ASSUME)', async (t) => {
  const { result } = await run('Constructs.tla');
  t.is(result.verdict, 'ok', result.message);
  t.deepEqual([result.distinct, result.generated, result.depth], [0, 0, 0]);
});

test('an invariant violation gives the shortest trace in TLA+ syntax and exit 12', async (t) => {
  const { model, result } = await run('Counter.tla', 'CounterBad.cfg');
  t.is(result.verdict, 'invariant');
  t.is(result.violated, 'Small');
  t.is(result.exitCode, 12);
  t.is(result.trace.length, 3);
  t.is(formatTlaState(model.variables, result.trace[2]!), '/\\ x = 2\n/\\ y = 0');
});

test('vigil check Spec.tla reads Spec.cfg beside it and prints TLC\'s summary lines', (t) => {
  const r = vigil(['check', 'test/fixtures/tla/Counter.tla']);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /18 states generated, 6 distinct states found, 0 states left on queue\.\nThe depth of the complete state graph search is 3\./);
});

test('a syntax error is one line with file:line:col and exit 150', (t) => {
  const r = vigil(['check', 'test/fixtures/tla/Syntax.tla']);
  t.is(r.status, 150);
  t.is(r.stderr, 'vigil: test/fixtures/tla/Syntax.tla:3:13: syntax error: unexpected "="\n');
});

test('an undefined operator is one line like SANY\'s and exit 150', (t) => {
  const r = vigil(['check', 'test/fixtures/tla/Undefined.tla']);
  t.is(r.status, 150);
  t.is(r.stderr, "vigil: test/fixtures/tla/Undefined.tla:4:14: Unknown operator: `Missing'.\n");
});

test('a cfg assigning a constant the spec lacks, or missing one it has, is exit 151', (t) => {
  const missing = vigil(['check', 'test/fixtures/tla/Counter.tla', '--config', 'test/fixtures/tla/CounterMissing.cfg']);
  t.is(missing.status, 151);
  t.is(missing.stderr, 'vigil: test/fixtures/tla/CounterMissing.cfg:2: the configuration assigns Limit, which module Counter does not declare or define\n');
  const other = vigil(['check', 'test/fixtures/tla/Counter.tla', '--config', 'test/fixtures/tla/Split.cfg']);
  t.is(other.status, 151);
  t.is(other.stderr, 'vigil: test/fixtures/tla/Split.cfg: the configuration gives no value to constant Max of module Counter\n');
});

test('the cfg reader: every section, plural or singular, module-scoped values, comments', async (t) => {
  const { parseConfig } = await import('../checker/tla/cfg.js');
  const c = parseConfig('\\* comment\nCONSTANTS N = 3 P = {p1, p2} a = [M] b\n  F <- G  H <- [M] K\n(* block *)\nINVARIANTS A B\nPROPERTIES P\nPROPERTY Q\nACTION_CONSTRAINTS X\nCONSTRAINT Y\nSPECIFICATION S VIEW V SYMMETRY Sym CHECK_DEADLOCK FALSE', 'm.cfg');
  t.deepEqual(c.constants.map((x) => [x.name, x.module, x.value.kind]), [['N', null, 'int'], ['P', null, 'set'], ['a', 'M', 'model']]);
  t.deepEqual(c.substitutions.map((x) => [x.name, x.module, x.target]), [['F', null, 'G'], ['H', 'M', 'K']]);
  t.deepEqual([c.invariants, c.properties, c.actionConstraints, c.constraints], [['A', 'B'], ['P', 'Q'], ['X'], ['Y']]);
  t.deepEqual([c.specification, c.view, c.symmetry, c.checkDeadlock], ['S', 'V', 'Sym', false]);
  t.throws(() => parseConfig('CONSTANT N ? 3', 'bad.cfg'), { message: 'bad.cfg:1: unexpected character "?"' });
});

test('Actions: \\A is a conjunction over its domain and P => A walks A, both branching as in TLC', async (t) => {
  const { result } = await run('Actions.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [2, 14, 2]);
});

test('Symmetric: SYMMETRY uses the group the listed permutations generate', async (t) => {
  const { result } = await run('Symmetric.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [4, 7, 3]);
});

test('a flag the TLA+ path would ignore (--workers, --max-depth, --checkpoint) is refused with one line, exit 151', (t) => {
  for (const flag of [['--workers', '2'], ['--max-depth', '3'], ['--checkpoint', 'cp']]) {
    const run = vigil(['check', fixture('Counter.tla'), ...flag]);
    t.is(run.status, 151, flag[0]);
    t.is(run.stderr, `vigil: check of a .tla specification does not take ${flag[0]} yet: the TLA+ front end runs its own sequential search (see docs/tla.md)\n`);
  }
});
