import test from 'ava';
import { vigil } from './helpers/cli.js';

// --check-symmetry tests the declaration on the first 2,000 states of an unreduced
// search. A run that passed it must say so in its verdict: sampled (with the
// number) or exhaustive, never a bare "ok" that reads as a full proof.
test('a sampled symmetry check is stated in the verdict, with the number of states (text and JSON)', (t) => {
  const run = vigil(['check', 'tlaplus/MCTwoPhaseSym', '--check-symmetry']);
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /^Symmetry check \(--check-symmetry\): SAMPLED, not exhaustive: the first 2000 states of the unreduced search, 2 generating permutations; an asymmetry first reached beyond them is not detected\.$/m);
  const json = vigil(['check', 'tlaplus/MCTwoPhaseSym', '--check-symmetry', '--json']);
  t.like(JSON.parse(json.stdout).symmetry.checked, { states: 2000, permutations: 2, exhaustive: false });
});

test('a symmetry check that covered every reachable state says it was exhaustive', (t) => {
  const run = vigil(['check', 'tlaplus/MCTwoPhaseSym', '--const', 'RM=r1,r2', '--check-symmetry', '--json']);
  t.is(run.status, 0, run.stderr);
  const checked = JSON.parse(run.stdout).symmetry.checked;
  t.true(checked.exhaustive);
  t.true(checked.states < 2000);
});
