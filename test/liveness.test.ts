import test from 'ava';
import { readFileSync } from 'node:fs';
import { check, checkParallel, formatResult } from '../checker/index.js';
import fairWorkers from '../models/examples/fair-workers.js';
import { registry } from '../models/registry.js';
import { defineSpec, eventually, infinitelyOften, leadsTo, model, t as types } from '../spec/index.js';
import { vigil, vigilJson } from './helpers/cli.js';
import { flipSpec } from './helpers/flip-spec.js';
import { writeTemp } from './helpers/traces.js';

const registryUrl = new URL('../models/registry.js', import.meta.url).href;
const load = async (name: string) => (await registry[name]!()).default;

test('fairness per action versus per instance: fair-workers changes verdict', (t) => {
  const whole = check(fairWorkers, { constants: { fairness: 'action' } });
  t.is(whole.verdict, 'liveness');
  t.is(whole.exitCode, 13);
  t.is(whole.property, 'Finishes');
  // Work(1) for ever: the action as a whole is taken infinitely often, worker 2 never finishes.
  t.deepEqual(whole.trace!.map((s) => s.action), ['Init', 'Work(w = 1)']);
  t.deepEqual(whole.loop, { start: 0, stuttering: false, action: 'Work(w = 1)' });
  const each = check(fairWorkers, { constants: { fairness: 'instance' } });
  t.is(each.verdict, 'ok');
  t.is(each.exitCode, 0);
  t.is(each.distinctStates, 4);
  const none = check(fairWorkers, { constants: { fairness: 'none' } });
  t.is(none.verdict, 'liveness');
  t.deepEqual(none.loop, { start: 0, stuttering: true, action: null });
  t.is(none.trace!.length, 1);
});

test('text output ends a lasso like TLC: Back to state N or Stuttering', (t) => {
  const whole = formatResult(check(fairWorkers, { constants: { fairness: 'action' } }));
  t.true(whole.startsWith('Error: Temporal properties were violated. Property Finishes (<>P) does not hold.\n'));
  t.regex(whole, /State 2: <Work\(w = 1\)>\n\/\\ bit = TRUE {4}<- changed\n\/\\ finished = FALSE\n\nBack to state 1: <Work\(w = 1\)>\n/);
  const none = formatResult(check(fairWorkers, { constants: { fairness: 'none' } }));
  t.regex(none, /State 1: <Initial predicate>\n\/\\ bit = FALSE\n\/\\ finished = FALSE\n\nState 2: Stuttering\n/);
});

test('L10 DijkstraMutex StarvationFree: a 21-state lasso back to state 8, as TLC printed it', async (t) => {
  const result = check(await load('tlaplus/DijkstraMutex'), { constants: { Proc: 2, properties: 'StarvationFree' } });
  t.is(result.verdict, 'liveness');
  t.is(result.property, 'StarvationFree[p1]');
  t.is(result.trace!.length, 21);
  t.deepEqual(result.loop, { start: 7, stuttering: false, action: 'Pp2: Li4a' });
  t.regex(formatResult(result), /\nBack to state 8: <Pp2: Li4a>\n/);
  // The property: p1 is at Li0 somewhere on the prefix and never reaches cs on the cycle.
  const pcs = result.trace!.map((s) => (s.state as any).P.p1.pc);
  t.true(pcs.slice(0, 8).includes('Li0'));
  t.false(pcs.slice(7).includes('cs'));
});

test('the parallel engine gives the same liveness verdicts', async (t) => {
  const cases: [string, Record<string, unknown>, 'ok' | 'liveness', string | null][] = [
    ['tlaplus/DijkstraMutex', { Proc: 2, properties: 'StarvationFree' }, 'liveness', 'StarvationFree[p1]'],
    ['tlaplus/DijkstraMutex', { Proc: 2, properties: 'DeadlockFreedom' }, 'ok', null],
    ['tlaplus/AlternatingBit', { spec: 'ABSpecWF', properties: 'SentLeadsToRcvd' }, 'liveness', 'SentLeadsToRcvd[d1]'],
    ['tlaplus/AlternatingBit', { properties: 'SentLeadsToRcvd' }, 'ok', null],
    ['tlaplus/LiveHourClock', { spec: 'HC', properties: 'AllTimes' }, 'liveness', 'AllTimes[1]'],
  ];
  for (const [name, constants, verdict, property] of cases) {
    const source = { moduleUrl: registryUrl, registryName: name };
    const parallel = await checkParallel(source, 2, { constants });
    const sequential = check(await load(name), { constants });
    t.is(parallel.verdict, verdict, name);
    t.is(parallel.property, property, name);
    t.deepEqual(parallel.loop ?? null, sequential.loop ?? null, name);
    t.is(parallel.trace?.length ?? null, sequential.trace?.length ?? null, name);
  }
});

