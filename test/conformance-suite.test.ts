import test from 'ava';
import { join } from 'node:path';
import { readSuite, runSuite } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { repoRoot, vigil } from './helpers/cli.js';

const suiteFile = join(repoRoot, 'models/tlaplus/conformance.yaml');

test('the TLC conformance suite covers the twenty-one models (liveness rows L1-L13 and the three MC...Sym wrappers included) and every expectation holds', async (t) => {
  const suite = readSuite(suiteFile);
  t.is(new Set(suite.entries.map((e) => e.model)).size, 21);
  t.is(suite.entries.filter((e) => e.name.match(/^L\d+ /)).length, 13);
  const outcome = await runSuite(suite, async (name) => (await registry[name]!()).default);
  for (const entry of outcome.entries) t.deepEqual(entry.mismatches, [], entry.entry.name);
  t.true(outcome.passed);
});

test('vigil suite models/tlaplus/conformance.yaml exits 0', (t) => {
  const run = vigil(['suite', suiteFile, '--json']);
  t.is(run.status, 0);
  t.true(JSON.parse(run.stdout).passed);
});
