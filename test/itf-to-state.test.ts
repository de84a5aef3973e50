import test from 'ava';
import { ConfigError, prepare, statesFromItf, toItf, walkPath } from '../checker/index.js';
import { canonicalKey, FSet } from '../spec/index.js';
import twophase from '../models/examples/twophase.js';
import lockOrder from '../models/examples/lock-order.js';
import { counterexampleItf, loaded } from './helpers/traces.js';

test('ITF states come back as typed states: sets as FSets over the variable universe', (t) => {
  const { runtime } = prepare(twophase, { RM: 3 });
  const steps = walkPath(runtime, { init: 0, steps: [1, 1, 1] });
  const itf = JSON.parse(JSON.stringify(toItf({ model: 'twophase' }, runtime.variables, steps)));
  const trace = statesFromItf(runtime.def.schema, itf, 'tp.itf.json');
  t.deepEqual(trace.states.map(canonicalKey), steps.map((s) => canonicalKey(s.state)));
  const last = trace.states[3]!;
  t.true(last.msgs instanceof FSet);
  t.is((last.msgs as FSet<unknown>).universe as unknown, (runtime.def.schema.msgs as unknown as { universe: unknown }).universe);
  t.deepEqual(trace.labels, steps.map((s) => s.action));
});

test('maps with numeric keys (#map) and process records convert back', (t) => {
  const trace = loaded(lockOrder, counterexampleItf(lockOrder));
  t.deepEqual(trace.states[2], { owner: { A: 1, B: 2 }, T: { 1: { pc: 'second' }, 2: { pc: 'second' } } });
  const itf = structuredClone(counterexampleItf(lockOrder)) as any;
  itf.states[1].owner = { A: { '#bigint': '1' } };
  t.is(t.throws(() => loaded(lockOrder, itf, {}, 'lo.itf.json'))!.message, 'lo.itf.json: states[1].owner: expected a function over A, B (key B is missing), got {"A":{"#bigint":"1"}}');
  itf.states[1].owner = { A: { '#bigint': '1' }, B: { '#bigint': '0' }, C: { '#bigint': '0' } };
  t.is(t.throws(() => loaded(lockOrder, itf, {}, 'lo.itf.json'))!.message, 'lo.itf.json: states[1].owner: expected a function over A, B (no key C), got {"A":{"#bigint":"1"},"B":{"#bigint":"0"},"C":{"#bigint":"0"}}');
});

test('values that do not fit the schema name the file, state and field', (t) => {
  const { runtime } = prepare(twophase, { RM: 3 });
  const itf = JSON.parse(JSON.stringify(toItf({}, runtime.variables, walkPath(runtime, { init: 0, steps: [1] }))));
  const bad = (mutate: (i: typeof itf) => void) => {
    const copy = structuredClone(itf);
    mutate(copy);
    return t.throws(() => statesFromItf(runtime.def.schema, copy, 'tp.itf.json'), { instanceOf: ConfigError })!.message;
  };
  t.is(bad((i) => (i.states[1].tmPrepared = { '#set': ['r9'] })), `tp.itf.json: states[1].tmPrepared: expected members of the set's universe (member 0 is not), got {"#set":["r9"]}`);
  t.is(bad((i) => (i.states[1].tmState = 'done')), 'tp.itf.json: states[1].tmState: expected one of its declared values, got "done"');
  t.is(bad((i) => delete i.states[1].msgs), 'tp.itf.json: states[1]: variable "msgs" is missing');
  t.is(bad((i) => i.vars.push('extra')), 'tp.itf.json: vars: "extra" is not a variable of the model (it has rmState, tmState, tmPrepared, msgs)');
});
