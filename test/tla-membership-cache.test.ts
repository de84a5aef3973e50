import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { formatValue, IntervalSet, isMember, markLasting, SeqSet, TupleValue } from '../checker/tla/values.js';
import { repoRoot } from './helpers/cli.js';

/**
 * `v \in S` remembers on a composite value the last set it was found in
 * (values.ts isMember). The same values, shared between states, are tested
 * against several sets: each answer is the set's own. Counts, verdicts and
 * traces are TLC's (v1.8.0, on these files).
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

/** The search of MembershipCache.tla under `cfg`: the verdict, the invariant, the counts and the trace. */
async function check(cfg: string) {
  const result = searchTla(await loadTlaModel(fixture('MembershipCache.tla'), fixture(cfg)));
  return { result, summary: [result.verdict, result.violated, result.distinct, result.generated, result.depth, result.queueLeft, result.trace.length] };
}

test('a function found in [1..2 -> 0..3] and [1..2 -> Nat] is still tested against [1..2 -> 0..2]', async (t) => {
  const { result, summary } = await check('MembershipCache.cfg');
  t.deepEqual(summary, ['invariant', 'Narrow', 7, 8, 4, 2, 4]);
  // s is the initial state's value itself (UNCHANGED s shares it).
  t.is(result.trace[3]![1], result.trace[0]![1]);
  t.is(formatValue(result.trace[3]![0]!), '<<3, 0>>');
});

test('a sequence found in Seq(1..3) and Seq(Nat) is still tested against Seq(1..2)', async (t) => {
  const { result, summary } = await check('MembershipCacheSeq.cfg');
  t.deepEqual(summary, ['invariant', 'SeqNarrow', 6, 7, 3, 2, 3]);
  t.is(formatValue(result.trace[2]![1]!), '<<1, 2, 3>>');
});

test('a value remembers only a set kept for the run: one built for a single evaluation is not kept alive by it', (t) => {
  const value = new TupleValue([1, 2]);
  const fresh = new SeqSet(new IntervalSet(1, 3));
  t.true(isMember(fresh, value));
  t.is(value.aux, undefined);
  const lasting = new SeqSet(new IntervalSet(1, 3));
  markLasting(lasting);
  t.true(lasting.base.lasting);
  t.true(isMember(lasting, value));
  t.is(value.aux, lasting);
  t.false(isMember(new SeqSet(new IntervalSet(1, 1)), value));
});
