import test from 'ava';
import { resolve } from 'node:path';
import { check, readSuite, runSuite } from '../checker/index.js';
import { registry } from '../models/registry.js';
import { SMOKE } from '../models/vfio-pm/config.js';
import vfioPm from '../models/vfio-pm/index.js';
import type { Spec } from '../spec/index.js';
import { repoRoot } from './helpers/cli.js';
import { checkBothEngines } from './helpers/engines.js';

async function registered(name: string): Promise<Spec> {
  const load = registry[name];
  if (!load) throw new Error(`model ${name} is not registered`);
  return (await load()).default;
}

test('ci.yaml: every revision and mutant gives its expected verdict, property and counts', async (t) => {
  const suite = readSuite(resolve(repoRoot, 'models/vfio-pm/ci.yaml'));
  const outcome = await runSuite(suite, registered);
  t.is(outcome.entries.length, 91);
  for (const entry of outcome.entries) t.true(entry.passed, `${entry.entry.name}: ${entry.mismatches.join('; ')}`);
  t.true(outcome.passed);
});

test('the smoke configuration (smoke.yaml) is clean with 14,563 / 30,718 / depth 64', async (t) => {
  const { readRunConfig } = await import('../checker/index.js');
  const config = readRunConfig(resolve(repoRoot, 'models/vfio-pm/smoke.yaml'));
  t.deepEqual(config.constants, { ...SMOKE });
  const result = check(vfioPm, { constants: config.constants });
  t.is(result.verdict, 'ok');
  t.true(result.complete);
  t.is(result.exitCode, 0);
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [14563, 30718, 64]);
});

test('M1 violates S1 and its counterexample names the actor of every step', (t) => {
  const result = check(vfioPm, { constants: { ...SMOKE, mutant: 'M1' } });
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'S1');
  t.is(result.exitCode, 12);
  const trace = result.trace!;
  t.is(trace[0]!.action, 'Init');
  for (const step of trace.slice(1)) {
    t.truthy(step.actor);
    t.true(step.action.startsWith(`${step.actor}: `), step.action);
  }
  // Open (C), the ENTRY ioctl (U1), then the vCPU fault that maps the BAR of an engaged device (V).
  t.deepEqual(
    trace.slice(1).map((s) => s.actor),
    ['C', 'C', 'C', 'C', 'C', 'C', 'U1', 'U1', 'U1', 'V', 'V'],
  );
  t.is(trace.at(-2)!.action, 'V: BAR access page-faults: vfio_pci_mmap_fault takes memory_lock (read) (F1)');
  t.like(trace.at(-1)!.state, { engaged: true, mapped: true });
});

test('the reference explorer agrees with the fast engine on a clean configuration', (t) => {
  const result = checkBothEngines(t, vfioPm, { ...SMOKE, ops: 2, vcpu: 1, host: 1 });
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinctStates, result.generatedStates], [3779, 7426]);
});

test('the reference explorer agrees with the fast engine on mutants (S4 race, deadlock, S7 assertion)', (t) => {
  t.is(checkBothEngines(t, vfioPm, { ...SMOKE, variant: 'RFC2', script: 'PM_D3HOT,ENTRY', vcpu: 0, host: 1 }).property, 'S4');
  t.is(checkBothEngines(t, vfioPm, { ...SMOKE, mutant: 'M7a', script: 'ENTRY', vcpu: 1, host: 0 }).verdict, 'deadlock');
  t.is(checkBothEngines(t, vfioPm, { ...SMOKE, script: 'INTX_ON,ENTRY', unmaskfd: 1, vcpu: 0, host: 0 }).property, 'S7');
});

test('H1 is a named configuration: the scenario file reports S7 at the unmask eventfd', async (t) => {
  const { readRunConfig } = await import('../checker/index.js');
  const config = readRunConfig(resolve(repoRoot, 'models/vfio-pm/scenarios/h1-unmask-eventfd.yaml'));
  const result = check(await registered(config.model), { constants: config.constants });
  t.is(result.verdict, 'assertion');
  t.is(result.property, 'S7');
  t.is(result.exitCode, 14);
  t.regex(result.trace!.at(-1)!.action, /^X: INTx unmask eventfd/);
});
