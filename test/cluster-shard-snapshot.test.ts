import test from 'ava';
import { Shard } from '../checker/cluster/shard.js';

// A shard of 2 words a state with three states admitted in level 0: two initial
// states and one successor whose parent lives on another shard.
function filledShard(wide: boolean): Shard {
  const shard = new Shard(1, 3, 2, wide);
  const states = Int32Array.of(10, 11, 20, 21, 30, 31);
  const parents = [-1, -1, 7 * 4096 + 2];
  for (let i = 0; i < 3; i++) {
    shard.insert(100 + i, 200 + i, 300 + i);
    shard.store(states, i * 2, parents[i]!, i);
  }
  shard.endLevel();
  return shard;
}

for (const wide of [false, true]) {
  test(`a shard's snapshot (${wide ? 96 : 64}-bit fingerprints) restores its visited set, links and frontier`, (t) => {
    const bytes = filledShard(wide).snapshot();
    const restored = new Shard(1, 3, 2, wide);
    restored.restore(bytes);
    t.is(restored.size, 3);
    t.deepEqual([0, 1, 2].map((local) => restored.linkOf(local)), [
      { parent: -1, successorIndex: 0 },
      { parent: -1, successorIndex: 1 },
      { parent: 7 * 4096 + 2, successorIndex: 2 },
    ]);
    t.false(restored.insert(101, 201, 301), 'a state it had is not new');
    t.true(restored.insert(999, 998, 997), 'a state it did not have is new');
    t.deepEqual({ start: restored.frontierStart, count: restored.frontierCount, level: restored.collecting }, { start: 0, count: 3, level: 1 });
    t.deepEqual([...restored.queue.pendingParts()].flatMap((part) => [...part]), [10, 11, 20, 21, 30, 31]);
  });
}

test("a damaged shard snapshot is refused with one line naming the shard and what is wrong", (t) => {
  const bytes = filledShard(false).snapshot();
  const flipped = bytes.slice();
  flipped[5]! ^= 0x40;
  t.throws(() => new Shard(1, 3, 2, false).restore(flipped), { message: 'a damaged snapshot of shard 1 (section visited fails its checksum)' });
  t.throws(() => new Shard(2, 3, 2, false).restore(bytes), { message: 'a damaged snapshot of shard 2 (another shard or layout)' });
  t.throws(() => new Shard(1, 3, 2, true).restore(bytes), { message: 'a damaged snapshot of shard 1 (another shard or layout)' });
  t.throws(() => new Shard(1, 3, 2, false).restore(bytes.subarray(0, 40)), { message: /^a damaged snapshot of shard 1 \(/ });
});
