import test from 'ava';
import { check, prepare } from '../checker/index.js';
import { defineSpec, model, t as types } from '../spec/index.js';

/** A one-variable model whose only step sets `v` to `next`. */
const oneStep = (type: ReturnType<typeof types.oneOf> | ReturnType<typeof types.int>, initial: unknown, next: unknown) =>
  defineSpec({
    name: 'numbers',
    build: () =>
      model({ v: type as any })
        .initial({ v: initial as never })
        .action('Set', { when: (s: any) => s.v === initial || (Number.isNaN(s.v) && Number.isNaN(initial)) }, (n: any) => void (n.v = next))
        .deadlock(false),
  });

test('t.oneOf accepts Infinity and NaN when they are declared', (t) => {
  const infinity = check(oneStep(types.oneOf([0, Infinity]), 0, Infinity));
  t.deepEqual([infinity.verdict, infinity.distinctStates], ['ok', 2]);
  const nan = check(oneStep(types.oneOf([0, NaN]), 0, NaN));
  t.deepEqual([nan.verdict, nan.distinctStates], ['ok', 2]);
  const negative = check(oneStep(types.oneOf([-Infinity, 1]), 1, -Infinity));
  t.deepEqual([negative.verdict, negative.distinctStates], ['ok', 2]);
});

test('t.oneOf rejects null where Infinity or NaN is declared', (t) => {
  for (const declared of [[0, NaN], [0, Infinity]]) {
    const result = check(oneStep(types.oneOf(declared), 0, null));
    t.is(result.verdict, 'error');
    t.is(result.exitCode, 75);
    t.regex(result.message!, /^action Set: variable v = null is not one of /);
  }
});

test('t.int bounds outside the 32-bit range are rejected when the model is built', (t) => {
  const spec = oneStep(types.int(0, 3), 0, 1);
  t.notThrows(() => prepare(spec));
  t.throws(() => types.int(2 ** 32, 2 ** 32 + 3), { message: 't.int(4294967296, 4294967299): bounds must be 32-bit integers (-2147483648..2147483647)' });
  t.throws(() => types.int(-(2 ** 31) - 1, 0), { message: 't.int(-2147483649, 0): bounds must be 32-bit integers (-2147483648..2147483647)' });
});

test('t.int at the edges of the 32-bit range round-trips', (t) => {
  const top = check(oneStep(types.int(0, 2 ** 31 - 1), 0, 2 ** 31 - 1));
  t.deepEqual([top.verdict, top.distinctStates, top.trace], ['ok', 2, null]);
  const bottom = check(oneStep(types.int(-(2 ** 31), -1), -1, -(2 ** 31)));
  t.deepEqual([bottom.verdict, bottom.distinctStates], ['ok', 2]);
  t.throws(() => prepare(oneStep(types.int(-(2 ** 31), 2 ** 31 - 1), 0, 1)), { message: /too wide to pack/ });
});
