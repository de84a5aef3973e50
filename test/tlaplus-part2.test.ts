// TLC conformance, second half: each translation of a tlaplus/Examples spec gives
// TLC's figures, and the reference explorer agrees with the fast engine.
import test from 'ava';
import { check } from '../checker/index.js';
import AsyncTerminationDetection from '../models/tlaplus/AsyncTerminationDetection.js';
import Bakery from '../models/tlaplus/Bakery.js';
import DieHard from '../models/tlaplus/DieHard.js';
import Hanoi from '../models/tlaplus/Hanoi.js';
import MissionariesAndCannibals from '../models/tlaplus/MissionariesAndCannibals.js';
import TokenRing from '../models/tlaplus/TokenRing.js';
import type { FSet } from '../spec/index.js';
import { checkBothEngines } from './helpers/engines.js';

test('AsyncTerminationDetection N=4 with StateConstraint matches TLC (4,097 / 53,271 / 14)', (t) => {
  const result = checkBothEngines(t, AsyncTerminationDetection, { N: 4 });
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [4097, 53271, 14]);
});

test('TokenRing N=6 M=6 matches TLC (46,656 / 248,832 / 1)', (t) => {
  const result = checkBothEngines(t, TokenRing, { N: 6, M: 6 });
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [46656, 248832, 1]);
});

// The reference explorer is too slow for the full Bakery model, so the engines are
// compared with Nat replaced by 0..1: the same spec with a smaller override of Nat.
test('Bakery N=2 MaxNat=1 (a smaller Nat override): the engines agree', (t) => {
  const result = checkBothEngines(t, Bakery, { N: 2, MaxNat: 1 });
  t.is(result.verdict, 'ok');
  t.is(result.depth, 1, 'Inv is inductive: every successor is an initial state');
});

test('Bakery N=2 MaxNat=2 (MCBakery.cfg) matches TLC (655,200 / 3,403,584 / 1)', (t) => {
  const result = check(Bakery, { constants: { N: 2, MaxNat: 2 } });
  t.is(result.verdict, 'ok');
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [655200, 3403584, 1]);
});

test('DieHard violates NotSolved with a 7-state trace in both engines', (t) => {
  const result = checkBothEngines(t, DieHard);
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'NotSolved');
  t.is(result.trace!.length, 7);
  t.is((result.trace![6]!.state as { big: number }).big, 4);
});

test('MissionariesAndCannibals 3+3 violates Solution with a 12-state trace in both engines', (t) => {
  const result = checkBothEngines(t, MissionariesAndCannibals, { Missionaries: 3, Cannibals: 3 });
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'Solution');
  t.is(result.trace!.length, 12);
  const lastBanks = result.trace![11]!.state.who_is_on_bank as Record<'E' | 'W', FSet<string>>;
  t.true(lastBanks.E.isEmpty());
});

test('Hanoi D=5 N=3 violates NotSolved with a 32-state trace in both engines', (t) => {
  const result = checkBothEngines(t, Hanoi, { D: 5, N: 3 });
  t.is(result.verdict, 'invariant');
  t.is(result.property, 'NotSolved');
  t.is(result.trace!.length, 32);
});

test('Hanoi D=5 N=3 without invariants matches TLC (243 / 913 / 32)', (t) => {
  const result = check(Hanoi, { constants: { D: 5, N: 3 }, invariants: [] });
  t.is(result.verdict, 'ok');
  // 726 legal moves, plus 186 moves onto an empty tower that TLC generates twice
  // (both disjuncts of CanMoveTo hold), plus the initial state.
  t.deepEqual([result.distinctStates, result.generatedStates, result.depth], [243, 913, 32]);
});
