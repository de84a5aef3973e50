// Issue 24 item 1: the safety search records the liveness graph as it goes; the
// graph must be the one the separate liveness pass explores, column for column.
import test from 'ava';
import { check, prepare } from '../checker/check.js';
import { resolveSearchSettings } from '../checker/check.js';
import { BreadthFirstSearch } from '../checker/search/bfs.js';
import { WideFingerprintSet } from '../checker/search/wide-visited-set.js';
import { FairnessGroups } from '../checker/temporal/fairness-groups.js';
import { buildLivenessGraph, type LivenessGraph } from '../checker/temporal/liveness-graph.js';
import { livenessRecorderFor } from '../checker/temporal/check-temporal.js';
import { planTemporalChecks } from '../checker/temporal/property-plan.js';
import { NarrowColumn } from '../checker/temporal/growable.js';
import { runToEnd } from '../checker/search/sliced-run.js';
import requestGrant from '../models/examples/request-grant.js';
import fairWorkers from '../models/examples/fair-workers.js';
import { registry } from '../models/registry.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import vfioPm from '../models/vfio-pm/index.js';
import { always, defineSpec, eventually, implies, infinitelyOften, leadsTo, model, not, stepWhere, t as types, type Spec } from '../spec/index.js';

const load = async (name: string) => (await registry[name]!()).default as Spec;

/** The graph the search records and the graph the separate pass explores, for one model. */
function bothGraphs(spec: Spec, constants: Record<string, unknown>): { recorded: LivenessGraph; explored: LivenessGraph; sets: [unknown, unknown] } {
  const { runtime } = prepare(spec, constants);
  const settings = resolveSearchSettings(spec.name, runtime, {});
  const recorder = livenessRecorderFor(runtime, settings)!;
  const search = new BreadthFirstSearch(runtime, { ...settings, edgeRecorder: recorder });
  const outcome = search.run();
  const recorded = recorder.finish({ generated: outcome.generatedStates, depth: outcome.depth, tableBytes: 0 });
  const plan = planTemporalChecks(runtime.def.temporal!);
  const groups = new FairnessGroups(runtime.def.fairness ?? [], plan.trackedActions);
  const explored = runToEnd(buildLivenessGraph(runtime, groups, { maxDepth: Infinity, predicates: plan.predicates, stepPredicates: plan.stepPredicates }));
  // Interned group-set ids depend on the order sets are first met, which must be the same in both.
  return { recorded, explored, sets: [recorder.groups.sets, groups.sets] };
}

const columns = ['edgeStart', 'edgeTarget', 'edgePosition', 'edgeGroups', 'enabledGroups', 'predicateBits', 'stepPredicateWords', 'stepPredicateBits', 'initialIndex'] as const;

/**
 * Fairness that depends on the state (`where`, per `by` value) and a general LTL
 * property with a step predicate: the recorder must compute both as the separate
 * pass does. Stay stutters, so its where condition must not create groups.
 */
const stateDependent = defineSpec({
  name: 'state-dependent',
  build: () =>
    model({ x: types.int(0, 3), y: types.int(0, 1) })
      .initial({ x: 0, y: 0 })
      .action('Move', { params: { d: [1, 2] }, when: (s, { d }) => s.x + d <= 3 }, (n, { d }, s) => void (n.x = s.x + d))
      .action('Reset', { when: (s) => s.x === 3 }, (n) => void (n.x = 0))
      .action('Toggle', (n, _, s) => void (n.y = 1 - s.y))
      .action('Stay', { params: { k: [0, 1] } }, (n) => void (n.y = n.y))
      .deadlock(false)
      .fairness('WF', { action: 'Move', by: ['d'], where: (s, p) => (s.y === 0) === (p.d === 1) })
      .fairness('SF', { action: 'Stay', each: true, where: (s, p) => s.y === p.k })
      .fairness('WF', { action: 'Reset' })
      .temporal('NoJumpAtOne', always(not(stepWhere((s, t) => s.x === 1 && t.x === 3, 'JumpFromOne'))))
      .temporal('Returns', implies(infinitelyOften((s) => s.y === 1), infinitelyOften((s) => s.x === 0))),
});

