import test from 'ava';
import { readFileSync } from 'node:fs';
import { check, formatResult, prepare } from '../checker/index.js';
import type { CheckResult } from '../checker/result.js';
import { checkLasso } from '../checker/temporal/lasso-check.js';
import fairWorkers from '../models/examples/fair-workers.js';
import { vigil } from './helpers/cli.js';
import { flipSpec } from './helpers/flip-spec.js';
import { generalForm } from './helpers/general-form.js';
import { writeTemp } from './helpers/traces.js';
import { registry } from '../models/registry.js';
import {
  always,
  and,
  defineSpec,
  eventually,
  eventuallyAlways,
  holds,
  implies,
  infinitelyOften,
  infinitelyOftenTaken,
  model,
  not,
  or,
  stepWhere,
  t as types,
  taken,
  until,
  type ModelBuilder,
  type Spec,
  type TemporalFormula,
} from '../spec/index.js';

type Ring = { n: number };
const zero = (s: Ring) => s.n === 0;
const two = (s: Ring) => s.n === 2;

/**
 * n counts up with Inc: round 0, 1, 2, 3, 0, ... (`wrap`), or 0, 1, 2 and stops
 * there; under WF_vars(Inc) or no fairness. `declare` adds the temporal properties.
 */
const counter = (shape: { wrap: boolean; fair: boolean }, declare: (m: ModelBuilder<Ring>) => void) =>
  defineSpec({
    name: shape.wrap ? 'ring' : 'stuck',
    build: () => {
      const m = model({ n: types.int(0, 3) })
        .initial({ n: 0 })
        .action('Inc', { when: (s) => shape.wrap || s.n < 2 }, (n, _, s) => void (n.n = (s.n + 1) % 4))
        .deadlock(false);
      if (shape.fair) m.fairness('WF', { action: 'Inc' });
      declare(m);
      return m;
    },
  });

const ring = (fair: boolean, name: string, formula: TemporalFormula<Ring>) => counter({ wrap: true, fair }, (m) => void m.temporal(name, formula));

const ns = (result: CheckResult) => result.trace!.map((s) => (s.state as Ring).n);

/** The lasso a check reported, re-judged independently: the cycle is fair and the formula, evaluated directly on it, fails. */
function assertRealCounterexample(t: { is: (a: unknown, b: unknown, m?: string) => void }, spec: Spec, constants: Record<string, unknown>, result: CheckResult): void {
  const { runtime } = prepare(spec, constants);
  const states = result.trace!.map((s) => s.state as object);
  const loop = result.loop!.stuttering ? states.length - 1 : result.loop!.start;
  t.is(checkLasso(runtime, states, loop, result.property!), null, `${spec.name} ${result.property}`);
}

test('[](P => <>[]P), which no fixed form expresses: a 4-state lasso back to state 1', (t) => {
  const spec = ring(true, 'Stable', always(implies(zero, eventuallyAlways(zero))));
  const result = check(spec);
  t.is(result.verdict, 'liveness');
  t.is(result.exitCode, 13);
  t.is(result.message, 'Temporal properties were violated. Property Stable ([](zero => <>[]zero)) does not hold.');
  t.deepEqual(ns(result), [0, 1, 2, 3]);
  t.deepEqual(result.loop, { start: 0, stuttering: false, action: 'Inc' });
  t.regex(formatResult(result), /State 4: <Inc>\n\/\\ n = 3 {4}<- changed\n\nBack to state 1: <Inc>\n/);
  assertRealCounterexample(t, spec, {}, result);
  // Where P is "n >= 1 or n = 0" (always true), the same shape holds.
  t.is(check(ring(true, 'Trivial', always(implies((s: Ring) => s.n >= 0, eventuallyAlways((s: Ring) => s.n <= 3))))).verdict, 'ok');
});

