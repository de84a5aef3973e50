import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, checkParallel, ConfigError, prepare, referenceCheck, replayTrace, SpecLoadError, verifySymmetry, type SpecSource } from '../checker/index.js';
import { SymmetryReduction } from '../checker/symmetry/canonicalizer.js';
import { SymmetryGroups } from '../checker/symmetry/groups.js';
import alternatingBitSym from '../models/tlaplus/MCAlternatingBitSym.js';
import dijkstraSym from '../models/tlaplus/MCDijkstraMutexSym.js';
import { c, defineSpec, model, t as types } from '../spec/index.js';
import twoPhaseSym from '../models/tlaplus/MCTwoPhaseSym.js';
import symmetricCommit from './fixtures/symmetric-commit.js';
import { itfOf, loaded } from './helpers/traces.js';
import { repoRoot, vigil, vigilJson } from './helpers/cli.js';
import { checkBothEngines } from './helpers/engines.js';
import { workersFirst } from './helpers/workers-first.js';

const counts = (r: { verdict: string; distinctStates: number; generatedStates: number; depth: number }) => [r.verdict, r.distinctStates, r.generatedStates, r.depth];

test('TwoPhase with RM as symmetric model values gives TLC figures with and without SYMMETRY', (t) => {
  t.deepEqual(counts(check(twoPhaseSym, { constants: { RM: 'r1,r2,r3' } })), ['ok', 80, 318, 11]);
  t.deepEqual(counts(check(twoPhaseSym, { constants: { RM: 'r1,r2,r3' }, symmetry: false })), ['ok', 288, 1146, 11]);
  const five = check(twoPhaseSym);
  t.deepEqual(counts(five), ['ok', 314, 2048, 17]);
  t.deepEqual(five.symmetry, { sets: [{ name: 'RM', size: 5 }], method: 'exact', untriedTies: 0, note: 'Symmetry: RM (5 values), exact canonical form: distinct states are orbits.' });
  t.deepEqual(counts(check(twoPhaseSym, { symmetry: false })), ['ok', 8832, 58146, 17]);
  t.is(check(twoPhaseSym, { symmetry: false }).symmetry, undefined);
});

test('seven model values use the heuristic normal form, say so, and still find the 920 orbits', (t) => {
  const seven = check(twoPhaseSym, { constants: { RM: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } });
  t.deepEqual(counts(seven), ['ok', 920, 8410, 23]);
  t.is(seven.symmetry?.method, 'heuristic');
  t.is(
    seven.symmetry?.note,
    'Symmetry: RM (7 values), heuristic normal form: sound (never merges two orbits) but an orbit may keep several representatives.',
  );
});

test('the parallel engine reduces by symmetry with the sequential counts', async (t) => {
  const registryUrl = new URL('../models/registry.js', import.meta.url).href;
  const source: SpecSource = { moduleUrl: registryUrl, registryName: 'tlaplus/MCTwoPhaseSym' };
  for (const [RM, expected] of [
    ['r1,r2,r3,r4,r5', ['ok', 314, 2048, 17]],
    ['r1,r2,r3,r4,r5,r6,r7', ['ok', 920, 8410, 23]],
  ] as const) {
    for (const workers of [2, 3]) t.deepEqual(counts(await checkParallel(source, workers, { constants: { RM } }, workersFirst)), [...expected], `${RM}, ${workers} workers`);
  }
  t.deepEqual(counts(await checkParallel(source, 2, { symmetry: false }, workersFirst)), ['ok', 8832, 58146, 17]);
  // Set-valued universe elements (DijkstraMutex's temp) in the workers too.
  const dijkstra: SpecSource = { moduleUrl: registryUrl, registryName: 'tlaplus/MCDijkstraMutexSym' };
  t.deepEqual(counts(await checkParallel(dijkstra, 2, {}, workersFirst)), ['ok', 15313, 47662, 54]);
});

test('a counterexample under symmetry is a real behaviour: it replays on the model without symmetry', (t) => {
  const reduced = check(symmetricCommit);
  const full = check(symmetricCommit, { symmetry: false });
  t.is(reduced.property, 'NoneCommitted');
  t.is(reduced.trace!.length, 9);
  t.is(full.trace!.length, 9);
  t.true(reduced.distinctStates < full.distinctStates);
  const runtime = prepare(symmetricCommit).runtime;
  const report = replayTrace(runtime, loaded(symmetricCommit, itfOf(reduced)));
  t.true(report.valid);
  t.is(report.problem, null);
  t.deepEqual(report.violations.map((v) => [v.kind, v.property, v.index]), [['invariant', 'NoneCommitted', 8]]);
});