test('every failing liveness row writes an ITF lasso that vigil replay accepts (the loop closes)', (t) => {
  const rows: string[][] = [
    ['tlaplus/LiveHourClock', '--const', 'spec=HC', '--const', 'properties=AllTimes'],
    ['tlaplus/Prisoners', '--const', 'properties=DoneStable'],
    ['tlaplus/Prisoners', '--const', 'spec=SpecNoCounterFairness', '--const', 'properties=Liveness'],
    ['tlaplus/ChangRoberts', '--const', 'properties=Termination'],
    ['tlaplus/DijkstraMutex', '--const', 'Proc=2', '--const', 'properties=StarvationFree'],
    ['tlaplus/AlternatingBit', '--const', 'spec=ABSpecWF', '--const', 'properties=SentLeadsToRcvd'],
  ];
  for (const [model, ...constants] of rows) {
    const file = writeTemp('lasso.itf.json', '');
    const run = vigil(['check', model!, ...constants, '--trace-out', file]);
    t.is(run.status, 13, model);
    const itf = JSON.parse(readFileSync(file, 'utf8'));
    t.true(Number.isInteger(itf.loop), model);
    t.is(itf['#meta'].loop, itf.loop, model);
    const replay = vigil(['replay', file, '--model', model!, ...constants]);
    t.is(replay.status, 0, `${model}: ${replay.stdout}${replay.stderr}`);
  }
});

test('vigil replay rejects a lasso whose loop does not close', (t) => {
  const file = writeTemp('lasso.itf.json', '');
  t.is(vigil(['check', 'fair-workers', '--const', 'fairness=action', '--trace-out', file]).status, 13);
  const itf = JSON.parse(readFileSync(file, 'utf8'));
  t.is(itf.loop, 0);
  itf.states[0].bit = true; // the loop now starts at a state the last step cannot reach
  itf.states[1].bit = false;
  const broken = writeTemp('broken.itf.json', itf);
  const replay = vigil(['replay', broken, '--model', 'fair-workers', '--const', 'fairness=action']);
  t.is(replay.status, 151);
});

test('--json reports the loop, the warnings and the liveness graph size', (t) => {
  const { status, report } = vigilJson(['check', 'tlaplus/AlternatingBit', '--const', 'spec=ABSpecWF', '--const', 'properties=SentLeadsToRcvd']);
  t.is(status, 13);
  t.is(report.verdict, 'liveness');
  t.is(report.property, 'SentLeadsToRcvd[d1]');
  t.is(report.loop.stuttering, false);
  t.true(report.loop.start >= 0 && report.loop.start < report.trace.length);
  t.deepEqual(report.warnings, [
    'Warning: state constraint SeqConstraint with temporal properties: behaviours through the states it drops are not seen, so the liveness result may be vacuous.',
  ]);
  t.is(report.liveness.states, 240);
  t.is(report.liveness.bytesPerEdge, 4); // a 3-byte target and one byte naming its (successor position, fairness groups) pair
});

test('a depth bound with temporal properties warns that the result may be vacuous', async (t) => {
  const result = check(await load('tlaplus/DijkstraMutex'), { constants: { Proc: 2, properties: 'DeadlockFreedom' }, maxDepth: 5 });
  t.is(result.complete, false);
  t.deepEqual(result.warnings, [
    'Warning: depth bound 5 with temporal properties: states at the bound have no recorded successors and are left out of cycles, so the liveness result may be vacuous.',
  ]);
  t.regex(formatResult(result), /Warning: depth bound 5 with temporal properties/);
});

test('--no-liveness skips the temporal properties', (t) => {
  const run = vigilJson(['check', 'fair-workers', '--const', 'fairness=action', '--no-liveness']);
  t.is(run.status, 0);
  t.is(run.report.liveness, null);
});

