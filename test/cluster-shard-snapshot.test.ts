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

test("a large shard's snapshot streams in pieces and restores from pieces cut anywhere", (t) => {
  const states = 1_300_000; // more than one chunk of fingerprints copied out of the visited set
  const shard = new Shard(0, 2, 1, false, undefined, states);
  const word = new Int32Array(1);
  // Fingerprints spread over the table as real ones are (its home slot follows the high lane).
  const hi = (i: number) => Math.imul(i + 1, 0x9e3779b1);
  for (let i = 0; i < states; i++) {
    shard.insert(hi(i), i * 7 + 3, 0);
    word[0] = i;
    shard.store(word, 0, i === 0 ? -1 : i - 1, i % 5);
  }
  shard.endLevel();
  // Each piece is copied as it is taken (a view is valid until the next one), as the object store's stream does.
  const pieces = Array.from(shard.snapshotPieces(), (piece) => new Uint8Array(piece));
  t.true(pieces.length > 2, 'more than one piece');
  t.true(pieces.every((piece) => piece.byteLength <= 8 << 20));
  const whole = Buffer.concat(pieces);
  t.true(whole.equals(shard.snapshot()), 'the stream is the snapshot, byte for byte');
  // The store hands pieces back in its own sizes: cut the bytes elsewhere, with an empty piece among them.
  const recut = [whole.subarray(0, 1000), whole.subarray(1000, 1000), whole.subarray(1000, 5_000_001), whole.subarray(5_000_001)];
  const restored = new Shard(0, 2, 1, false);
  restored.restoreSegments([recut]);
  t.is(restored.size, states);
  t.deepEqual(restored.linkOf(states - 1), { parent: states - 2, successorIndex: (states - 1) % 5 });
  t.false(restored.insert(hi(states - 1), (states - 1) * 7 + 3, 0), 'the last fingerprint is there');
  t.true(restored.insert(hi(states), 1, 0));
  t.is(restored.frontierCount, states);
});

test('a later segment holds only the states admitted since the last one; a shard is restored from its whole chain', (t) => {
  const shard = filledShard(false);
  const first = shard.snapshot();
  shard.segmentSaved();
  // Level 1: the three frontier states are expanded (taken) and two new states admitted.
  for (let i = 0; i < 3; i++) shard.queue.take();
  const states = Int32Array.of(40, 41, 50, 51);
  for (let i = 0; i < 2; i++) {
    t.true(shard.insert(400 + i, 500 + i, 0));
    shard.store(states, i * 2, i, 0);
  }
  t.false(shard.insert(101, 201, 0), 'a state of the first segment is not new');
  shard.endLevel();
  const second = shard.snapshot();
  // Two states' fingerprints (8 bytes), links (12 bytes) and words (8 bytes) where the first segment had three.
  t.is(first.byteLength - second.byteLength, 8 + 12 + 8);
  const restored = new Shard(1, 3, 2, false);
  restored.restoreSegments([[first], [second]]);
  t.is(restored.size, 5);
  t.deepEqual(restored.linkOf(4), { parent: 1, successorIndex: 0 });
  t.deepEqual(restored.linkOf(2), { parent: 7 * 4096 + 2, successorIndex: 2 });
  t.false(restored.insert(100, 200, 0), 'a state of the first segment is there');
  t.false(restored.insert(401, 501, 0), 'a state of the second segment is there');
  t.deepEqual({ start: restored.frontierStart, count: restored.frontierCount, level: restored.collecting }, { start: 3, count: 2, level: 2 });
  t.deepEqual([...restored.queue.pendingParts()].flatMap((part) => [...part]), [40, 41, 50, 51]);
  // The restored shard's next segment starts after everything it was restored from.
  restored.insert(600, 700, 0);
  restored.store(Int32Array.of(60, 61), 0, 3, 1);
  for (let i = 0; i < 2; i++) restored.queue.take();
  restored.endLevel();
  const third = restored.snapshot();
  const again = new Shard(1, 3, 2, false);
  again.restoreSegments([[first], [second], [third]]);
  t.is(again.size, 6);
  t.false(again.insert(600, 700, 0));
  // A chain with a gap or out of order is refused with one line.
  t.throws(() => new Shard(1, 3, 2, false).restoreSegments([[second]]), { message: 'a damaged snapshot of shard 1 (segment 1 of 1 starts at state 3, not 0)' });
  t.throws(() => new Shard(1, 3, 2, false).restoreSegments([[first], [third]]), { message: 'a damaged snapshot of shard 1 (segment 2 of 2 starts at state 5, not 3)' });
  t.throws(() => new Shard(1, 3, 2, false).restoreSegments([]), { message: 'a damaged snapshot of shard 1 (no segments)' });
});