test('disjunction, negation and until: verdicts with and without fairness, exact lassos', (t) => {
  const cases: [string, TemporalFormula<Ring>, 'ok' | number[], 'ok' | number[]][] = [
    // name, formula, under WF (ok or the trace's n values), without fairness
    ['AlwaysEventually', always(eventually(zero)), 'ok', [0, 1]],
    ['Either', or(eventuallyAlways(zero), infinitelyOften(two)), 'ok', [0, 1]],
    ['Until', until((s: Ring) => s.n < 2, two), 'ok', [0]],
    ['NeverTwo', not(eventually(two)), [0, 1, 2, 3], [0, 1, 2]],
    ['IncForever', always(eventually(taken('Inc'))), 'ok', [0]],
  ];
  for (const [name, formula, fair, unfair] of cases) {
    for (const [withFairness, expected] of [[true, fair], [false, unfair]] as const) {
      const spec = ring(withFairness, name, formula);
      const result = check(spec);
      const label = `${name} ${withFairness ? 'WF' : 'no fairness'}`;
      if (expected === 'ok') {
        t.is(result.verdict, 'ok', label);
        continue;
      }
      t.is(result.verdict, 'liveness', label);
      t.deepEqual(ns(result), expected, label);
      assertRealCounterexample(t, spec, {}, result);
    }
  }
  // ~<>(n = 2) fails once n = 2: without fairness the behaviour stutters there, under WF it goes round.
  const never = check(ring(false, 'NeverTwo', not(eventually(two))));
  t.deepEqual(never.loop, { start: 2, stuttering: true, action: null });
  const neverFair = check(ring(true, 'NeverTwo', not(eventually(two))));
  t.deepEqual(neverFair.loop, { start: 0, stuttering: false, action: 'Inc' });
});

test('action properties: [][A]_v as not(stepWhere(...)) and <>[]~<<Inc>>_vars', (t) => {
  // n never decreases: broken by the step 3 -> 0; without fairness the behaviour then stutters.
  const noDecrease = not(eventually(stepWhere((s: Ring, u: Ring) => u.n < s.n, 'Decrease')));
  const unfair = check(ring(false, 'NoDecrease', noDecrease));
  t.is(unfair.message, 'Temporal properties were violated. Property NoDecrease (~<><<Decrease>>_vars) does not hold.');
  t.deepEqual(ns(unfair), [0, 1, 2, 3, 0]);
  t.deepEqual(unfair.loop, { start: 4, stuttering: true, action: null });
  assertRealCounterexample(t, ring(false, 'NoDecrease', noDecrease), {}, unfair);
  const fair = check(ring(true, 'NoDecrease', always(not(stepWhere((s: Ring, u: Ring) => u.n < s.n)))));
  t.deepEqual(ns(fair), [0, 1, 2, 3]);
  t.deepEqual(fair.loop, { start: 0, stuttering: false, action: 'Inc' });
  // A stuttering step satisfies no stepWhere, even one true of every pair: [][TRUE]_v-style properties hold.
  t.is(check(ring(false, 'Moves', always(or(stepWhere(() => true), not(stepWhere(() => true)))))).verdict, 'ok');
  const stops = check(ring(true, 'IncStops', eventuallyAlways(not(taken('Inc')))));
  t.deepEqual(ns(stops), [0, 1, 2, 3]);
  t.deepEqual(stops.loop, { start: 0, stuttering: false, action: 'Inc' });
  t.is(check(ring(false, 'IncStopsOrNot', or(eventuallyAlways(not(taken('Inc'))), always(eventually(taken('Inc')))))).verdict, 'ok');
});

// Strong versus weak fairness through the general path: x toggles, Go is enabled only when x holds.
const flip = flipSpec;

test('strong fairness is respected by the product search (Emerson-Lei refinement)', (t) => {
  const done = (s: { done: boolean }) => s.done;
  // <>[]done, written as a nested formula so that the general path checks it.
  const formula = eventually(always(holds(done)));
  const weak = check(flip('WF', formula));
  t.is(weak.verdict, 'liveness');
  t.deepEqual(weak.trace!.map((s) => s.action), ['Init', 'Toggle']);
  t.deepEqual(weak.loop, { start: 0, stuttering: false, action: 'Toggle' });
  assertRealCounterexample(t, flip('WF', formula), {}, weak);
  t.is(check(flip('SF', formula)).verdict, 'ok');
  t.is(check(flip('none', formula)).verdict, 'liveness');
});

