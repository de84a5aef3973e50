import test from 'ava';
import { check, SpecLoadError } from '../checker/index.js';
import { c, defineSpec, model, t as types } from '../spec/index.js';

// "__proto__" as an own key is a trap: assigning it sets an object's prototype
// instead of a field, so a state variable of that name vanished from decoded
// states (a false "not deterministic", 75) and such a constant vanished from the
// printed constants. Such names are refused at load (150).
const proto = '__proto__';

test('a state variable named __proto__ is refused at load with one line (150)', (t) => {
  const spec = defineSpec({
    name: 'proto-variable',
    build: () => model({ x: types.int(0, 2), [proto]: types.int(0, 2) } as Record<string, ReturnType<typeof types.int>>).initial({ x: 0, [proto]: 0 } as never),
  });
  const error = t.throws(() => check(spec), { instanceOf: SpecLoadError })!;
  t.is(error.exitCode, 150);
  t.is(error.message, 'model proto-variable: state variable "__proto__" cannot be used: JavaScript treats the name specially (it sets an object\'s prototype); rename it');
});

test('a record field named __proto__ is refused at load (150)', (t) => {
  const spec = defineSpec({
    name: 'proto-field',
    build: () => model({ r: types.record({ [proto]: types.bool() } as Record<string, ReturnType<typeof types.bool>>) }).initial({ r: { [proto]: false } } as never),
  });
  const error = t.throws(() => check(spec), { instanceOf: SpecLoadError })!;
  t.is(error.message, 'model proto-field: record field "r.__proto__" cannot be used: JavaScript treats the name specially (it sets an object\'s prototype); rename it');
});

test('a constant named __proto__ is refused at load (150)', (t) => {
  const constants = { N: c.int(1) };
  Object.defineProperty(constants, proto, { value: c.int(1), enumerable: true });
  const spec = defineSpec({ name: 'proto-constant', constants, build: () => model({ x: types.int(0, 2) }).initial({ x: 0 }) });
  const error = t.throws(() => check(spec), { instanceOf: SpecLoadError })!;
  t.is(error.message, 'model proto-constant: constant "__proto__" cannot be used: JavaScript treats the name specially (it sets an object\'s prototype); rename it');
});

test('a map whose domain holds "__proto__" is refused at load (150)', (t) => {
  const spec = defineSpec({
    name: 'proto-key',
    build: () => model({ m: types.map(['a', proto], types.bool()) }).initial({ m: JSON.parse('{"a": false, "__proto__": false}') }),
  });
  const error = t.throws(() => check(spec), { instanceOf: SpecLoadError })!;
  t.is(error.message, 'model proto-key: map key "m["__proto__"]" cannot be used: JavaScript treats the name specially (it sets an object\'s prototype); rename it');
});
