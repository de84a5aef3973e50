import test from 'ava';
import { check, prepare } from '../checker/index.js';
import { checkLasso } from '../checker/temporal/lasso-check.js';
import { explainLasso, formatLassoExplanation } from '../checker/report/explain-lasso.js';
import { c, defineSpec, eventually, model, t as types } from '../spec/index.js';
import type { FairnessTarget } from '../spec/index.js';

// Fairness written as TLA+ writes it: a union of actions, one group per value of
// some parameters, a state-dependent instance, an action conjoined with a state
// condition. Each test shows the form changes the verdict as the TLA+ formula does.

/** Worker 1 cycles idle -> req -> idle for ever; worker 2 goes idle -> req -> done. `<>(w2 = done)`. */
const requests = defineSpec({
  name: 'requests',
  constants: { fairness: c.enum(['union', 'union-by-p', 'do-each'], 'union') },
  build: ({ fairness }) => {
    const m = model({ w: types.map([1, 2], types.enum('idle', 'req', 'done')) })
      .initial({ w: { 1: 'idle', 2: 'idle' } })
      .action('Do', { params: { p: [1, 2] as const }, when: (s, { p }) => s.w[p] === 'idle' }, (n, { p }) => void (n.w[p] = 'req'))
      .action('Rsp', { params: { p: [1, 2] as const }, when: (s, { p }) => s.w[p] === 'req' }, (n, { p }) => void (n.w[p] = p === 1 ? 'idle' : 'done'))
      .temporal('Worker2Done', eventually((s) => s.w[2] === 'done'));
    if (fairness === 'union') m.fairness('WF', { actions: ['Do', 'Rsp'] });
    if (fairness === 'union-by-p') m.fairness('WF', { actions: ['Do', 'Rsp'], by: ['p'] });
    if (fairness === 'do-each') m.fairness('WF', { action: 'Do', each: true });
    return m;
  },
});

test('WF(Do \\/ Rsp) is met by worker 1 alone; \\A p : WF(Do(p) \\/ Rsp(p)) makes worker 2 finish', (t) => {
  const union = check(requests, { constants: { fairness: 'union' } });
  t.is(union.exitCode, 13);
  t.deepEqual(union.trace!.map((s) => s.action), ['Init', 'Do(p = 1)']);
  t.deepEqual(union.loop, { start: 0, stuttering: false, action: 'Rsp(p = 1)' });
  const byP = check(requests, { constants: { fairness: 'union-by-p' } });
  t.is(byP.exitCode, 0);
  t.is(byP.distinctStates, 6);
  // WF on Do alone: nothing makes Rsp(2) happen.
  const doEach = check(requests, { constants: { fairness: 'do-each' } });
  t.is(doEach.exitCode, 13);
  const explanation = explainLasso(prepare(requests, union.constants).runtime, union)!;
  t.deepEqual(explanation.fairness, ['WF(Do \\/ Rsp): taken on the loop (Do(p = 1))']);
  t.deepEqual(explanation.neglected, ['Do(p = 2): WF(Do \\/ Rsp) covers it and is met by Do(p = 1)']);
});

/** `free` alternates r1/r2; Allocate(c, S) takes S when it is free. `\A c : WF(\E S : Allocate(c, S))`. */
const allocator = (target: FairnessTarget | null) =>
  defineSpec({
    name: 'allocator',
    constants: {},
    build: () => {
      const m = model({ free: types.enum('r1', 'r2'), got: types.bool() })
        .initial({ free: 'r1', got: false })
        .action('Toggle', (n, _p, s) => void (n.free = s.free === 'r1' ? 'r2' : 'r1'))
        .action('Allocate', { params: { c: ['c1'], S: ['r1', 'r2'] }, when: (s, { S }) => !s.got && s.free === S }, (n) => void (n.got = true))
        .temporal('Served', eventually((s) => s.got));
      if (target) m.fairness('WF', target);
      return m;
    },
  });

test('one fairness group per value of some parameters: \\A c : WF(\\E S : Allocate(c, S))', (t) => {
  const byC = check(allocator({ action: 'Allocate', by: ['c'] }), {});
  t.is(byC.exitCode, 0);
  t.is(byC.distinctStates, 4);
  // Per instance (c, S) neither instance stays enabled while Toggle runs for ever.
  const each = check(allocator({ action: 'Allocate', each: true }), {});
  t.is(each.exitCode, 13);
  t.deepEqual(each.trace!.map((s) => s.action), ['Init', 'Toggle']);
  t.deepEqual(each.loop, { start: 0, stuttering: false, action: 'Toggle' });
  const explanation = explainLasso(prepare(allocator({ action: 'Allocate', each: true }), {}).runtime, each)!;
  t.deepEqual(explanation.fairness, [
    'WF(Allocate(c = "c1", S = "r1")): disabled in state 2: Allocate(c = "c1", S = "r1") disabled: got = FALSE, free = "r2" (guard: !s.got && s.free === S)',
    'WF(Allocate(c = "c1", S = "r2")): disabled in state 1: Allocate(c = "c1", S = "r2") disabled: got = FALSE, free = "r1" (guard: !s.got && s.free === S)',
  ]);
});

