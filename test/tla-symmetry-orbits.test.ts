import test from 'ava';
import { resolve } from 'node:path';
import { loadTlaModel } from '../checker/tla/model.js';
import { searchTla } from '../checker/tla/search.js';
import { repoRoot, vigil } from './helpers/cli.js';

/**
 * SYMMETRY counts one state per orbit. SymOrbits.tla's states are found here a
 * second time by a plain TypeScript search of the same system, and grouped by
 * orbit with explicit permutations (the smallest JSON image): an oracle that
 * shares nothing with the checker's fingerprints of images.
 */
const fixture = (name: string) => resolve(repoRoot, 'test/fixtures/tla', name);

interface Plain {
  held: string[];
  count: Record<string, number>;
  log: { who: string; n: number }[];
  pairs: [string, string][];
}

const P = ['a', 'b', 'c'];

function successors(s: Plain): Plain[] {
  return P.filter((p) => s.count[p]! < 2).map((p) => ({
    held: s.held.includes(p) ? s.held.filter((x) => x !== p) : [...s.held, p],
    count: { ...s.count, [p]: s.count[p]! + 1 },
    log: s.log.length < 2 ? [...s.log, { who: p, n: s.count[p]! }] : s.log,
    pairs: [...s.pairs, ...s.held.map((q): [string, string] => [p, q])],
  }));
}

/** A canonical text: sets sorted and without repeats, so equal states give equal texts. */
function text(s: Plain, rename: (x: string) => string): string {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return JSON.stringify([
    uniq(s.held.map(rename)),
    uniq(P.map((p) => `${rename(p)}=${s.count[p]}`)),
    s.log.map((e) => `${rename(e.who)}:${e.n}`),
    uniq(s.pairs.map(([x, y]) => `${rename(x)},${rename(y)}`)),
  ]);
}

const permutations = (xs: string[]): string[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));

function oracle(): { states: number; orbits: number; generated: number } {
  const start: Plain = { held: [], count: { a: 0, b: 0, c: 0 }, log: [], pairs: [] };
  const seen = new Map<string, Plain>([[text(start, (x) => x), start]]);
  const queue = [start];
  let generated = 1;
  for (let i = 0; i < queue.length; i++) {
    for (const next of successors(queue[i]!)) {
      generated++;
      const key = text(next, (x) => x);
      if (!seen.has(key)) {
        seen.set(key, next);
        queue.push(next);
      }
    }
  }
  const renamings = permutations(P).map((image) => (x: string) => image[P.indexOf(x)]!);
  const orbits = new Set([...seen.values()].map((s) => renamings.map((r) => text(s, r)).sort()[0]));
  return { states: seen.size, orbits: orbits.size, generated };
}

test('SYMMETRY: one state per orbit, as an independent search with explicit permutations counts them', async (t) => {
  const expected = oracle();
  const all = searchTla(await loadTlaModel(fixture('SymOrbits.tla'), fixture('SymOrbitsAll.cfg')));
  t.is(all.verdict, 'ok');
  t.is(all.distinct, expected.states);
  t.is(all.generated, expected.generated);
  const reduced = searchTla(await loadTlaModel(fixture('SymOrbits.tla'), fixture('SymOrbits.cfg')));
  t.is(reduced.verdict, 'ok');
  t.is(reduced.distinct, expected.orbits);
  // TLC v1.8.0 (-workers 1) on the two configurations: 271 generated, 265 distinct, depth 7;
  // with SYMMETRY 51 generated, 47 distinct, depth 7.
  t.deepEqual([expected.generated, expected.states, expected.orbits], [271, 265, 47]);
  t.deepEqual([all.depth, reduced.generated, reduced.distinct, reduced.depth], [7, 51, 47, 7]);
});

test('SYMMETRY over values that are not model values is refused as TLC refuses it, in one line', (t) => {
  const run = vigil(['check', fixture('SymInt.tla')]);
  t.is(run.status, 75);
  t.is(run.stdout, '');
  t.regex(run.stderr, /^vigil: Symmetry function must have model values as domain and range: one maps 1 to 1\.\nline 1, col 1 of module SymInt\.cfg \(\S+SymInt\.cfg\)\n$/);
});
