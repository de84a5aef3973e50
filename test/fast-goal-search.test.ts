import test, { type ExecutionContext } from 'ava';
import { prepare } from '../checker/check.js';
import { fastSearchGoals, fastShortestPath } from '../checker/explorer/fast-goal-search.js';
import { goalFor, namedProperties, type Want } from '../checker/explorer/goals.js';
import { decodePath, encodePath, initialStep, pathOf, walkPath, type PathStep } from '../checker/explorer/path.js';
import { searchGoals, shortestPath, type SearchGoal, type SearchLimits, type SearchResult } from '../checker/explorer/search.js';
import type { RuntimeModel } from '../checker/runtime-model.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import twophase from '../models/examples/twophase.js';
import vfio from '../models/vfio-pm/index.js';
import alternatingBit from '../models/tlaplus/AlternatingBit.js';
import coffeeCan from '../models/tlaplus/CoffeeCan.js';
import edge from './fixtures/edge-models.js';
import faulty from './fixtures/faulty-models.js';

/**
 * The fast goal search (packed states, the engine's expander) against the plain
 * one (search.ts), kept as the oracle: the same verdict, the same path (as
 * successor positions, so permalinks agree), and the same explored count (the
 * distinct states seen when the goal was met, or when the search ended).
 */
type Outcome = { found: true; path: string; length: number; explored: number } | { found: false; exhausted: boolean; explored: number; reason: string };

function outcomeOf(result: SearchResult): Outcome {
  if (!result.found) return { found: false, exhausted: result.exhausted, explored: result.explored, reason: result.reason };
  return { found: true, path: encodePath(pathOf(result.steps)), length: result.steps.length, explored: result.explored };
}

function sameAsPlain(t: ExecutionContext, model: RuntimeModel<any>, starts: readonly PathStep[], goal: SearchGoal<any>, limits: SearchLimits, what: string): SearchResult {
  const fast = fastShortestPath(model, starts, goal, limits);
  t.deepEqual(outcomeOf(fast), outcomeOf(shortestPath(model, starts, goal, limits)), what);
  return fast;
}

/** Every property of the model, in both directions where the explorer allows them. */
function everyGoal(model: RuntimeModel<any>): [string, SearchGoal<any>][] {
  return namedProperties(model).flatMap((property) =>
    (['violated', 'holds'] as Want[]).flatMap((want) => {
      try {
        return [[`${property.kind}:${property.name} ${want}`, goalFor(model, `${property.kind}:${property.name}`, want)] as [string, SearchGoal<any>]];
      } catch {
        return [];
      }
    }),
  );
}

const initial = (model: RuntimeModel<any>) => model.initialStates().map((_, i) => initialStep(model, i));

test('small models: every property, from the initial states and from a later state, exhaustively', (t) => {
  for (const [spec, constants, from] of [
    [diehard, {}, '0/1/5'],
    [lockOrder, {}, '0/0'],
    [twophase, { RM: 3 }, '0/0/0'],
  ] as const) {
    const model = prepare(spec, constants).runtime;
    const laterStart = walkPath(model, decodePath(from)).at(-1)!;
    for (const [name, goal] of everyGoal(model)) {
      sameAsPlain(t, model, initial(model), goal, {}, `${spec.name} ${name} from the initial states`);
      sameAsPlain(t, model, [laterStart], goal, {}, `${spec.name} ${name} from ${from}`);
    }
  }
});

test('the found paths are the shortest ones the models are known for', (t) => {
  const dieHard = prepare(diehard).runtime;
  const solved = sameAsPlain(t, dieHard, initial(dieHard), goalFor(dieHard, 'NotSolved', 'violated'), {}, 'NotSolved');
  t.true(solved.found);
  t.is(solved.found && solved.steps.length, 7, 'the big jug holds 4 gallons after 6 steps');
  const locks = prepare(lockOrder).runtime;
  const deadlock = sameAsPlain(t, locks, initial(locks), goalFor(locks, 'deadlock', 'violated'), {}, 'deadlock');
  t.true(deadlock.found && !locks.def.terminal?.(deadlock.steps.at(-1)!.state));
  const noSuch = sameAsPlain(t, dieHard, initial(dieHard), goalFor(dieHard, 'TypeOK', 'violated'), {}, 'TypeOK');
  t.deepEqual(outcomeOf(noSuch), { found: false, exhausted: true, explored: 16, reason: 'no reachable state satisfies it (all 16 states explored)' });
});

test('vfio-pm: M1 reaches S1 in 12 states and H1 fails assertion S7 at its 20th step, on the same paths as the plain search', (t) => {
  const m1 = prepare(vfio, { mutant: 'M1' }).runtime;
  const s1 = sameAsPlain(t, m1, initial(m1), goalFor(m1, 'S1', 'violated'), {}, 'M1 S1');
  t.is(s1.found && s1.steps.length, 12);
  const h1 = prepare(vfio, { script: 'INTX_ON,ENTRY', unmaskfd: 1, vcpu: 0, host: 0 }).runtime;
  const s7 = sameAsPlain(t, h1, initial(h1), goalFor(h1, 'assertion:S7', 'violated'), {}, 'H1 S7');
  t.is(s7.found && encodePath(pathOf(s7.steps)), '0/0/0/0/0/0/0/0/0/0/0/0/0/0/6/7/6/7/7/7/-1');
  t.true(s7.found && s7.steps.at(-1)!.index < 0, 'the path ends with the failing step');
  // From the tenth state of that path the rest of it is found again.
  const middle = walkPath(h1, decodePath('0/0/0/0/0/0/0/0/0/0')).at(-1)!;
  const rest = sameAsPlain(t, h1, [middle], goalFor(h1, 'assertion:S7', 'violated'), {}, 'H1 S7 from state 10');
  t.is(rest.found && encodePath(pathOf(rest.steps)), '0/0/0/0/0/6/7/6/7/7/7/-1');
});