test('the step names do not depend on the fairness grouping: a lasso replays under any fairness that admits it', (t) => {
  const each = check(allocator({ action: 'Allocate', each: true }), {});
  const states = each.trace!.map((s) => s.state);
  const under = (target: FairnessTarget | null) => checkLasso(prepare(allocator(target), {}).runtime, states, each.loop!.start, 'Served');
  t.is(under(null), null);
  t.is(under({ action: 'Allocate', each: true }), null);
  t.is(under({ action: 'Toggle' }), null);
  t.is(under({ action: 'Allocate', by: ['c'] }), 'the cycle is not fair: WF(Allocate, c = "c1") is enabled in every state of the cycle and never taken');
  t.is(under({ actions: ['Allocate'] }), 'the cycle is not fair: WF(Allocate) is enabled in every state of the cycle and never taken');
});

/** Holding r1 and r2; Return(a, b) gives back any non-empty part; Acquire takes one back. `<>(nothing held)`. */
const returns = (whole: boolean) =>
  defineSpec({
    name: 'returns',
    constants: {},
    build: () =>
      model({ h1: types.bool(), h2: types.bool() })
        .initial({ h1: true, h2: true })
        .action('Return', { params: { a: [false, true], b: [false, true] }, when: (s, { a, b }) => (a || b) && (!a || s.h1) && (!b || s.h2) }, (n, { a, b }) => {
          if (a) n.h1 = false;
          if (b) n.h2 = false;
        })
        .action('Acquire', { when: (s) => s.h1 !== s.h2 }, (n) => {
          n.h1 = true;
          n.h2 = true;
        })
        .deadlock(false)
        .temporal('AllReturned', eventually((s) => !s.h1 && !s.h2))
        // WF_vars(Return(alloc)): the instance that returns everything held.
        .fairness('WF', whole ? { action: 'Return' } : { action: 'Return', where: (s, p) => p.a === s.h1 && p.b === s.h2 })
        .fairness('WF', { action: 'Acquire' }),
  });

test('a state-dependent instance: WF(Return(c, alloc[c])) forces a full return, WF(Return) does not', (t) => {
  const partial = check(returns(true), {});
  t.is(partial.exitCode, 13);
  t.deepEqual(partial.trace!.map((s) => s.action), ['Init', 'Return(a = FALSE, b = TRUE)']);
  t.deepEqual(partial.loop, { start: 0, stuttering: false, action: 'Acquire' });
  const full = check(returns(false), {});
  t.is(full.exitCode, 0);
  t.is(full.distinctStates, 4);
});

/** `mode` flips for ever; Finish sets done. WF(Finish /\ mode = "on") versus WF(Finish). */
const switching = (conditioned: boolean, kind: 'WF' | 'SF') =>
  defineSpec({
    name: 'switching',
    constants: {},
    build: () =>
      model({ mode: types.enum('off', 'on'), done: types.bool() })
        .initial({ mode: 'off', done: false })
        .action('Switch', (n, _p, s) => void (n.mode = s.mode === 'on' ? 'off' : 'on'))
        .action('Finish', { when: (s) => !s.done }, (n) => void (n.done = true))
        .temporal('Done', eventually((s) => s.done))
        .fairness(kind, conditioned ? { action: 'Finish', where: (s) => s.mode === 'on' } : { action: 'Finish' }),
  });

test('an action conjoined with a state condition: WF(Finish /\\ mode = "on") allows stuttering while off', (t) => {
  t.is(check(switching(false, 'WF'), {}).exitCode, 0);
  const conditioned = check(switching(true, 'WF'), {});
  t.is(conditioned.exitCode, 13);
  t.deepEqual(conditioned.loop, { start: 0, stuttering: true, action: null });
  const lines = formatLassoExplanation(explainLasso(prepare(switching(true, 'WF'), {}).runtime, conditioned)!);
  t.deepEqual(lines.slice(-5), [
    '  Fairness in the last state:',
    '    WF(Finish when): disabled in state 1: Finish: its where condition is false: mode = "off"',
    '  Enabled there and never taken:',
    '    Switch: no fairness condition covers it',
    '    Finish: no fairness condition covers it',
  ]);
});

test('a fairness target naming an unknown parameter, or both each and by, is one clear error', (t) => {
  const bad = (target: FairnessTarget) => t.throws(() => check(allocator(target), {}))!.message;
  t.is(bad({ action: 'Allocate', by: ['client'] }), 'model allocator: fairness WF(Allocate, each client): action Allocate has no parameter "client"');
  t.is(bad({ actions: ['Allocate', 'Grab'] }), 'model allocator: fairness WF(Allocate \\/ Grab): no action is named "Grab"');
  t.is(bad({ action: 'Allocate', each: true, by: ['c'] }), 'model allocator: fairness WF(Allocate, each c): give either each or by, not both');
});