test('a form outside general LTL is refused with a message naming it (exit 150)', (t) => {
  const next = { kind: 'next', f: holds(zero) } as unknown as TemporalFormula<Ring>;
  const error = t.throws(() => check(ring(true, 'Next', always(next)))) as Error & { exitCode: number };
  t.is(
    error.message,
    'temporal property Next: unsupported temporal form "next": the checker handles []F, <>F, F ~> G, F U G, ~F, F /\\ G, F \\/ G, F => G over state predicates and steps (<<A>>_v)',
  );
  t.is(error.exitCode, 150);
  const many = and(...Array.from({ length: 32 }, (_, k) => eventually(holds((s: Ring) => s.n === k % 4))));
  const tooMany = t.throws(() => check(ring(true, 'Many', not(many)))) as Error & { exitCode: number };
  t.is(tooMany.message, 'temporal property Many: a temporal formula with 32 eventualities (<>, ~>, U): at most 31 are supported');
  t.is(tooMany.exitCode, 150);
  // A step of an action that does not exist would make taken() silently false: refused.
  const typo = t.throws(() => check(ring(true, 'Typo', always(eventually(taken('Incr')))))) as Error & { exitCode: number };
  t.is(typo.message, 'model ring: temporal property step <<Incr>>_vars: no action is named "Incr"');
  t.is(typo.exitCode, 150);
  // A step predicate that throws, or returns something else than a boolean: one line naming the step, exit 76.
  const throwing = t.throws(() => check(ring(true, 'Throws', always(not(stepWhere((s: Ring) => { if (s.n === 2) throw new Error('boom'); return false; })))))) as Error & { exitCode: number };
  t.is(throwing.message, "evaluating a temporal property's step predicate failed: boom (on the step from [n |-> 2] to [n |-> 3])");
  t.is(throwing.exitCode, 76);
  const numeric = t.throws(() => check(ring(true, 'Numeric', always(not(stepWhere((s: Ring) => s.n as unknown as boolean)))))) as Error & { exitCode: number };
  t.is(numeric.message, "a temporal property's step predicate returned 0, not a boolean");
  t.is(numeric.exitCode, 76);
});

test('replay re-judges a general lasso: a behaviour that satisfies the formula is rejected', (t) => {
  const spec = ring(true, 'Stable', always(implies(zero, eventuallyAlways(zero))));
  const { runtime } = prepare(spec, {});
  // 0 1 2 3 back to 0: zero does not stay, the property fails and the cycle is fair.
  t.is(checkLasso(runtime, [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }], 0, 'Stable'), null);
  // Stuttering at 0 for ever satisfies it, and is unfair under WF_vars(Inc).
  t.is(checkLasso(runtime, [{ n: 0 }], 0, 'Stable'), 'the cycle is not fair: WF(Inc) is enabled in every state of the cycle and never taken');
  const unfair = ring(false, 'Stable', always(implies(zero, eventuallyAlways(zero))));
  t.is(checkLasso(prepare(unfair, {}).runtime, [{ n: 0 }], 0, 'Stable'), 'the behaviour satisfies Stable');
});

const viaGeneralPath = (spec: Spec): Spec => ({
  ...spec,
  instantiate: (constants) => {
    const def = spec.instantiate(constants);
    const temporal = (def.temporal ?? []).map((p) => ({ ...p, instances: p.instances.map((i) => ({ ...i, formula: generalForm(i.formula) })) }));
    return { ...def, temporal };
  },
});

const load = async (name: string) => (await registry[name]!()).default as Spec;

test('differential: the general path agrees with the fixed forms on every liveness model', async (t) => {
  const rows: [Spec | string, Record<string, unknown>][] = [
    [fairWorkers, { fairness: 'action' }],
    [fairWorkers, { fairness: 'instance' }],
    [fairWorkers, { fairness: 'none' }],
    ['tlaplus/LiveHourClock', { properties: 'AlwaysTick AllTimes TypeInvariance' }],
    ['tlaplus/LiveHourClock', { spec: 'HC', properties: 'AllTimes' }],
    ['tlaplus/LiveHourClock', { spec: 'HC', properties: 'AlwaysTick AllTimes TypeInvariance' }],
    ['tlaplus/Prisoners', { properties: 'Safety Liveness' }],
    ['tlaplus/Prisoners', { properties: 'CountReachedStable' }],
    ['tlaplus/Prisoners', { properties: 'DoneStable' }],
    ['tlaplus/Prisoners', { spec: 'SpecNoCounterFairness', properties: 'Liveness' }],
    ['tlaplus/ChangRoberts', { properties: 'Liveness' }],
    ['tlaplus/ChangRoberts', { properties: 'Termination' }],
    ['tlaplus/DijkstraMutex', { Proc: 2, properties: 'DeadlockFreedom' }],
    ['tlaplus/DijkstraMutex', { Proc: 2, properties: 'StarvationFree' }],
    ['tlaplus/AlternatingBit', { properties: 'SentLeadsToRcvd' }],
    ['tlaplus/AlternatingBit', { spec: 'ABSpecWF', properties: 'SentLeadsToRcvd' }],
  ];
  const verdicts: string[] = [];
  for (const [source, constants] of rows) {
    const spec = typeof source === 'string' ? await load(source) : source;
    const label = `${spec.name} ${JSON.stringify(constants)}`;
    const fixed = check(spec, { constants });
    const general = check(viaGeneralPath(spec), { constants });
    // A fixed []P reports an invariant violation (a finite trace); the general path, a lasso.
    const violated = (r: CheckResult) => r.verdict !== 'ok';
    t.is(violated(general), violated(fixed), label);
    t.is(general.property, fixed.property, label);
    t.is(general.distinctStates, fixed.distinctStates, label);
    if (violated(general)) assertRealCounterexample(t, viaGeneralPath(spec), constants, general);
    verdicts.push(`${fixed.verdict}${violated(general) ? ` ${general.trace!.length}${general.loop!.stuttering ? '+stutter' : `/${general.loop!.start + 1}`}` : ''}`);
  }
  t.deepEqual(verdicts, [
    'liveness 2/1',
    'ok',
    'liveness 1+stutter',
    'ok',
    'liveness 1+stutter',
    'liveness 1+stutter',
    'ok',
    'ok',
    'liveness 15/14',
    'liveness 2/1',
    'ok',
    'liveness 4+stutter',
    'ok',
    'liveness 21/8',
    'ok',
    'liveness 9/2',
  ]);
});