test('--check-symmetry passes a symmetric model and names a planted asymmetric invariant or action', (t) => {
  const sound = verifySymmetry(symmetricCommit);
  t.deepEqual(sound, { ok: true, sampledStates: 288, permutations: 2, exhaustive: true });
  const invariant = verifySymmetry(symmetricCommit, { constants: { plant: 'invariant' } });
  t.false(invariant.ok);
  t.is(
    (invariant as { message: string }).message,
    '--check-symmetry: invariant FirstNeverAborts is not symmetric: it fails before and holds after swapping r1 and r2 of RM, in state ' +
      '[rmState |-> [r1 |-> "aborted", r2 |-> "working", r3 |-> "working"], tmState |-> "init", tmPrepared |-> {}, msgs |-> {}]',
  );
  const action = verifySymmetry(symmetricCommit, { constants: { plant: 'action' } });
  t.false(action.ok);
  t.regex((action as { message: string }).message, /^--check-symmetry: action TMAbortOnFirst is not symmetric: its step has no permuted counterpart after swapping r1 and r2 of RM, in state /);
});

test('temporal properties under symmetry are checked on the unreduced graph: TLC figures and verdicts of S3-S5, real lassos', (t) => {
  // S3: DeadlockFreedom holds; the safety search counts orbits (330 / 662), as TLC does.
  const s3 = check(dijkstraSym, { constants: { Proc: 2, properties: 'DeadlockFreedom' } });
  t.deepEqual(counts(s3), ['ok', 330, 662, 29]);
  t.is(s3.liveness?.states, 660);
  t.true(s3.warnings!.includes('Note: symmetry reduced the safety search only; temporal properties were checked on the unreduced state graph, so a violation is a real behaviour.'));
  // S4: StarvationFree is violated, with the same verdict as without symmetry, and the lasso closes literally.
  const s4 = check(dijkstraSym, { constants: { Proc: 2, properties: 'StarvationFree' } });
  t.deepEqual([s4.verdict, s4.property, s4.distinctStates, s4.generatedStates], ['liveness', 'StarvationFree[p1]', 330, 662]);
  const unreduced = check(dijkstraSym, { constants: { Proc: 2, properties: 'StarvationFree' }, symmetry: false });
  t.deepEqual([unreduced.verdict, unreduced.property, unreduced.distinctStates], ['liveness', 'StarvationFree[p1]', 660]);
  t.deepEqual(s4.trace, unreduced.trace);
  t.deepEqual(s4.loop, unreduced.loop);
  // S5: SentLeadsToRcvd holds (TLC: 120 / 700 / 10 with SYMMETRY).
  t.deepEqual(counts(check(alternatingBitSym, { constants: { properties: 'SentLeadsToRcvd' } })), ['ok', 120, 700, 10]);
});

test('a map over part of a symmetric set is a load error naming the variable', (t) => {
  const spec = defineSpec({
    name: 'partial-map',
    constants: { C: c.modelValues(['c1', 'c2', 'c3']) },
    build: ({ C }) =>
      model({ owner: types.map(C.slice(0, 2), types.bool()) })
        .initial({ owner: { c1: false, c2: false } })
        .symmetric(C, 'C'),
  });
  const error = t.throws(() => check(spec), { instanceOf: SpecLoadError });
  t.is(error?.message, 'model partial-map: symmetry C: state.owner is a function over {c1, c2}, which lacks c3; its domain must hold the whole symmetric set');
});

test('model-value constants parse from the CLI text or a YAML list and reject bad names', (t) => {
  t.deepEqual(prepare(twoPhaseSym, { RM: ' x, y ' }).constants.RM, ['x', 'y']);
  t.deepEqual(prepare(twoPhaseSym, { RM: ['p', 'q', 'r'] }).constants.RM, ['p', 'q', 'r']);
  const bad = (RM: unknown) => t.throws(() => prepare(twoPhaseSym, { RM }), { instanceOf: ConfigError })?.message;
  t.is(bad('r1,r1'), 'model tlaplus/MCTwoPhaseSym: constant RM: model value r1 is listed twice');
  t.is(bad('r1,2x'), 'model tlaplus/MCTwoPhaseSym: constant RM: model value "2x" is not an identifier (letters, digits, _)');
  t.is(bad(''), 'model tlaplus/MCTwoPhaseSym: constant RM: expected at least one model value');
  t.is(bad(3), 'model tlaplus/MCTwoPhaseSym: constant RM: expected model values such as c1,c2,c3, got 3');
});

