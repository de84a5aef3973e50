import test from 'ava';
import { check } from '../checker/index.js';
import { TraceLinks } from '../checker/trace/trace-links.js';
import { defineSpec, model, range, t as types } from '../spec/index.js';

test('trace links widen the successor column when a position does not fit in a byte', (t) => {
  const links = new TraceLinks();
  links.add(-1, 0);
  links.add(0, 255);
  t.is(links.bytesPerEntry, 2.0625);
  links.add(0, 256);
  t.is(links.bytesPerEntry, 3.0625);
  links.add(1, 70_000);
  t.is(links.bytesPerEntry, 5.0625);
  t.deepEqual([0, 1, 2, 3].map((o) => links.successorIndexOf(o)), [0, 255, 256, 70_000]);
  t.deepEqual(links.chainTo(3), [0, 1, 3]);
});

test('parents are read back exactly across anchors, large jumps and decreases', (t) => {
  const links = new TraceLinks(16);
  const parents: number[] = [];
  let parent = -1;
  for (let ordinal = 0; ordinal < 5_000; ordinal++) {
    // Mostly small steps; every 97th a jump past a byte, every 301st a step back.
    if (ordinal > 0) parent = ordinal % 301 === 0 ? Math.max(0, parent - 7) : Math.min(ordinal - 1, parent + (ordinal % 97 === 0 ? 300 : ordinal % 3 === 0 ? 1 : 0));
    parents.push(parent);
    links.add(parent, ordinal % 7);
  }
  t.deepEqual(parents.map((_, ordinal) => links.parentOf(ordinal)), parents);
  t.true(links.bytesPerEntry > 2.0625, 'some deltas were escaped');
  const decoded = decodedParents(links);
  t.deepEqual([...decoded], parents);
  const restored = TraceLinks.fromColumns(decoded, links.successorColumn())!;
  t.deepEqual(parents.map((_, ordinal) => restored.parentOf(ordinal)), parents);
  t.is(restored.successorIndexOf(4_999), 4_999 % 7);
});

test('the parent column is decoded in blocks of 2^20 that reuse one buffer', (t) => {
  const links = new TraceLinks();
  const count = (1 << 20) + 300;
  for (let ordinal = 0; ordinal < count; ordinal++) links.add(ordinal === 0 ? -1 : ordinal >>> 3, 0);
  const sizes: number[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for (const block of links.parentBlocks()) {
    sizes.push(block.length);
    buffers.add(block.buffer);
  }
  t.deepEqual(sizes, [1 << 20, 300]);
  t.is(buffers.size, 1);
  const decoded = decodedParents(links);
  t.is(decoded[count - 1], (count - 1) >>> 3);
  t.is(decoded[1 << 20], (1 << 20) >>> 3);
});

/** Copies each block out before the next is decoded into the same buffer. */
function decodedParents(links: TraceLinks): Int32Array {
  const parents = new Int32Array(links.size);
  let at = 0;
  for (const block of links.parentBlocks()) {
    parents.set(block, at);
    at += block.length;
  }
  return parents;
}

test('links added in bulk (a parallel level) grow the columns and widen the successor column too', (t) => {
  const links = new TraceLinks(16);
  links.add(-1, 0);
  links.addAll(Int32Array.from({ length: 20 }, () => 0), Int32Array.from({ length: 20 }, (_, i) => i));
  t.is(links.size, 21);
  // A delta byte, an anchor every 64 states, no escapes, and the successor column's width.
  t.is(links.bytesPerEntry, 1 + 4 / 64 + 1);
  links.addAll(Int32Array.of(3, 4), Int32Array.of(7, 300));
  t.is(links.bytesPerEntry, 1 + 4 / 64 + 2);
  links.addAll(Int32Array.of(21), Int32Array.of(70_000));
  t.is(links.bytesPerEntry, 1 + 4 / 64 + 4);
  t.deepEqual([0, 1, 20, 21, 22, 23].map((o) => [links.parentOf(o), links.successorIndexOf(o)]), [[-1, 0], [0, 0], [0, 19], [3, 7], [4, 300], [21, 70_000]]);
  t.deepEqual(links.chainTo(23), [0, 3, 21, 23]);
});

test('a counterexample through a successor past position 255 is rebuilt exactly', (t) => {
  const wide = defineSpec({
    name: 'wide',
    build: () =>
      model({ x: types.int(0, 299) })
        .initial({ x: 0 })
        .action<{ v: number }>('Set', { params: { v: range(0, 299) } }, (n, { v }) => void (n.x = v))
        .invariant('NotLast', (s) => s.x !== 299),
  });
  const result = check(wide);
  t.is(result.property, 'NotLast');
  t.deepEqual(result.trace!.map((s) => s.action), ['Init', 'Set(v = 299)']);
  t.is((result.trace![1]!.state as { x: number }).x, 299);
});
