import test, { type ExecutionContext } from 'ava';
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

/** Distinct, generated and depth of a spec whose search must end without a violation. */
async function okCounts(t: ExecutionContext, spec: string): Promise<number[]> {
  const { result } = await run(spec);
  t.is(result.verdict, 'ok', result.message);
  return [result.distinct, result.generated, result.depth];
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

test('RecursiveGuard: f[a] of a recursive function is walked as its body, branching as TLC does', async (t) => {
  const { result } = await run('RecursiveGuard.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [3, 5, 3]);
});

test('AllAssigned: once every variable has a value the pending conjuncts are conditions, as in TLC', async (t) => {
  const { result } = await run('AllAssigned.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [2, 7, 1]);
});

test('Compose: A \\cdot B counts its intermediate states as generated, as TLC does', async (t) => {
  const { result } = await run('Compose.tla');
  t.deepEqual([result.distinct, result.generated, result.depth], [5, 12, 3]);
});

test('Bits: the Bitwise module computes as TLC\'s override (each an ASSUME)', async (t) => {
  const { result } = await run('Bits.tla');
  t.is(result.verdict, 'ok', result.message);
});

test('CommunityExt: SequencesExt, Functions and FiniteSetsExt operators compute as TLC\'s definitions (each an ASSUME) and count as TLC', async (t) => {
  // TLC (v1.8.0, CommunityModules) on this spec: 36 states generated, 15 distinct, depth 2; before, `SeqOf` was an unknown operator (exit 150).
  t.deepEqual(await okCounts(t, 'CommunityExt.tla'), [15, 36, 2]);
});

test('LocalOnly: SequencesExt instances Sequences LOCALly, so Len is unknown, checked at load as SANY does (exit 150)', (t) => {
  // Before: accepted (SequencesExt exported Sequences), and an ASSUME's names were only checked when evaluated (exit 75).
  const r = vigil(['check', fixture('LocalOnly.tla')]);
  t.is(r.status, 150);
  t.regex(r.stderr, /LocalOnly\.tla:4:8: Unknown operator: `Len'\.\n/);
});

test('BagsTLC: Bags extends TLC, so :> and @@ come with it (each an ASSUME)', async (t) => {
  const { result } = await run('BagsTLC.tla');
  t.is(result.verdict, 'ok', result.message);
});

test('NoTLC: :> and @@ without the TLC module are refused at load with SANY\'s message (exit 150)', (t) => {
  const r = vigil(['check', fixture('NoTLC.tla')]);
  t.is(r.status, 150);
  t.regex(r.stderr, /NoTLC\.tla:4:9: Couldn't resolve infix operator symbol `@@'\.\n/);
});

test('NamedAssume: ASSUME Name == P defines Name for later ASSUMEs and invariants, as SANY does (TLC: 4 distinct, 4 generated, depth 4)', async (t) => {
  // Before: `Unknown operator Positive.`
  t.deepEqual(await okCounts(t, 'NamedAssume.tla'), [4, 4, 4]);
});

test('BigSubset: SUBSET of a set too large to enumerate is an evaluation error at its expression (exit 75), not an internal error', (t) => {
  const r = vigil(['check', fixture('BigSubset.tla')]);
  t.is(r.status, 75);
  t.regex(r.stderr, /^vigil: Attempted to enumerate SUBSET SUBSET \{1, 2, 3, 4, 5\}, a set of 2\^32 subsets \(at most 2\^24 are enumerated\)\.\nline 6, col 9 of module BigSubset/);
  t.notRegex(r.stderr, /internal error|\n\s+at /);
});

test('RealName: Real is a name a spec may define, not a keyword (TLC: 4 distinct, 7 generated, depth 2)', async (t) => {
  // Before: the definition was named `$Real`, so its use was `Unknown operator: \`Real'.` (exit 150).
  t.deepEqual(await okCounts(t, 'RealName.tla'), [4, 7, 2]);
});

test('Random: a Randomization operator is refused by name with its location, exit 150', (t) => {
  const r = vigil(['check', fixture('Random.tla')]);
  t.is(r.status, 150);
  t.regex(r.stderr, /Random\.tla:6:15: unsupported: Randomization!RandomSubset \(TLC draws it at random/);
  t.notRegex(r.stderr, /\n\s+at /);
});

test('Env: IOUtils\' IOEnv reads the environment and atoi parses it (each an ASSUME)', async (t) => {
  process.env['VIGIL_ENV_TEST'] = '42';
  const { result } = await run('Env.tla');
  t.is(result.verdict, 'ok', result.message);
  process.env['VIGIL_ENV_TEST'] = '41';
  t.is((await run('Env.tla')).result.verdict, 'assumption');
  delete process.env['VIGIL_ENV_TEST'];
});

test('a false ASSUME is located as TLC locates it: the expression\'s first and last characters, in the module that has it (an extended one too)', async (t) => {
  const base = await run('AssumeWhere.tla', 'AssumeWhere.cfg');
  t.deepEqual([base.result.verdict, base.result.exitCode, base.result.message], ['assumption', 10, 'Assumption line 6, col 3 to line 6, col 7 of module AssumeBase is false.']);
  const root = await run('AssumeWhere.tla', 'AssumeWhereRoot.cfg');
  t.is(root.result.message, 'Assumption line 6, col 9 to line 7, col 9 of module AssumeWhere is false.');
  // The whole text output, as TLC's ends: no counts (the search never started).
  const cli = vigil(['check', fixture('AssumeWhere.tla'), '--config', fixture('AssumeWhere.cfg')]);
  t.is(cli.status, 10);
  t.is(cli.stdout, 'Error: Assumption line 6, col 3 to line 6, col 7 of module AssumeBase is false.\n');
});

test('an ASSUME whose evaluation fails ends the run as TLC ends it: exit 10, "Evaluating assumption ... failed." and the error', async (t) => {
  const { result } = await run('AssumeFails.tla');
  t.deepEqual([result.verdict, result.exitCode, result.distinct, result.generated], ['assumption', 10, 0, 0]);
  t.is(result.message.split('\n').slice(0, 2).join('\n'), 'Evaluating assumption line 5, col 8 to line 5, col 19 of module AssumeFails failed.\nThe second argument of \\div is 0.');
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

test('a flag the TLA+ path would ignore (--continue, --cluster) is refused with one line, exit 151', (t) => {
  for (const flag of [['--continue'], ['--cluster', 'local:2']]) {
    const run = vigil(['check', fixture('Counter.tla'), ...flag]);
    t.is(run.status, 151, flag[0]);
    t.is(run.stderr, `vigil: check of a .tla specification does not take ${flag[0]} (docs/tla.md lists the flags the TLA+ front end takes)\n`);
  }
});

test('Live: properties that hold under weak fairness (<>, [][A]_v, ~>, IF over temporal formulas) are checked and the run is ok', (t) => {
  const r = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveFair.cfg')]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /No error has been found\.\n4 states generated, 4 distinct states found/);
  t.notRegex(r.stdout, /not checked/);
});

test('Live: without fairness <>(x = 3) fails by stuttering at the initial state, a TLC lasso, exit 13', (t) => {
  const r = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveUnfair.cfg')]);
  t.is(r.status, 13);
  t.regex(r.stdout, /Error: Temporal properties were violated\.\nError: The following behavior constitutes a counter-example \(property Reaches\):\n\nState 1: <Initial predicate>\nx = 0\n\nState 2: Stuttering\n/);
});

test('Live: [][x\' = x + 2]_vars fails at its first step, fairness aside, as TLC reports it', (t) => {
  const r = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveAction.cfg'), '--json']);
  t.is(r.status, 13);
  const report = JSON.parse(r.stdout);
  t.is(report.verdict, 'liveness');
  t.is(report.property, 'ByTwo');
  t.is(report.message, 'Action property ByTwo is violated.');
  t.deepEqual(report.trace.map((s: { state: { x: { '#bigint': string } } }) => s.state.x['#bigint']), ['0', '1']);
  t.is(report.loop, null);
});

test('Live: on the ring every value recurs (\\A over []<>) but <>[](x = 0) fails with a cycle back to state 1', (t) => {
  const r = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveRing.cfg')]);
  t.is(r.status, 13);
  t.regex(r.stdout, /property Settles\):\n\nState 1: <Initial predicate>\nx = 0\n\nState 2: <Next>\nx = 1\n\nState 3: <Next>\nx = 2\n\nState 4: Back to state 1\.\n/);
});

test('Live: a bare action as a property is refused naming the form, exit 151', (t) => {
  const r = vigil(['check', fixture('Live.tla'), '--config', fixture('LiveRefused.cfg')]);
  t.is(r.status, 151);
  t.regex(r.stderr, /unsupported: temporal property Bare: an action outside \[\]\[A\]_v or <><<A>>_v/);
});

test('SymLive: under SYMMETRY a step property is judged on the successor generated, not its representative', (t) => {
  const r = vigil(['check', fixture('SymLive.tla')]);
  t.is(r.status, 0, r.stdout);
  t.regex(r.stdout, /6 states generated, 2 distinct states found/);
});
