import test from 'ava';
import { resolve } from 'node:path';
import { itfToTla, tlaToItf, tlaTraceToItf } from '../checker/tla/itf.js';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { keyOf, ModelValue } from '../checker/tla/values.js';
import { repoRoot, vigil } from './helpers/cli.js';

const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

async function valuesTrace() {
  const model = await loadTlaModel(fixture('Values.tla'));
  const result = searchTla(model);
  return { model, result, modelValues: new Map(model.modelValues.map((mv) => [mv.name, mv])) };
}

test('ITF: every kind of TLA+ value is written as conventions.md §5 prescribes', async (t) => {
  const { model, result } = await valuesTrace();
  t.is(result.trace.length, 4);
  const second = Object.fromEntries(model.variables.map((name, i) => [name, tlaToItf(result.trace[1]![i]!)]));
  t.deepEqual(second, {
    n: { '#bigint': '1' },
    owner: { '#map': [[{ '#unserializable': 'p1' }, 'busy'], [{ '#unserializable': 'p2' }, 'idle']] },
    log: [{ '#unserializable': 'p1' }],
    msgs: { '#set': [{ from: { '#unserializable': 'p1' }, seq: { '#bigint': '0' } }] },
    pair: [{ '#bigint': '-2' }, false],
    grid: { '#map': [[{ '#bigint': '0' }, { '#set': [{ '#unserializable': 'p1' }] }], [{ '#bigint': '2' }, { '#set': [] }]] },
  } as any);
});

test('ITF: a TLA+ trace read back gives the same values (same canonical keys), through JSON text', async (t) => {
  const { model, result, modelValues } = await valuesTrace();
  const itf = JSON.parse(JSON.stringify(tlaTraceToItf({ model: 'Values' }, model.variables, result.trace)));
  t.deepEqual(itf.vars, ['n', 'owner', 'log', 'msgs', 'pair', 'grid']);
  t.deepEqual(itf.states.map((s: any) => s['#meta'].action), ['Init', 'Next', 'Next', 'Next']);
  itf.states.forEach((state: Record<string, unknown>, i: number) => {
    model.variables.forEach((name, v) => t.is(keyOf(itfToTla(state[name], `states[${i}].${name}`, modelValues)), keyOf(result.trace[i]![v]!), `states[${i}].${name}`));
  });
});

test('ITF: #tup and an object read as a tuple and a record; {} is the empty function <<>>', (t) => {
  const none = new Map<string, ModelValue>();
  t.is(keyOf(itfToTla({ '#tup': [{ '#bigint': '1' }, 'a'] }, 'v', none)), keyOf(itfToTla([{ '#bigint': '1' }, 'a'], 'v', none)));
  t.is(keyOf(itfToTla({ b: true, a: false }, 'v', none)), keyOf(itfToTla({ '#map': [['a', false], ['b', true]] }, 'v', none)));
  t.is(keyOf(itfToTla({}, 'v', none)), keyOf(itfToTla([], 'v', none)));
});

test('ITF: hostile values are refused with one line naming the field', (t) => {
  const mvs = new Map([['p1', new ModelValue('p1', 0)]]);
  const refused = (value: unknown) => t.throws(() => itfToTla(value, 'f.itf.json: states[1].x', mvs))!.message;
  t.is(refused(3), 'f.itf.json: states[1].x: a plain JSON number (3): ITF writes integers as {"#bigint": "n"}');
  t.is(refused({ '#bigint': '1.5' }), 'f.itf.json: states[1].x: #bigint: expected a decimal integer string, got "1.5"');
  t.is(refused({ '#bigint': '2147483648' }), "f.itf.json: states[1].x: #bigint: 2147483648 is outside TLC's integers (-2^31..2^31-1)");
  t.is(refused({ '#set': [{ '#bigint': 1 }] }), 'f.itf.json: states[1].x.#set[0]: #bigint: expected a decimal integer string, got 1');
  t.is(refused({ '#set': 'x' }), 'f.itf.json: states[1].x: #set: expected a list of members, got "x"');
  t.is(refused({ '#unserializable': 'p9' }), 'f.itf.json: states[1].x: #unserializable: "p9" is not a model value of this model (p1)');
  t.is(refused({ '#map': [[1]] }), 'f.itf.json: states[1].x: #map[0]: expected a [key, value] pair, got [1]');
  t.is(refused({ '#map': [['a', true], ['a', false]] }), 'f.itf.json: states[1].x: #map: a key appears twice');
  t.is(refused({ '#set': [], '#tup': [] }), 'f.itf.json: states[1].x: expected one tag, got the keys "#set", "#tup"');
  t.is(refused({ '#variant': 1 }), 'f.itf.json: states[1].x: unknown ITF tag "#variant" (expected #bigint, #set, #tup, #map or #unserializable)');
  t.is(refused(null), 'f.itf.json: states[1].x: not an ITF value: null');
});

test('vigil check Spec.tla --json: the DSL check\'s fields, states in ITF form', (t) => {
  const ok = vigil(['check', fixture('Counter.tla'), '--json']);
  t.is(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  t.like(report, { model: 'Counter', constants: { Max: { '#bigint': '2' } }, verdict: 'ok', complete: true, property: null, distinctStates: 6, generatedStates: 18, depth: 3, queueLeft: 0, trace: null, exitCode: 0, uncheckedProperties: [] });
  t.true(Number.isInteger(report.durationMs));
  const bad = vigil(['check', fixture('Values.tla'), '--json']);
  t.is(bad.status, 12);
  const violation = JSON.parse(bad.stdout);
  t.like(violation, { verdict: 'invariant', property: 'Bounded', complete: false, distinctStates: 8, generatedStates: 8, depth: 4, queueLeft: 3, exitCode: 12, message: 'Invariant Bounded is violated.' });
  t.deepEqual(violation.trace.map((s: any) => [s.action, s.state.n['#bigint']]), [['Init', '0'], ['Next', '1'], ['Next', '2'], ['Next', '3']]);
  t.deepEqual(violation.violations, [{ verdict: 'invariant', property: 'Bounded', message: 'Invariant Bounded is violated.', traceLength: 4 }]);
});
