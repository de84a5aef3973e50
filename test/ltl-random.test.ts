import test from 'ava';
import { check, prepare } from '../checker/index.js';
import { checkLasso } from '../checker/temporal/lasso-check.js';
import {
  always,
  and,
  defineSpec,
  eventually,
  eventuallyAlways,
  holds,
  implies,
  infinitelyOften,
  infinitelyOftenTaken,
  leadsTo,
  model,
  not,
  or,
  stabilizesWhen,
  stepWhere,
  t as types,
  taken,
  until,
  type TemporalFormula,
} from '../spec/index.js';
import { generalForm } from './helpers/general-form.js';

// Random small models and random formulas: whatever the product search says is
// checked against a brute-force search over every short lasso, each judged
// directly (lasso-semantics.ts) and for fairness (lasso-check.ts).

type State = { n: number };
const SIZE = 4;

/** A deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  readonly tables: Record<'A' | 'B', (number | null)[]>;
  readonly fairness: ['WF' | 'SF', 'A' | 'B'][];
  readonly formula: TemporalFormula<State>;
}

function randomCase(next: () => number, fixedForm = false): Case {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const table = () => Array.from({ length: SIZE }, () => (next() < 0.25 ? null : Math.floor(next() * SIZE)));
  const fairness: Case['fairness'] = [];
  for (const action of ['A', 'B'] as const) if (next() < 0.5) fairness.push([next() < 0.5 ? 'WF' : 'SF', action]);
  const predicates = [0, 1, 2].map((k) => {
    const set = new Set(Array.from({ length: SIZE }, (_, v) => v).filter(() => next() < 0.5));
    return Object.defineProperty((s: State) => set.has(s.n), 'name', { value: `in${k}` });
  });
  const formula = (depth: number): TemporalFormula<State> => {
    if (depth === 0 || next() < 0.25) {
      const atom = next();
      if (atom < 0.7) return holds(pick(predicates));
      if (atom < 0.85) return taken(pick(['A', 'B']));
      return stepWhere((s: State, t: State) => t.n > s.n, 'Up');
    }
    const sub = () => formula(depth - 1);
    return pick([
      () => not(sub()),
      () => and(sub(), sub()),
      () => or(sub(), sub()),
      () => implies(sub(), sub()),
      () => always(sub()),
      () => eventually(sub()),
      () => until(sub(), sub()),
      () => leadsTo(sub(), sub()),
    ])();
  };
  const p = () => pick(predicates);
  const fixed = (): TemporalFormula<State> =>
    pick([
      () => eventually(p()),
      () => infinitelyOften(p()),
      () => eventuallyAlways(p()),
      () => leadsTo(p(), p()),
      () => infinitelyOftenTaken<State>(pick(['A', 'B'])),
      () => stabilizesWhen(p(), p()),
      () => implies(p(), fixed()),
    ])();
  const tables = { A: table(), B: table() };
  return { tables, fairness, formula: fixedForm ? fixed() : formula(3) };
}

const specOf = (c: Case) =>
  defineSpec({
    name: 'random',
    build: () => {
      const m = model({ n: types.int(0, SIZE - 1) })
        .initial({ n: 0 })
        .deadlock(false);
      for (const action of ['A', 'B'] as const) {
        const table = c.tables[action];
        m.action(action, { when: (s) => table[s.n] !== null }, (n, _, s) => void (n.n = table[s.n]!));
      }
      for (const [kind, action] of c.fairness) m.fairness(kind, { action });
      m.temporal('F', c.formula);
      return m;
    },
  });

/** Every lasso of at most `length` states from n = 0 that is fair and violates F. */
function shortViolation(c: Case, length: number): number[] | null {
  const { runtime } = prepare(specOf(c), {});
  const successors = (n: number) => [...new Set([c.tables.A[n], c.tables.B[n]])].filter((m): m is number => m !== null && m !== n);
  const paths: number[][] = [[0]];
  for (let head = 0; head < paths.length; head++) {
    const path = paths[head]!;
    const last = path[path.length - 1]!;
    const states = path.map((n) => ({ n }));
    // Stuttering at the last state, or a real step back to an earlier one.
    const loops = [path.length - 1, ...path.flatMap((n, i) => (i < path.length - 1 && successors(last).includes(n) ? [i] : []))];
    for (const loop of loops) if (checkLasso(runtime, states, loop, 'F') === null) return [...path, loop];
    if (path.length < length) for (const m of successors(last)) paths.push([...path, m]);
  }
  return null;
}

test('random models and formulas: the product search agrees with a brute-force lasso search', (t) => {
  let violated = 0;
  let held = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const c = randomCase(random(seed));
    const result = check(specOf(c));
    const brute = shortViolation(c, 6);
    if (result.verdict === 'ok') {
      t.is(brute, null, `seed ${seed}: the product search found nothing, but lasso ${JSON.stringify(brute)} violates F`);
      held++;
      continue;
    }
    t.is(result.verdict, 'liveness', `seed ${seed}`);
    const { runtime } = prepare(specOf(c), {});
    const states = result.trace!.map((s) => s.state as object);
    const loop = result.loop!.stuttering ? states.length - 1 : result.loop!.start;
    t.is(checkLasso(runtime, states, loop, 'F'), null, `seed ${seed}: the reported lasso is not a fair violation`);
    violated++;
  }
  // Both verdicts are well represented (the counts are fixed by the seeds).
  t.deepEqual({ violated, held }, { violated: 150, held: 150 });
});

test('random models, fixed forms: the direct checks and the general path give the same verdicts', (t) => {
  const verdicts = { ok: 0, liveness: 0 };
  for (let seed = 1; seed <= 300; seed++) {
    const c = randomCase(random(seed), true);
    const fixed = check(specOf(c));
    const general = check(specOf({ ...c, formula: generalForm(c.formula) }));
    t.is(general.verdict, fixed.verdict, `seed ${seed}`);
    if (fixed.verdict === 'ok') t.is(shortViolation(c, 6), null, `seed ${seed}`);
    verdicts[fixed.verdict as 'ok' | 'liveness']++;
  }
  t.deepEqual(verdicts, { ok: 163, liveness: 137 });
});