const stutterAndConstraint = defineSpec({
  name: 'stutter-and-constraint',
  build: () =>
    model({ n: types.int(0, 4), m: types.int(0, 1) })
      .initial(() => [
        { n: 0, m: 0 },
        { n: 0, m: 0 },
        { n: 1, m: 1 },
      ])
      .action('Inc', { when: (s) => s.n < 4 }, (n, _, s) => void (n.n = s.n + 1))
      .action('Stay', (n) => void (n.m = n.m))
      .action('Flip', (n, _, s) => void (n.m = 1 - s.m))
      .constraint('Below4', (s) => s.n < 4)
      .deadlock(false)
      .fairness('WF', { action: 'Inc' })
      .fairness('SF', { action: 'Flip' })
      .temporal('Often', infinitelyOften((s) => s.m === 0))
      .temporal('Reaches', leadsTo((s) => s.n === 0, (s) => s.n === 3)),
});

test('the recorded graph equals the explored one, column for column (stuttering, constraints, duplicate initial states, fairness, vfio smoke)', async (t) => {
  const cases: [Spec, Record<string, unknown>, number][] = [
    [stutterAndConstraint, {}, 8],
    [fairWorkers, { fairness: 'action' }, 4],
    [fairWorkers, { fairness: 'instance' }, 4],
    [await load('tlaplus/DijkstraMutex'), { Proc: 2, properties: 'StarvationFree' }, 660],
    [await load('tlaplus/AlternatingBit'), { spec: 'ABSpecWF', properties: 'SentLeadsToRcvd' }, 240],
    [vfioPm, { ...SMOKE, liveness: true }, 14563],
    [stateDependent, {}, 8],
    [requestGrant, { property: 'GrantOnlyOnRequest' }, 9],
  ];
  for (const [spec, constants, states] of cases) {
    const { recorded, explored, sets } = bothGraphs(spec, constants);
    t.is(recorded.states, states, spec.name);
    t.is(explored.states, states, spec.name);
    t.is(recorded.edges, explored.edges, spec.name);
    t.is(recorded.expanded, explored.expanded, spec.name);
    t.is(recorded.generated, explored.generated, spec.name);
    for (const column of columns) t.deepEqual(recorded[column], explored[column], `${spec.name} ${column}`);
    t.deepEqual(sets[0], sets[1], `${spec.name} group sets`);
  }
});

test('a recorded graph carries step predicate bits and state-dependent fairness groups', (t) => {
  const { recorded } = bothGraphs(stateDependent, {});
  t.is(recorded.stepPredicateWords, 1);
  // Move(d = 2) from x = 1 is the only step JumpFromOne holds on, once per value of y.
  t.is([...recorded.stepPredicateBits].filter((bits) => bits === 1).length, 2);
  const result = check(stateDependent);
  t.is(result.verdict, 'liveness');
  t.is(result.property, 'NoJumpAtOne');
  t.deepEqual(result.trace!.map((s) => s.action), ['Init', 'Move(d = 1)', 'Move(d = 2)']);
  t.is(result.liveness!.edges, 20);
  t.is(recorded.edges, 20);
  // A depth bound the run never reaches makes the pass explore the graph itself: the same verdict and lasso.
  const explored = check(stateDependent, { maxDepth: 100 });
  t.deepEqual([explored.property, explored.trace!.map((s) => s.action), explored.loop], [result.property, result.trace!.map((s) => s.action), result.loop]);
  // --continue on the recorded graph reports every violated property.
  t.deepEqual(check(stateDependent, { continueAfterViolation: true }).violations.map((v) => v.property), ['NoJumpAtOne', 'Returns']);
});

test('the stutter-and-constraint model: stuttering steps are no edges, constraint-dropped steps count as enabled only', (t) => {
  const { recorded } = bothGraphs(stutterAndConstraint, {});
  // States n in 0..3 and m in 0..1; (0,0) is listed twice as initial state (indexes 0 and 1: only 0 is kept).
  t.deepEqual([...recorded.initialIndex], [0, 2]);
  // Per state: Inc (unless n = 3: the successor n = 4 is dropped) and Flip; Stay stutters.
  t.is(recorded.edges, 8 * 2 - 2);
  const result = check(stutterAndConstraint);
  t.is(result.verdict, 'ok');
  t.is(result.liveness!.edges, 14);
});

/** n counts from 0 to 3 (invariant Small fails at 3); `liveness` adds what throws at n = 1. */
type Counter = ReturnType<typeof counterModel>;
const counterModel = () =>
  model({ n: types.int(0, 3) })
    .initial({ n: 0 })
    .action('Inc', { when: (s) => s.n < 3 }, (n, _, s) => void (n.n = s.n + 1))
    .deadlock(false)
    .invariant('Small', (s) => s.n < 3);
