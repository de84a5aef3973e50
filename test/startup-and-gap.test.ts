import test from 'ava';
import { immerable } from 'immer';
import { FSet } from '../spec/fset.js';
import { FingerprintSet } from '../checker/search/visited-set.js';

test('FSet is draftable by immer without the engine importing immer', (t) => {
  t.true((FSet.prototype as unknown as Record<symbol, boolean>)[immerable]);
});

test('smallestGap is the least difference between sorted 64-bit fingerprints', (t) => {
  const set = new FingerprintSet(16);
  t.is(set.smallestGap(), null);
  set.insert(0, 100);
  t.is(set.smallestGap(), null);
  set.insert(0, 7);
  set.insert(-1, -1); // 2^64 - 1, the largest value
  set.insert(-1, -5);
  set.insert(1, 0);
  // Sorted: 7, 100, 2^32, 2^64-5, 2^64-1: gaps 93, 2^32-100, ..., 4.
  t.is(set.smallestGap(), 4);
  set.insert(0, 99);
  t.is(set.smallestGap(), 1);
});
