// Issue 11: the default configuration checks the whole protocol and is clean; so
// are the clean revisions and M16 (a liveness-only bug) under it.
import test from 'ava';
import { check } from '../checker/index.js';
import vfioPm from '../models/vfio-pm/index.js';
import { leftOut } from '../models/vfio-pm/coverage.js';
import { constants, OPS, type Constants } from '../models/vfio-pm/config.js';
import { reportedSoFar } from './helpers/heavy.js';

const defaults = Object.fromEntries(Object.entries(constants).map(([k, d]) => [k, d.default])) as unknown as Constants;

test('the default offers every op and every actor, leaving out only the hypothesis rows', (t) => {
  t.deepEqual(defaults.menu.split(','), [...OPS]);
  for (const actor of ['vcpu', 'host', 'intx', 'pme', 'sysfs', 'sriov'] as const) t.true(defaults[actor] > 0, actor);
  t.true(defaults.threads > 0 && defaults.ops > 0 && defaults.sibling && defaults.siblingFails && defaults.failures);
  t.deepEqual(leftOut(defaults), [
    'left out: X, the INTx unmask eventfd (hypothesis H1, S7 in the model: scenarios/h1-unmask-eventfd.yaml)',
    'left out: K, the ioeventfd fast path (hypothesis H2, S7 in the model: scenarios/h2-ioeventfd.yaml)',
    'left out: wake requests reaching an ACTIVE device (hypothesis H3, L4 in the model: pmeInD0=true)',
    'left out: runtime_error cleared after a failed resume (hypothesis H6, S10 in the model: recover=true)',
  ]);
});

test.serial('the default (whole protocol) is clean and enables every action: 3,553,547 distinct, 15,334,287 generated, depth 74', async (t) => {
  await reportedSoFar();
  // Issue 21: INTx on from the open, vCPU x 2 and sysfs x 2 reach the resume's INTx
  // unmask in the ioctl thread, the access through a mapping and pm_runtime_allow.
  t.true(defaults.intxAtOpen);
  t.deepEqual([defaults.vcpu, defaults.sysfs], [2, 2]);
  // Issue 21, point 4: MSI_ON is on the menu and HOT_RESET's pci_reset_bus may fail.
  t.true(defaults.menu.split(',').includes('MSI_ON') && defaults.hotResetFails && defaults.pci23);
  const result = check(vfioPm);
  t.is(result.verdict, 'ok');
  t.true(result.complete);
  t.deepEqual(result.neverEnabled, []);
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [3553547, 15334287, 74]);
});

test.serial('the default on a !pci_2_3 device (pci23=false) is clean and enables every action: 3,060,996 distinct, 12,947,634 generated', async (t) => {
  await reportedSoFar();
  // Issue 21: the base of M28 (vfio-pm-mutants.test.ts); the !pci_2_3 path masks at the irq controller.
  const result = check(vfioPm, { constants: { pci23: false } });
  t.is(result.verdict, 'ok');
  t.true(result.complete);
  t.deepEqual(result.neverEnabled, []);
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [3060996, 12947634, 74]);
});

test.serial('M16 passes every safety property under the default (only a temporal L1 can see it)', async (t) => {
  await reportedSoFar();
  const result = check(vfioPm, { constants: { mutant: 'M16' } });
  t.is(result.verdict, 'ok');
  t.true(result.complete);
});

for (const variant of ['V5_ORIG', 'DISABLE_IDLE_D3']) {
  test.serial(`the clean revision ${variant} is clean under the default`, async (t) => {
    await reportedSoFar();
    t.is(check(vfioPm, { constants: { variant } }).verdict, 'ok');
  });
}