const throwsAtOne = (name: string, liveness: (counter: Counter) => Counter) => defineSpec({ name, build: () => liveness(counterModel()) });
const boomAtOne = (s: { n: number }) => {
  if (s.n === 1) throw new Error('boom');
};

test('a predicate that throws during recording does not hide a safety violation found later in the search', (t) => {
  const spec = throwsAtOne('throws-then-violates', (counter) =>
    counter.temporal('Bad', eventually((s): boolean => (boomAtOne(s), s.n === 2))),
  );
  const result = check(spec);
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'Small');
  t.is(result.trace!.length, 4);
  const noViolation = t.throws(() => check(spec, { invariants: [] })) as Error & { exitCode: number };
  t.is(noViolation.message, "evaluating a temporal property's state predicate failed: boom (in state [n |-> 1])");
  t.is(noViolation.exitCode, 76);
});

test('a fairness where condition that fails during recording: a later safety violation first, else the same error as the separate pass', (t) => {
  const spec = throwsAtOne('where-throws', (counter) =>
    counter.fairness('WF', { action: 'Inc', where: (s): boolean => (boomAtOne(s), true) }).temporal('Ends', eventually((s) => s.n === 3)),
  );
  const result = check(spec);
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'Small');
  const recorded = t.throws(() => check(spec, { invariants: [] })) as Error & { exitCode: number };
  const explored = t.throws(() => check(spec, { invariants: [], maxDepth: 100 })) as Error & { exitCode: number };
  t.is(recorded.message, 'fairness WF(Inc when): its where condition failed on Inc: boom');
  t.is(recorded.message, explored.message);
  t.is(recorded.exitCode, 76);
});

test('ordinal mode of the wide table: the first ordinal stored for a 64-bit fingerprint is returned for it, across growth', (t) => {
  const set = new WideFingerprintSet(16, true);
  const keys: [number, number][] = [];
  for (let i = 0; i < 5000; i++) keys.push([Math.imul(i, 0x9e3779b1) | 0, Math.imul(i + 7, 0x85ebca6b) | 0]);
  keys.push([0, 0]);
  keys.forEach(([hi, lo], ordinal) => t.is(set.ordinalOrInsert(hi, lo, ordinal), -1));
  keys.forEach(([hi, lo], ordinal) => {
    if (set.ordinalOrInsert(hi, lo, 99999) !== ordinal) t.fail(`key ${ordinal}`);
  });
  t.is(set.size, keys.length);
  t.true(set.has(0, 0, 0));
  t.false(set.has(0, 1, 0));
  t.pass();
});

test('a narrow column keeps one byte per value until a value needs two, then keeps every value', (t) => {
  const column = new NarrowColumn();
  for (let i = 0; i < 2000; i++) column.push(i % 200);
  t.is(column.width, 1);
  column.push(300);
  t.is(column.width, 2);
  for (let i = 0; i < 2000; i++) column.push(65535 - i);
  const values = column.done();
  t.true(values instanceof Uint16Array);
  t.is(values.length, 4001);
  t.is(values[1999], 1999 % 200);
  t.is(values[2000], 300);
  t.is(values[4000], 65535 - 1999);
});

test('the vfio smoke graph: 3 bytes of target and 1 labelling its (position, groups) pair per edge', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, liveness: true } });
  t.is(result.liveness!.bytesPerEdge, 4);
  // The visited table's ordinal lane (4 of its 12 bytes a slot; 32,768 home slots plus 256 of overflow just
  // after a growth: 9.07 a state), 4 of CSR offset, 1 of enabled groups, 6 bits for the plan's 6 state predicates.
  t.is(result.liveness!.bytesPerState, 14.82);
});

test('the recorded graph counts against --max-memory: a budget the safety search fits in stops a run that records the graph', (t) => {
  const constants = { ...SMOKE, liveness: true };
  const budget = 1.2 * 2 ** 20;
  const safetyOnly = check(vfioPm, { constants, maxMemoryBytes: budget, temporal: false });
  t.is(safetyOnly.verdict, 'ok');
  t.is(safetyOnly.distinctStates, 14563);
  const recorded = check(vfioPm, { constants, maxMemoryBytes: budget });
  t.is(recorded.verdict, 'incomplete');
  t.is(recorded.exitCode, 153);
  t.regex(recorded.message!, /^Not exhaustive: the memory budget of 1258291\.2 bytes would have been exceeded/);
  t.true(recorded.warnings!.includes('Warning: temporal properties were not checked: the safety search stopped first.'));
  t.is(recorded.liveness, undefined);
});
