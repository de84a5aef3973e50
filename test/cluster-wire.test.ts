import test from 'ava';
import { BATCH_BYTES, BatchBuilder, BatchScratch, batchBytesFor, HEADER_WORDS, readBatch, runTagOf } from '../checker/cluster/wire.js';

test('batchBytesFor: 256 KiB under the default 1 MiB max_payload, less under a smaller one, at least a header', (t) => {
  t.is(BATCH_BYTES, 256 * 1024);
  t.is(batchBytesFor(undefined), 256 * 1024);
  t.is(batchBytesFor(1024 * 1024), 256 * 1024);
  // 4,096 bytes are left for the message id header, and the size stays a whole number of words.
  t.is(batchBytesFor(65_536), 61_440);
  t.is(batchBytesFor(10_003), 5_904);
  t.is(batchBytesFor(100), HEADER_WORDS * 4);
  t.is(batchBytesFor(Number.NaN), 256 * 1024);
});

test('a builder for a small server limit fills batches of that size; they read back through one reused scratch', (t) => {
  const tag = runTagOf('run-1');
  const builder = new BatchBuilder(tag, 0, 1, 3, batchBytesFor(4096 + 200));
  const words = Int32Array.from([7, 8, 9]);
  let full = 0;
  while (!builder.add(words, 0, 5, full)) full++;
  // 200 bytes are 50 words: an 8-word header and 8 records of 3 + 2 words (a ninth would not fit).
  t.is(full + 1, 8);
  const scratch = new BatchScratch();
  const expected = { runTag: tag, to: 1, shards: 2, wordsPerState: 3 };
  const first = readBatch(builder.take(4), expected, scratch);
  t.is(first.header.count, 8);
  t.is(first.header.level, 4);
  t.deepEqual([...first.records.subarray(0, 5)], [7, 8, 9, 5, 0]);
  builder.add(Int32Array.from([1, 2, 3]), 0, 6, 0);
  const second = readBatch(builder.take(4), expected, scratch);
  t.is(second.header.sequence, 1);
  t.deepEqual([...second.records], [1, 2, 3, 6, 0]);
});

test('a batch taken stays intact while the builder goes on; once recycled, its buffer holds a later batch', (t) => {
  const tag = runTagOf('run-2');
  const builder = new BatchBuilder(tag, 0, 1, 1, batchBytesFor(4096 + 200));
  const expected = { runTag: tag, to: 1, shards: 2, wordsPerState: 1 };
  builder.add(Int32Array.from([11]), 0, 1, 0);
  const first = builder.take(2);
  const firstCopy = Uint8Array.from(first);
  builder.add(Int32Array.from([22]), 0, 2, 0);
  const second = builder.take(2);
  // Not recycled yet: the builder filled another buffer, and the first batch is as taken.
  t.not(second.buffer, first.buffer);
  t.deepEqual(Uint8Array.from(first), firstCopy);
  builder.recycle(first);
  // The batch being filled when `first` came back is taken next; the one after it is built in `first`'s buffer.
  builder.add(Int32Array.from([33]), 0, 3, 0);
  const third = builder.take(2);
  t.not(third.buffer, first.buffer);
  builder.add(Int32Array.from([44]), 0, 4, 0);
  builder.add(Int32Array.from([55]), 0, 5, 1);
  const fourth = builder.take(2);
  t.is(fourth.buffer, first.buffer);
  const read = readBatch(fourth, expected);
  t.is(read.header.sequence, 3);
  t.deepEqual([...read.records], [44, 4, 0, 55, 5, 1]);
  t.deepEqual([...readBatch(second, expected).records], [22, 2, 0]);
  t.deepEqual([...readBatch(third, expected).records], [33, 3, 0]);
});