test('model values work in oneOf, sets, sequences and as process ids under symmetry', (t) => {
  // Two clients queue up for a lock; the queue is a sequence of client model values.
  const spec = defineSpec({
    name: 'lock-queue',
    constants: { Clients: c.modelValues(['c1', 'c2', 'c3']) },
    build: ({ Clients }) =>
      model({ holder: types.oneOf(['none', ...Clients]), queue: types.seq(types.oneOf(Clients), 3), served: types.set(Clients) })
        .process('P', { ids: Clients, labels: ['wait', 'crit', 'done'] })
        .initial({ holder: 'none', queue: [], served: types.set(Clients).empty() })
        .steps('P', {
          wait: { do: (n, self) => void n.queue.push(self), when: (s, self) => !s.queue.includes(self) && s.holder !== self },
          crit: {
            when: (s, self) => s.queue[0] === self && s.holder === 'none',
            do: (n, self) => {
              n.queue.shift();
              n.holder = self;
            },
          },
          done: {
            when: (s, self) => s.holder === self,
            do: (n, self) => {
              n.holder = 'none';
              n.served.add(self);
              return 'done';
            },
          },
        })
        .terminalWhen((s) => Clients.every((id) => s.P[id]!.pc === 'done' && s.holder === 'none'))
        .symmetric(Clients, 'Clients'),
  });
  // 16 = the orbits of the 68 reachable states, counted by brute force over the 6 renamings.
  t.deepEqual(counts(check(spec, { symmetry: false })), ['ok', 68, 109, 10]);
  t.deepEqual(counts(check(spec)), ['ok', 16, 27, 10]);
  t.deepEqual(verifySymmetry(spec), { ok: true, sampledStates: 68, permutations: 2, exhaustive: true });
});

test('the reference explorer (all renamings of plain objects) agrees with the fast engine under symmetry', (t) => {
  t.deepEqual(counts(checkBothEngines(t, twoPhaseSym, { RM: 'r1,r2,r3,r4' })), ['ok', 166, 869, 14]);
  checkBothEngines(t, dijkstraSym, { Proc: 2 });
  checkBothEngines(t, alternatingBitSym);
  t.is(checkBothEngines(t, symmetricCommit).trace!.length, 9);
  const reference = referenceCheck(dijkstraSym, { constants: { Proc: 3 } });
  t.deepEqual(counts(reference), ['ok', 15313, 47662, 54]);
});

/** Every reachable state of `spec` (no reduction), as packed words. */
function reachableWords(runtime: ReturnType<typeof prepare>['runtime']): Int32Array[] {
  const seen = new Set<string>();
  const states: Int32Array[] = [];
  const keep = (state: object) => {
    const words = new Int32Array(runtime.codec.words);
    runtime.codec.encode(state, words, 0);
    if (seen.has(words.join())) return;
    seen.add(words.join());
    states.push(words);
  };
  runtime.forEachInitialState((s) => keep(s));
  const scratch = runtime.codec.createScratch();
  for (let i = 0; i < states.length; i++) runtime.forEachSuccessor(runtime.codec.decodeFresh(states[i]!, 0), scratch, (next) => keep(next));
  return states;
}

test('the heuristic normal form, forced on small sets, finds exactly the orbits the exact form finds', (t) => {
  for (const [spec, constants, orbits] of [
    [dijkstraSym, { Proc: 3 }, 15313],
    [twoPhaseSym, { RM: 'r1,r2,r3,r4' }, 166], // the reference explorer's orbit count (test above)
  ] as const) {
    const { runtime } = prepare(spec, constants);
    const groups = new SymmetryGroups(runtime.def.symmetries!);
    const exact = new SymmetryReduction(groups, runtime.def.schema, runtime.codec.words);
    const heuristic = new SymmetryReduction(groups, runtime.def.schema, runtime.codec.words, 1);
    t.is(exact.info.method, 'exact');
    t.is(heuristic.info.method, 'heuristic');
    const forms = (reduction: SymmetryReduction) => {
      const out = new Int32Array(runtime.codec.words);
      return new Set(reachableWords(runtime).map((words) => (reduction.canonicalize(words, 0, out), out.join())));
    };
    t.is(forms(exact).size, orbits);
    t.is(forms(heuristic).size, orbits);
    t.is(heuristic.untriedTies, 0);
  }
});

