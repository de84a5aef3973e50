import test from 'ava';
import { check } from '../checker/index.js';
import { TraceLinks } from '../checker/trace/trace-links.js';
import { defineSpec, model, range, t as types } from '../spec/index.js';

test('trace links widen the successor column when a position does not fit in a byte', (t) => {
  const links = new TraceLinks();
  links.add(-1, 0);
  links.add(0, 255);
  t.is(links.bytesPerEntry, 5);
  links.add(0, 256);
  t.is(links.bytesPerEntry, 6);
  links.add(1, 70_000);
  t.is(links.bytesPerEntry, 8);
  t.deepEqual([0, 1, 2, 3].map((o) => links.successorIndexOf(o)), [0, 255, 256, 70_000]);
  t.deepEqual(links.chainTo(3), [0, 1, 3]);
});

test('links added in bulk (a parallel level) grow the columns and widen the successor column too', (t) => {
  const links = new TraceLinks(16);
  links.add(-1, 0);
  links.addAll(Int32Array.from({ length: 20 }, () => 0), Int32Array.from({ length: 20 }, (_, i) => i));
  t.is(links.size, 21);
  t.is(links.bytesPerEntry, 5);
  links.addAll(Int32Array.of(3, 4), Int32Array.of(7, 300));
  t.is(links.bytesPerEntry, 6);
  links.addAll(Int32Array.of(21), Int32Array.of(70_000));
  t.is(links.bytesPerEntry, 8);
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
