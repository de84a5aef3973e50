import test from 'ava';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import diehard from '../models/examples/diehard.js';
import { vigil } from './helpers/cli.js';
import { counterexampleItf, writeTemp } from './helpers/traces.js';

const unknown = (name: string) => `vigil: model twophase: unknown constant "${name}" (known: RM)\n`;

for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
  test(`--const ${name}=1 is an unknown constant (151), not an internal error or ignored`, (t) => {
    const run = vigil(['check', 'twophase', '--const', `${name}=1`]);
    t.is(run.status, 151);
    t.is(run.stderr, unknown(name));
  });
}

test('YAML constants named after Object.prototype are unknown constants', (t) => {
  for (const name of ['toString', '__proto__']) {
    const file = writeTemp('run.yaml', `model: twophase\nconstants: { ${name}: 3 }\n`);
    const run = vigil(['check', file]);
    t.is(run.status, 151, name);
    t.is(run.stderr, unknown(name));
  }
});

test('ITF #meta.constants named after Object.prototype are rejected in one line', (t) => {
  const itf = counterexampleItf(diehard);
  const file = writeTemp('d.itf.json', { ...itf, '#meta': { ...itf['#meta'], constants: { toString: 1 } } });
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${file}: #meta.constants: "toString" is not a constant of model diehard\n`);
});

test('ITF state fields named after Object.prototype are unknown fields, model names too', (t) => {
  const itf = counterexampleItf(diehard);
  const withExtra = { ...itf, states: itf.states.map((s, i) => (i === 0 ? { ...s, constructor: 1 } : s)) };
  const file = writeTemp('e.itf.json', withExtra);
  const run = vigil(['replay', file]);
  t.is(run.status, 151);
  t.regex(run.stderr, /^vigil: .*e\.itf\.json: states\[0\]: .*"constructor".*\n$/);
  const model = vigil(['check', 'toString']);
  t.is(model.status, 151);
  t.regex(model.stderr, /^vigil: unknown model "toString"/);
  const vs = vigil(['compare', 'twophase', '--vs', 'constructor=1']);
  t.is(vs.status, 151);
  t.is(vs.stderr, 'vigil: --vs constructor: unknown constant (known: RM)\n');
  writeFileSync(join(dirname(file), 'unused'), '');
});