test('<<A>>_vars is a property of the pair of states: a step that A could take counts, whichever action the trace names', (t) => {
  // A and B both flip n; only B is fair. Every step is an A step in TLA+'s sense, so []<><<A>>_vars holds.
  const parallel = (formula: TemporalFormula<Ring>) =>
    defineSpec({
      name: 'parallel',
      build: () =>
        model({ n: types.int(0, 1) })
          .initial({ n: 0 })
          .action('B', {}, (n, _, s) => void (n.n = 1 - s.n))
          .action('A', {}, (n, _, s) => void (n.n = 1 - s.n))
          .deadlock(false)
          .fairness('WF', { action: 'B' })
          .temporal('F', formula),
    });
  t.is(check(parallel(always(eventually(taken('A'))))).verdict, 'ok');
  t.is(check(parallel(infinitelyOftenTaken('A'))).verdict, 'ok');
});

test('a state without successors stutters for ever under fairness; forEach instances of general formulas', (t) => {
  const stuck = (formula: TemporalFormula<Ring>) => counter({ wrap: false, fair: true }, (m) => void m.temporal('F', formula));
  const back = check(stuck(always(eventually(holds(zero)))));
  t.deepEqual(ns(back), [0, 1, 2]);
  t.deepEqual(back.loop, { start: 2, stuttering: true, action: null });
  t.is(check(stuck(eventually(always(holds((s: Ring) => s.n === 2))))).verdict, 'ok');
  // One instance per value; the first violated one is reported.
  const visits = (fair: boolean) =>
    counter({ wrap: true, fair }, (m) => void m.temporal('Visits', { forEach: [0, 1, 2, 3] }, (k) => always(eventually(holds((s: Ring) => s.n === k)))));
  t.is(check(visits(true)).verdict, 'ok');
  const unfair = check(visits(false));
  t.is(unfair.property, 'Visits[0]'); // one step, then stuttering at 1
  t.deepEqual(ns(unfair), [0, 1]);
  t.deepEqual(unfair.loop, { start: 1, stuttering: true, action: null });
});

test('a depth bound leaves the states at the bound out of cycles and warns', (t) => {
  const result = check(ring(true, 'AlwaysEventually', always(eventually(zero))), { maxDepth: 2 });
  t.is(result.verdict, 'ok');
  t.deepEqual(result.warnings, [
    'Warning: depth bound 2 with temporal properties: states at the bound have no recorded successors and are left out of cycles, so the liveness result may be vacuous.',
  ]);
});

test('CLI: a general violation is written as an ITF lasso that vigil replay re-judges; the parallel engine agrees', async (t) => {
  const file = writeTemp('general.itf.json', '');
  const example = ['models/examples/request-grant.ts', '--const', 'property=StableAfterGrant'];
  t.is(vigil(['check', ...example, '--trace-out', file]).status, 13);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  t.is(itf.states.length, 4);
  t.is(itf.loop, 3);
  const replay = vigil(['replay', file, '--model', ...example]);
  t.is(replay.status, 0, replay.stderr);
  t.regex(replay.stdout, /Its loop closes, its cycle is fair, and it violates the temporal property StableAfterGrant, as the trace claims\./);
  const parallel = vigil(['check', ...example, '--workers', '2', '--json']);
  t.is(parallel.status, 13);
  const report = JSON.parse(parallel.stdout);
  t.is(report.property, 'StableAfterGrant');
  t.is(report.trace.length, 4);
  t.deepEqual(report.loop, { start: 3, stuttering: true, action: null });
});