test('the CLI: --no-symmetry, the JSON symmetry field, --check-symmetry failures (exit 151), and a symmetric trace that vigil replay accepts', (t) => {
  const reduced = vigilJson(['check', 'tlaplus/MCTwoPhaseSym', '--const', 'RM=a,b,c']).report;
  t.deepEqual([reduced.distinctStates, reduced.generatedStates, reduced.symmetry.method], [80, 318, 'exact']);
  const full = vigilJson(['check', 'tlaplus/MCTwoPhaseSym', '--const', 'RM=a,b,c', '--no-symmetry']).report;
  t.deepEqual([full.distinctStates, full.symmetry], [288, undefined]);
  const fixture = join(repoRoot, 'dist/test/fixtures/symmetric-commit.js');
  const planted = vigil(['check', fixture, '--const', 'plant=action', '--check-symmetry']);
  t.is(planted.status, 151);
  t.regex(planted.stderr, /^vigil: --check-symmetry: action TMAbortOnFirst is not symmetric: its step has no permuted counterpart after swapping r1 and r2 of RM, in state /);
  const trace = join(mkdtempSync(join(tmpdir(), 'vigil-sym-')), 'cex.itf.json');
  t.is(vigil(['check', fixture, '--trace-out', trace]).status, 12);
  const replay = vigil(['replay', trace, '--model', fixture]);
  t.is(replay.status, 0, replay.stderr);
});

test('relations between symmetric values (nested maps, sets of pairs, sets inside maps) reduce as the reference oracle says', (t) => {
  const spec = defineSpec({
    name: 'gossip',
    constants: { C: c.modelValues(['a', 'b', 'c']) },
    build: ({ C }) => {
      const pairs = C.flatMap((x) => C.filter((y) => y !== x).map((y) => [x, y] as [string, string]));
      const Pair = types.set(pairs);
      const Heard = types.set(C);
      return model({ told: types.map(C, types.map(C, types.bool())), heard: types.map(C, Heard), log: Pair, last: types.oneOf(['-', ...C]) })
        .initial(() => ({
          told: Object.fromEntries(C.map((x) => [x, Object.fromEntries(C.map((y) => [y, false]))])),
          heard: Object.fromEntries(C.map((x) => [x, Heard.of(x)])),
          log: Pair.empty(),
          last: '-',
        }))
        .action<{ pair: [string, string] }>(
          'Tell',
          { params: { pair: pairs }, when: (s, { pair: [x, y] }) => !s.told[x]![y] && s.last !== x },
          (n, { pair: [x, y] }, s) => {
            n.told[x]![y] = true;
            n.heard[y] = s.heard[y]!.union(s.heard[x]!);
            n.log.add(pairs.find(([p, q]) => p === x && q === y)!);
            n.last = x;
          },
        )
        .deadlock(false)
        .symmetric(C, 'C');
    },
  });
  t.deepEqual(counts(check(spec, { symmetry: false })), ['ok', 196, 373, 7]);
  const reduced = checkBothEngines(t, spec);
  t.deepEqual(counts(reduced), ['ok', 35, 70, 7]);
  t.deepEqual(verifySymmetry(spec).ok, true);
  const { runtime } = prepare(spec);
  const heuristic = new SymmetryReduction(new SymmetryGroups(runtime.def.symmetries!), runtime.def.schema, runtime.codec.words, 1);
  const out = new Int32Array(runtime.codec.words);
  t.is(new Set(reachableWords(runtime).map((words) => (heuristic.canonicalize(words, 0, out), out.join()))).size, reduced.distinctStates);
});

test('when tied orders are too many to try, the heuristic says so in the note', (t) => {
  // A 7-cycle: every element has the same signature, and no swap leaves the state unchanged.
  const spec = defineSpec({
    name: 'ring',
    constants: { C: c.modelValues(['a', 'b', 'c', 'd', 'e', 'f', 'g']) },
    build: ({ C }) =>
      model({ next: types.map(C, types.oneOf(C)) })
        .initial(() => ({ next: Object.fromEntries(C.map((x, i) => [x, C[(i + 1) % C.length]!])) }))
        .deadlock(false)
        .symmetric(C, 'C'),
  });
  const result = check(spec);
  t.deepEqual(counts(result), ['ok', 1, 1, 1]);
  t.is(result.symmetry?.untriedTies, 1);
  t.is(
    result.symmetry?.note,
    'Symmetry: C (7 values), heuristic normal form: sound (never merges two orbits) but an orbit may keep several representatives; 1 states had too many tied orders to try.',
  );
});
