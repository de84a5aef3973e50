import test from 'ava';
import { describeValue } from '../checker/errors.js';
import { toItfValue } from '../checker/report/itf.js';
import { plain } from '../checker/report/json.js';
import { check } from '../checker/check.js';
import { toJsonReport } from '../checker/report/json.js';
import { formatResult } from '../checker/report/text.js';
import { defineSpec, model, t as types } from '../spec/index.js';

// NaN and ±Infinity used to print as null in messages and JSON, and ITF wrote
// {"#bigint": "Infinity"}. They are now shown as themselves and encoded
// faithfully (t.oneOf may declare them).
test('error messages show NaN and Infinity as such, also nested', (t) => {
  t.is(describeValue(NaN), 'NaN');
  t.is(describeValue(-Infinity), '-Infinity');
  t.is(describeValue({ a: [1, Infinity], b: NaN }), '{"a":[1,Infinity],"b":NaN}');
});

test('ITF: only integers are #bigint; NaN, Infinity and fractions are #unserializable', (t) => {
  t.deepEqual(toItfValue(3), { '#bigint': '3' });
  t.deepEqual(toItfValue(Infinity), { '#unserializable': 'Infinity' });
  t.deepEqual(toItfValue(NaN), { '#unserializable': 'NaN' });
  t.deepEqual(toItfValue(1.5), { '#unserializable': '1.5' });
});

test('the JSON report shows non-finite numbers as the strings "NaN", "Infinity", "-Infinity", never null', (t) => {
  t.deepEqual(plain({ x: NaN, y: [Infinity, -Infinity], z: 2 }), { x: 'NaN', y: ['Infinity', '-Infinity'], z: 2 });
  const spec = defineSpec({
    name: 'nan-step',
    build: () =>
      model({ n: types.int(0, 3) })
        .initial({ n: 0 })
        .action('Bad', {}, (next) => {
          next.n = NaN;
        }),
  });
  const result = check(spec);
  t.is(result.exitCode, 75);
  t.is(result.message, 'action Bad: variable n = NaN is not an integer in 0..3 (in state [n |-> 0])');
  const json = JSON.parse(JSON.stringify(toJsonReport(result)));
  t.is(json.trace[1].state.n, 'NaN');
});

test('a oneOf value NaN or Infinity in a counterexample: text, JSON and ITF show it as itself', (t) => {
  const spec = defineSpec({
    name: 'non-finite-values',
    build: () =>
      model({ v: types.oneOf([0, NaN, Infinity]) })
        .initial({ v: 0 })
        .action('ToNaN', { when: (s) => s.v === 0 }, (next) => {
          next.v = NaN;
        })
        .action('ToInfinity', { when: (s) => Number.isNaN(s.v) }, (next) => {
          next.v = Infinity;
        })
        .invariant('Finite', (s) => s.v !== Infinity),
  });
  const result = check(spec);
  t.like(result, { verdict: 'invariant', property: 'Finite' });
  t.deepEqual(result.trace!.map((step) => String(step.state.v)), ['0', 'NaN', 'Infinity']);
  t.regex(formatResult(result), /\/\\ v = NaN {4}<- changed\n[^]*\/\\ v = Infinity {4}<- changed/);
  t.deepEqual(JSON.parse(JSON.stringify(toJsonReport(result))).trace.map((step: { state: { v: unknown } }) => step.state.v), [0, 'NaN', 'Infinity']);
  t.deepEqual(result.trace!.map((step) => toItfValue(step.state.v)), [{ '#bigint': '0' }, { '#unserializable': 'NaN' }, { '#unserializable': 'Infinity' }]);
});
