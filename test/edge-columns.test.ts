// Issue 24 item 1: the liveness graph's edges in 4 bytes (a 3-byte target, one byte
// naming the edge's (successor position, fairness groups) pair), read by index.
import test from 'ava';
import { EdgeColumnsBuilder } from '../checker/temporal/edge-columns.js';

const valuesOf = (column: { at(i: number): number | undefined; length: number }) => Array.from({ length: column.length }, (_, i) => column.at(i));

test('targets read back across the 16- and 24-bit boundaries; three bytes an edge until a target passes 2^24, then four', (t) => {
  const small = new EdgeColumnsBuilder();
  const targets = [0, 1, 0xffff, 0x10000, 0x123456, 0xffffff];
  for (const target of targets) small.push(target, 0, 0);
  const { targets: column } = small.done();
  t.deepEqual(valuesOf(column), targets);
  t.is(column.width, 3);
  const large = new EdgeColumnsBuilder();
  const beyond = [5, 0x1000000, 0x7ffffffe, 7];
  for (const target of beyond) large.push(target, 0, 0);
  const { targets: wide } = large.done();
  t.deepEqual(valuesOf(wide), beyond);
  t.is(wide.width, 4);
});

test('positions and group sets read back through their pair labels: one byte an edge up to 256 pairs, two past them', (t) => {
  const builder = new EdgeColumnsBuilder();
  const edges: [number, number][] = [];
  for (let i = 0; i < 1000; i++) edges.push([i % 16, (i * 7) % 16]);
  for (const [position, groups] of edges) builder.push(3, position, groups);
  const { labels } = builder.done();
  t.deepEqual(valuesOf(labels.positions), edges.map(([p]) => p));
  t.deepEqual(valuesOf(labels.groups), edges.map(([, g]) => g));
  t.is(labels.width, 1);
  const many = new EdgeColumnsBuilder();
  for (let p = 0; p < 300; p++) many.push(0, p, 65535);
  const { labels: wide } = many.done();
  t.is(wide.width, 2);
  t.is(wide.positions.at(299), 299);
  t.is(wide.groups.at(299), 65535);
});
