// Issue 24 item 1 with --workers: the parallel engine's threads log the edges of the
// states they expand and the coordinator replays them in the sequential engine's
// order, so the liveness pass explores nothing again and finds the same graph,
// verdicts and lassos as one worker.
import test from 'ava';
import { check, checkParallel } from '../checker/index.js';
import type { CheckResult } from '../checker/result.js';
import type { RecordedGraph } from '../checker/temporal/check-temporal.js';
import { FairnessGroups } from '../checker/temporal/fairness-groups.js';
import { buildLivenessGraph, type LivenessGraph } from '../checker/temporal/liveness-graph.js';
import { planTemporalChecks } from '../checker/temporal/property-plan.js';
import { prepare } from '../checker/prepare.js';
import { runToEnd } from '../checker/search/sliced-run.js';
import { registry } from '../models/registry.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import type { Spec } from '../spec/index.js';

const registryUrl = new URL('../models/registry.js', import.meta.url).href;
const load = async (name: string) => (await registry[name]!()).default as Spec;

/** Two threads that both take every level they can (a small model would otherwise run on the coordinator alone). */
async function parallel(name: string, constants: Record<string, unknown>, options: { continueAfterViolation?: boolean; fingerprintBits?: 64 | 96 } = {}) {
  let recorded: RecordedGraph | undefined;
  const result = await checkParallel({ moduleUrl: registryUrl, registryName: name }, 2, { constants, ...options }, { waitForWorkers: true, onRecordedGraph: (graph) => (recorded = graph) });
  return { result, recorded };
}

/** What must not depend on the engine: counts, verdicts, every violation, the whole lasso, the graph's size. */
function outcome(result: CheckResult) {
  return {
    verdict: result.verdict,
    exitCode: result.exitCode,
    property: result.property,
    message: result.message,
    distinct: result.distinctStates,
    generated: result.generatedStates,
    depth: result.depth,
    violations: result.violations,
    trace: result.trace?.map((s) => ({ action: s.action, state: s.state })) ?? null,
    loop: result.loop ?? null,
    graph: result.liveness ? { states: result.liveness.states, edges: result.liveness.edges, properties: result.liveness.properties } : null,
  };
}

const cases: [string, Record<string, unknown>, string | null, number | null][] = [
  ['vfio-pm', { ...SMOKE, liveness: true }, null, null],
  ['vfio-pm', { ...SMOKE, mutant: 'M16', script: 'ENTRY', vcpu: 0, host: 0, liveness: true }, 'L1', 19],
  ['tlaplus/DijkstraMutex', { Proc: 3, properties: 'DeadlockFreedom' }, null, null],
  ['tlaplus/DijkstraMutex', { Proc: 2, properties: 'StarvationFree' }, 'StarvationFree[p1]', 21],
  ['tlaplus/AlternatingBit', { spec: 'ABSpecWF', properties: 'SentLeadsToRcvd' }, 'SentLeadsToRcvd[d1]', 7],
  ['tlaplus/Prisoners', { Prisoner: 5, properties: 'Liveness' }, null, null],
  ['tlaplus/Prisoners', { properties: 'DoneStable' }, 'DoneStable', 17],
  ['tlaplus/SingleLaneBridge', { CarsRight: 2, CarsLeft: 2, properties: 'CarsInBridgeExitBridge CarsEnterBridge' }, null, null],
  ['tlaplus/ChangRoberts', { properties: 'Termination' }, 'Termination', 4],
];

for (const [name, constants, property, traceLength] of cases) {
  test(`--workers 2 records the graph and gives one worker's result: ${name} ${JSON.stringify(constants).slice(0, 80)}`, async (t) => {
    const { result, recorded } = await parallel(name, constants);
    t.truthy(recorded, 'the threads recorded the graph (no second pass)');
    const sequential = check(await load(name), { constants });
    t.is(result.property, property);
    t.is(result.trace?.length ?? null, traceLength);
    t.deepEqual(outcome(result), outcome(sequential));
  });
}

test('--workers 2 with --continue reports the same violations, the first with the same lasso', async (t) => {
  const constants = { ...SMOKE, mutant: 'M16', script: 'ENTRY', vcpu: 0, host: 0, liveness: true };
  const { result, recorded } = await parallel('vfio-pm', constants, { continueAfterViolation: true });
  t.truthy(recorded);
  const sequential = check(await load('vfio-pm'), { constants, continueAfterViolation: true });
  t.deepEqual(result.violations.map((v) => v.property), ['L1']);
  t.deepEqual(outcome(result), outcome(sequential));
});

const columns = ['edgeStart', 'predicateBits', 'stepPredicateWords', 'stepPredicateBits', 'initialIndex'] as const;
/** A column's values (the compact edge columns' layout depends on the order labels were met). */
const valuesOf = (column: { at(i: number): number | undefined; length: number }) => Array.from({ length: column.length }, (_, i) => column.at(i));

test("the threads' graph equals the one a separate pass explores, column for column (vfio smoke, DijkstraMutex 3)", async (t) => {
  for (const [name, constants, states] of [
    ['vfio-pm', { ...SMOKE, liveness: true }, 14563],
    ['tlaplus/DijkstraMutex', { Proc: 3, properties: 'DeadlockFreedom' }, 90882],
  ] as const) {
    const { result, recorded } = await parallel(name, constants);
    const graph = recorded!.recorder.finish({ generated: result.generatedStates, depth: result.depth, tableBytes: 0 });
    const { runtime } = prepare(await load(name), constants);
    const plan = planTemporalChecks(runtime.def.temporal!);
    const groups = new FairnessGroups(runtime.def.fairness ?? [], plan.trackedActions);
    const explored: LivenessGraph = runToEnd(buildLivenessGraph(runtime, groups, { maxDepth: Infinity, predicates: plan.predicates, stepPredicates: plan.stepPredicates }));
    t.is(graph.states, states, name);
    t.is(explored.states, states, name);
    t.is(graph.edges, explored.edges, name);
    for (const column of columns) t.deepEqual(graph[column], explored[column], `${name} ${column}`);
    for (const column of ['edgeTarget', 'edgePosition'] as const) t.deepEqual(valuesOf(graph[column]), valuesOf(explored[column]), `${name} ${column}`);
    // Group-set ids may be numbered in another order (the threads met the sets in another order): compare the sets.
    const setsOf = (g: LivenessGraph, column: 'edgeGroups' | 'enabledGroups', sets: readonly (readonly number[])[], labels: (id: number) => string) => valuesOf(g[column]).map((id) => sets[id!]!.map(labels).join(','));
    const labelsHere = (id: number) => recorded!.recorder.groups.groups[id]!.label;
    const labelsThere = (id: number) => groups.groups[id]!.label;
    for (const column of ['edgeGroups', 'enabledGroups'] as const) {
      t.deepEqual(setsOf(graph, column, recorded!.recorder.groups.sets, labelsHere), setsOf(explored, column, groups.sets, labelsThere), `${name} ${column}`);
    }
  }
});

test('96-bit fingerprints with --workers: the graph is not recorded (the pass explores it), with the same result', async (t) => {
  const constants = { Proc: 2, properties: 'StarvationFree' };
  const { result, recorded } = await parallel('tlaplus/DijkstraMutex', constants, { fingerprintBits: 96 });
  t.is(recorded, undefined);
  t.deepEqual(outcome(result), outcome(check(await load('tlaplus/DijkstraMutex'), { constants })));
});
