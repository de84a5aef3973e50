import test from 'ava';
import { SnapshotPacing } from '../checker/cluster/snapshot-pacing.js';

test('snapshots are due once the interval has passed since the last one ended', (t) => {
  const pacing = new SnapshotPacing(1000);
  t.true(pacing.due(5000), 'the first barrier after the interval');
  pacing.taken(5000, 5050);
  t.false(pacing.due(5900));
  t.true(pacing.due(6050));
});

test('a snapshot that took S ms keeps the next one at least 9 S ms away (a tenth of the run at most)', (t) => {
  const pacing = new SnapshotPacing(1000);
  pacing.taken(10_000, 14_000); // 4 s of snapshotting
  t.is(pacing.waitMs(), 36_000);
  t.false(pacing.due(14_000 + 35_999));
  t.true(pacing.due(14_000 + 36_000));
});

test('an interval of 0 still snapshots every level while snapshots are cheap', (t) => {
  const pacing = new SnapshotPacing(0);
  pacing.taken(100, 100);
  t.true(pacing.due(100));
  pacing.taken(200, 210);
  t.false(pacing.due(289));
  t.true(pacing.due(300));
});