test('the state limit, the depth limit and progress behave as in the plain search', (t) => {
  const model = prepare(vfio, { mutant: 'M1' }).runtime;
  const goal = goalFor(model, 'S1', 'violated');
  const limited = sameAsPlain(t, model, initial(model), goal, { maxStates: 300 }, 'state limit');
  t.false(limited.found);
  t.regex(!limited.found ? limited.reason : '', /^no such state among the 3\d\d nearest states \(the search limit\)$/);
  const shallow = sameAsPlain(t, model, initial(model), goal, { maxDepth: 5 }, 'depth limit');
  t.deepEqual(!shallow.found && [shallow.exhausted, shallow.reason], [false, 'no such state within 5 steps']);
  // S1 is 11 steps from the initial state.
  t.false(sameAsPlain(t, model, initial(model), goal, { maxDepth: 10 }, 'one step short').found);
  t.true(sameAsPlain(t, model, initial(model), goal, { maxDepth: 11 }, 'just deep enough').found);
  const fastProgress: number[] = [];
  const plainProgress: number[] = [];
  const never = { state: () => false };
  fastShortestPath(model, initial(model), never, { maxStates: 20_000, onProgress: (n) => fastProgress.push(n) });
  shortestPath(model, initial(model), never, { maxStates: 20_000, onProgress: (n) => plainProgress.push(n) });
  t.deepEqual(fastProgress, plainProgress);
  t.true(fastProgress.length >= 4);
});

test('several goals in one pass (compare\'s witnesses) get the same paths as the plain search', (t) => {
  const model = prepare(twophase, { RM: 3 }).runtime;
  const goals = new Map(everyGoal(model));
  const fast = fastSearchGoals(model, initial(model), goals);
  const plain = searchGoals(model, initial(model), goals);
  t.deepEqual([...fast.keys()].sort(), [...plain.keys()].sort());
  for (const name of goals.keys()) t.deepEqual(outcomeOf(fast.get(name)!), outcomeOf(plain.get(name)!), name);
});

test('a step that throws or a failed assertion is a dead end in both searches', (t) => {
  for (const mode of ['throw', 'assert', 'overflow', 'action']) {
    const model = prepare(faulty, { mode }).runtime;
    for (const [name, goal] of everyGoal(model)) sameAsPlain(t, model, initial(model), goal, {}, `faulty ${mode}: ${name}`);
    const reachThree = { state: (s: { x: number }) => s.x === 3 };
    sameAsPlain(t, model, initial(model), reachThree, {}, `faulty ${mode}: x = 3`);
  }
  const asserting = prepare(faulty, { mode: 'assert' }).runtime;
  const failed = fastShortestPath(asserting, initial(asserting), goalFor(asserting, 'SmallX', 'violated'));
  t.deepEqual(failed.found && failed.steps.map((s) => [s.index, s.action, s.state]), [
    [0, 'Init', { x: 0 }],
    [0, 'Inc', { x: 1 }],
    [0, 'Inc', { x: 2 }],
    [-1, 'Inc', { x: 2 }],
  ]);
});

test('a state constraint, action properties and step goals: the same paths and counts as the plain search', (t) => {
  for (const [spec, constants] of [
    [alternatingBit, { Data: 2, msgQLen: 1, ackQLen: 1 }],
    [coffeeCan, { MaxBeanCount: 6 }],
    [edge, { shape: 'possible-beyond' }],
    [edge, { shape: 'init-constrained' }],
  ] as const) {
    const model = prepare(spec, constants).runtime;
    for (const [name, goal] of everyGoal(model)) sameAsPlain(t, model, initial(model), goal, {}, `${spec.name} ${name}`);
  }
  // A step goal met by a later successor of a state whose earlier successors are new: the counts still agree.
  const dieHard = prepare(diehard).runtime;
  for (const big of [0, 1, 2, 3, 4, 5]) {
    const intoBig = { step: (s: { big: number }, n: { big: number }) => s.big !== big && n.big === big };
    const found = sameAsPlain(t, dieHard, initial(dieHard), intoBig, {}, `a step into big = ${big}`);
    t.true(found.found, `big = ${big} is reached by a step (emptying it, for 0)`);
  }
  // Past the constraint: x = 2 is reached by a successor the constraint drops; x = 3 is never reached.
  const beyond = prepare(edge, { shape: 'possible-beyond' }).runtime;
  const two = sameAsPlain(t, beyond, initial(beyond), { state: (s: { x: number }) => s.x === 2 }, {}, 'x = 2 past the constraint');
  t.deepEqual(outcomeOf(two), { found: true, path: '0/0/0', length: 3, explored: 2 });
  const three = sameAsPlain(t, beyond, initial(beyond), { state: (s: { x: number }) => s.x === 3 }, {}, 'x = 3');
  t.deepEqual(outcomeOf(three), { found: false, exhausted: true, explored: 2, reason: 'no reachable state satisfies it (all 2 states explored)' });
});