// Small specs pinning the semantics: stuttering, terminal states, SF versus WF.
const flip = (strong: 'WF' | 'SF' | 'none') => flipSpec(strong);

test('strong fairness of an intermittently enabled action: SF holds, WF does not', (t) => {
  const weak = check(flip('WF'));
  t.is(weak.verdict, 'liveness');
  t.deepEqual(weak.trace!.map((s) => s.action), ['Init', 'Toggle']);
  t.deepEqual(weak.loop, { start: 0, stuttering: false, action: 'Toggle' });
  t.is(check(flip('SF')).verdict, 'ok');
  t.is(check(flip('none')).verdict, 'liveness');
});

test('a state without successors stutters for ever, even under fairness', (t) => {
  const stuck = defineSpec({
    name: 'stuck',
    build: () =>
      model({ n: types.int(0, 2) })
        .initial({ n: 0 })
        .action('Inc', { when: (s) => s.n < 2 }, (n, _, s) => void (n.n = s.n + 1))
        .deadlock(false)
        .fairness('WF', { action: 'Inc' })
        .temporal('Forever', infinitelyOften((s) => s.n === 0))
        .temporal('Reaches', leadsTo((s) => s.n === 0, (s) => s.n === 2)),
  });
  const result = check(stuck);
  t.is(result.property, 'Forever');
  t.deepEqual(result.trace!.map((s) => (s.state as { n: number }).n), [0, 1, 2]);
  t.deepEqual(result.loop, { start: 2, stuttering: true, action: null });
});

test('a fairness condition naming no action, and a failing predicate, are one clear error each', (t) => {
  const typo = defineSpec({
    name: 'typo',
    build: () =>
      model({ n: types.int(0, 1) })
        .initial({ n: 0 })
        .action('Inc', { when: (s) => s.n < 1 }, (n) => void (n.n = 1))
        .deadlock(false)
        .fairness('WF', { action: 'Incr' })
        .temporal('Reaches', eventually((s) => s.n === 1)),
  });
  const error = t.throws(() => check(typo)) as Error & { exitCode: number };
  t.is(error.message, 'model typo: fairness WF(Incr): no action is named "Incr"');
  t.is(error.exitCode, 150);
  const throwing = defineSpec({
    name: 'throwing',
    build: () =>
      model({ n: types.int(0, 1) })
        .initial({ n: 0 })
        .deadlock(false)
        .temporal('Bad', eventually((): boolean => {
          throw new Error('boom');
        })),
  });
  const failed = t.throws(() => check(throwing)) as Error & { exitCode: number };
  t.is(failed.message, "evaluating a temporal property's state predicate failed: boom (in state [n |-> 0])");
  t.is(failed.exitCode, 76);
});

test('the HTML report names the temporal property and draws the loop back', async (t) => {
  const { htmlReportInput, toHtmlReport } = await import('../checker/index.js');
  const spec = await load('tlaplus/DijkstraMutex');
  const result = check(spec, { constants: { Proc: 2, properties: 'StarvationFree' } });
  const html = toHtmlReport(htmlReportInput(spec, result));
  t.regex(html, /Temporal property <code>StarvationFree\[p1\]<\/code>/);
  t.regex(html, /Counterexample: 21 states, looping back to state 8/);
  t.regex(html, /<g class="lasso" data-loop="7">/);
});

test('vigil replay re-checks a lasso: its cycle must be fair and the property must fail on it', (t) => {
  const file = writeTemp('lasso.itf.json', '');
  t.is(vigil(['check', 'fair-workers', '--const', 'fairness=action', '--trace-out', file]).status, 13);
  const ok = vigil(['replay', file, '--model', 'fair-workers', '--const', 'fairness=action']);
  t.is(ok.status, 0);
  t.regex(ok.stdout, /Its loop closes, its cycle is fair, and it violates the temporal property Finishes, as the trace claims\./);
  // The same lasso under per-instance fairness: Work(2) is enabled all along the cycle and never taken.
  const unfair = vigil(['replay', file, '--model', 'fair-workers', '--const', 'fairness=instance']);
  t.is(unfair.status, 151);
  t.is(
    unfair.stderr.trim(),
    `vigil: ${file}: the trace claims temporal property Finishes is violated, but the cycle is not fair: WF(Work(w = 2)) is enabled in every state of the cycle and never taken`,
  );
});
