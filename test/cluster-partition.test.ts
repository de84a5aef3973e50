import test from 'ava';
import { check, prepare } from '../checker/index.js';
import { checkCluster } from '../checker/cluster/cluster-search.js';
import { startLocalCluster, type LocalCluster } from '../checker/cluster/local-cluster.js';
import { ShardPartition, isValidKey } from '../checker/cluster/partition.js';
import { choosePartition } from '../checker/cluster/partition-choice.js';
import { registry } from '../models/registry.js';

const VFIO_SMOKE = { ops: 3, menu: 'ENTRY,ENTRY_WAKEUP,EXIT,OTHER', vcpu: 2, host: 1, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false };

test('without a key the fingerprint chooses the owner; with one, only the key words do', (t) => {
  const byFingerprint = new ShardPartition(3, []);
  // The low lane's value as an unsigned fraction of 2^32, scaled onto the shards.
  t.is(byFingerprint.owner(Int32Array.of(1, 2, 3), 0, 7), 0);
  t.is(byFingerprint.owner(Int32Array.of(1, 2, 3), 0, 0x55555556), 1);
  t.is(byFingerprint.owner(Int32Array.of(1, 2, 3), 0, -0x80000000), 1);
  t.is(byFingerprint.owner(Int32Array.of(1, 2, 3), 0, -1), 2);
  const byWord1 = new ShardPartition(4, [1]);
  const owners = new Set<number>();
  for (let other = 0; other < 100; other++) owners.add(byWord1.owner(Int32Array.of(other, 42, -other), 0, other * 7919));
  t.is(owners.size, 1, 'states equal in word 1 share an owner, whatever their other words and fingerprints');
  // Nearby key values spread over the shards.
  const loads = [0, 0, 0, 0];
  for (let value = 0; value < 4000; value++) loads[byWord1.owner(Int32Array.of(0, value, 0), 0, 0)]!++;
  for (const load of loads) t.true(load > 900 && load < 1100, `loads ${loads.join(', ')}`);
  // The last answer is reused only for equal key words: asking in any order gives what a fresh partition gives.
  const byWords02 = new ShardPartition(5, [0, 2]);
  const states = [Int32Array.of(1, 0, 2), Int32Array.of(1, 9, 2), Int32Array.of(2, 0, 1), Int32Array.of(1, 0, 3), Int32Array.of(1, 0, 2)];
  for (const state of states) t.is(byWords02.owner(state, 0, 0), new ShardPartition(5, [0, 2]).owner(state, 0, 0), state.join(','));
  t.deepEqual(states.map((state) => new ShardPartition(5, [0, 2]).owner(state, 0, 0)), [2, 2, 1, 0, 2]);
});

test('a key from a run description is checked: distinct word indexes of the state', (t) => {
  t.true(isValidKey([], 3));
  t.true(isValidKey([2, 0], 3));
  for (const bad of [[3], [-1], [1, 1], [0.5], ['1'], null, { 0: 1 }, [0, 1, 2, 0]]) t.false(isValidKey(bad, 3), JSON.stringify(bad));
});

test('the key is chosen from a sample of steps: vfio-pm keeps most successors home, counter-grid has no stable word', async (t) => {
  const vfio = prepare((await registry['vfio-pm']!()).default, VFIO_SMOKE).runtime;
  const choice = choosePartition(vfio, 2);
  t.deepEqual(choice.keyWords, [1, 2], JSON.stringify(choice));
  t.true(choice.keyCrossing <= 0.75 * choice.fingerprintCrossing, JSON.stringify(choice));
  t.true(choice.imbalance <= 1.1);
  t.deepEqual(choosePartition(vfio, 2), choice, 'the same model and constants always get the same key');
  // Every step changes one of the counters, and every word holds counters: nothing is stable, the fingerprint decides.
  const grid = prepare((await registry['counter-grid']!()).default, { N: 6, K: 8 }).runtime;
  t.deepEqual(choosePartition(grid, 2).keyWords, []);
  t.deepEqual(choosePartition(vfio, 1).keyWords, [], 'one shard needs no key');
});

let cluster: LocalCluster;
test.before(async () => {
  cluster = await startLocalCluster(2);
});
test.after.always(async () => {
  await cluster?.stop();
});

test.serial('a run with the locality key: the single engine figures, and fewer successors cross shards than by fingerprint', async (t) => {
  const single = check((await registry['vfio-pm']!()).default, { constants: VFIO_SMOKE, temporal: false });
  const run = async (partition: 'auto' | 'fingerprint') => checkCluster({ registered: 'vfio-pm' }, { url: cluster.server.url, workers: 2, constants: VFIO_SMOKE, temporal: false, partition });
  const local = await run('auto');
  const spread = await run('fingerprint');
  for (const result of [local, spread]) t.like(result, { verdict: 'ok', distinctStates: single.distinctStates, generatedStates: single.generatedStates, depth: single.depth });
  // The sample is seeded and the owners are a function of the words: the same key and crossings every run.
  t.deepEqual(local.cluster!.partition.keyWords, [1, 2]);
  t.deepEqual(spread.cluster!.partition.keyWords, []);
  t.is(local.cluster!.successors, 42_997);
  t.is(spread.cluster!.successors, 42_997);
  t.is(local.cluster!.crossShard, 11_008);
  t.is(spread.cluster!.crossShard, 21_453);
});

test.serial('under symmetry the key is read from orbit representatives: the single engine figures, fewer crossings', async (t) => {
  const constants = { threads: 2, ops: 2, menu: 'ENTRY,EXIT,OTHER', vcpu: 1, host: 1, intx: 0, pme: 0, sysfs: 0, sriov: 0, sibling: false, siblingFails: false, failures: false };
  const single = check((await registry['vfio-pm']!()).default, { constants, temporal: false });
  t.truthy(single.symmetry);
  const run = async (partition: 'auto' | 'fingerprint') => checkCluster({ registered: 'vfio-pm' }, { url: cluster.server.url, workers: 2, constants, temporal: false, partition });
  const local = await run('auto');
  const spread = await run('fingerprint');
  for (const result of [local, spread]) t.like(result, { verdict: 'ok', distinctStates: single.distinctStates, generatedStates: single.generatedStates, depth: single.depth });
  t.deepEqual(local.cluster!.partition.keyWords, [3, 5]);
  t.is(local.cluster!.crossShard, 11_590);
  t.is(spread.cluster!.crossShard, 24_137);
});
