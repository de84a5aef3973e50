import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import diehard from '../models/examples/diehard.js';
import { vigil } from './helpers/cli.js';
import { counterexampleItf, writeTemp } from './helpers/traces.js';

/** A trace whose #meta.model names a module that leaves a marker file when imported. */
function hostileTrace(): { trace: string; marker: string } {
  const itf = counterexampleItf(diehard);
  const trace = writeTemp('shared.itf.json', {});
  const marker = join(dirname(trace), 'pwned');
  const evil = join(dirname(trace), 'evil.mjs');
  writeFileSync(evil, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`);
  writeFileSync(trace, JSON.stringify({ ...itf, '#meta': { ...itf['#meta'], model: evil } }));
  return { trace, marker };
}

test('replay never imports a module named by the trace file', (t) => {
  const { trace, marker } = hostileTrace();
  const run = vigil(['replay', trace]);
  t.false(existsSync(marker), 'the module named by #meta.model was imported');
  t.is(run.status, 151);
  t.is(run.stdout, '');
  const evil = join(dirname(trace), 'evil.mjs');
  t.is(run.stderr, `vigil: ${trace}: #meta.model ${JSON.stringify(evil)} is not a registered model; pass the model with --model NAME or --model FILE.js\n`);
});

test('with --model, #meta.model is only compared with the model name', (t) => {
  const { trace, marker } = hostileTrace();
  const run = vigil(['replay', trace, '--model', 'diehard']);
  t.false(existsSync(marker));
  t.is(run.status, 151);
  t.regex(run.stderr, /the trace is of model ".*evil\.mjs" \(#meta\.model\), not "diehard"\n$/);
});

test('a prototype name in #meta.model is not a registered model', (t) => {
  const itf = counterexampleItf(diehard);
  const trace = writeTemp('proto.itf.json', { ...itf, '#meta': { ...itf['#meta'], model: 'constructor' } });
  const run = vigil(['replay', trace]);
  t.is(run.status, 151);
  t.is(run.stderr, `vigil: ${trace}: #meta.model "constructor" is not a registered model; pass the model with --model NAME or --model FILE.js\n`);
});
