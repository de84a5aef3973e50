import test from 'ava';
import { check } from '../checker/check.js';
import { ConfigError } from '../checker/errors.js';
import { FingerprintSet } from '../checker/search/visited-set.js';
import { WideFingerprintSet } from '../checker/search/wide-visited-set.js';
import counterGrid from '../models/examples/counter-grid.js';
import diehard from '../models/examples/diehard.js';
import lockOrder from '../models/examples/lock-order.js';
import twophase from '../models/examples/twophase.js';
import { vigil } from './helpers/cli.js';

function pseudoRandom(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) | 0);
}

test('the 96-bit table tells apart keys that differ only in the third lane, across growths', (t) => {
  const next = pseudoRandom(5);
  const set = new WideFingerprintSet(16);
  const keys: [number, number, number][] = Array.from({ length: 10_000 }, () => [next(), next(), next()]);
  for (const [hi, lo, extra] of keys) t.true(set.insert(hi, lo, extra));
  for (const [hi, lo, extra] of keys) t.true(set.insert(hi, lo, extra ^ 1), 'same 64 bits, another third lane');
  t.is(set.size, 20_000);
  for (const [hi, lo, extra] of keys) t.false(set.insert(hi, lo, extra));
  t.true(keys.every(([hi, lo, extra]) => set.has(hi, lo, extra) && set.has(hi, lo, extra ^ 1)));
  t.false(keys.some(([hi, lo, extra]) => set.has(hi, lo, extra ^ 2)));
  t.true(set.insert(0, 0, 0));
  t.false(set.insert(0, 0, 0));
  t.true(set.has(0, 0, 0));
});

test('the 96-bit smallest gap is exact for small differences', (t) => {
  const set = new WideFingerprintSet(16);
  set.insert(5, 0, 10);
  set.insert(5, 0, 13);
  set.insert(-1, 7, 0);
  t.is(set.smallestGap(), 3);
});

const models = [
  ['twophase RM=5', twophase, { RM: 5 }],
  ['counter-grid N=3 K=4', counterGrid, { N: 3, K: 4 }],
  ['diehard', diehard, {}],
  ['lock-order', lockOrder, {}],
] as const;

for (const [label, spec, constants] of models) {
  test(`${label}: 96-bit fingerprints give the 64-bit run's counts, verdict and trace`, (t) => {
    const narrow = check(spec as never, { constants });
    const wide = check(spec as never, { constants, fingerprintBits: 96 });
    t.deepEqual(
      [wide.verdict, wide.distinctStates, wide.generatedStates, wide.depth, wide.trace],
      [narrow.verdict, narrow.distinctStates, narrow.generatedStates, narrow.depth, narrow.trace],
    );
    t.true(wide.bytesPerState > narrow.bytesPerState);
  });
}

test('a 96-bit run reports its estimate and the 64-bit one', (t) => {
  const result = check(twophase, { constants: { RM: 5 }, fingerprintBits: 96 });
  const pairs = 8832 * (58146 - 8832);
  t.is(result.collisionProbability.optimistic, pairs / 2 ** 96);
  t.is(result.collisionProbability.optimistic64, pairs / 2 ** 64);
  t.is(result.collisionProbability.fingerprintBits, 96);
  t.deepEqual(Object.keys(check(twophase, { constants: { RM: 5 } }).collisionProbability), ['optimistic', 'actual']);
});

test('fingerprint widths other than 64 and 96 are refused', (t) => {
  t.throws(() => check(twophase, { fingerprintBits: 128 }), { instanceOf: ConfigError, message: 'fingerprintBits: expected 64 or 96, got 128' });
  const run = vigil(['check', 'twophase', '--fingerprint-bits', '80']);
  t.is(run.status, 151);
  t.is(run.stderr, 'vigil: --fingerprint-bits: expected 64 or 96, got "80"\n');
  const parallel = vigil(['check', 'twophase', '--fingerprint-bits', '96', '--workers', '2']);
  t.is(parallel.status, 151);
  t.is(parallel.stderr, 'vigil: --fingerprint-bits: 96-bit fingerprints work with one worker only (--workers 1)\n');
});

test('CLI: --fingerprint-bits 96 prints both estimates', (t) => {
  const run = vigil(['check', 'twophase', '--const', 'RM=5', '--fingerprint-bits', '96']);
  t.is(run.status, 0);
  t.regex(run.stdout, /\(96-bit fingerprints; with 64 bits the optimistic estimate would be 2\.4e-11\)/);
  t.regex(run.stdout, /58146 states generated, 8832 distinct states found/);
});

test('CLI: --expected-states presizes the table (same counts, emptier table) and is bounded', (t) => {
  const presized = vigil(['check', 'twophase', '--const', 'RM=5', '--expected-states', '100000', '--json']);
  t.is(presized.status, 0);
  const report = JSON.parse(presized.stdout);
  t.deepEqual([report.distinctStates, report.generatedStates, report.depth], [8832, 58146, 17]);
  const plain = JSON.parse(vigil(['check', 'twophase', '--const', 'RM=5', '--json']).stdout);
  t.true(report.bytesPerState > 5 * plain.bytesPerState, `${report.bytesPerState} vs ${plain.bytesPerState} bytes per state`);
  const tooMany = vigil(['check', 'twophase', '--expected-states', '2000000000']);
  t.is(tooMany.status, 151);
  t.is(tooMany.stderr, 'vigil: --expected-states: at most 1,200,000,000, got 2000000000\n');
  const zero = vigil(['check', 'twophase', '--expected-states', '0']);
  t.is(zero.status, 151);
  t.is(zero.stderr, 'vigil: --expected-states: expected a positive integer, got "0"\n');
});

// The billion-state run was killed for memory at its very end: presized for exactly
// its states, the table grew when a duplicate successor found it at its load limit.
test('a table presized with expectedStates does not grow after the last new state', (t) => {
  const states = 8 ** 6;
  const result = check(counterGrid, { constants: { N: 6, K: 8 }, fingerprintBits: 96, expectedStates: states, temporal: false });
  t.is(result.distinctStates, states);
  // 12-byte slots at the 0.85 load the presize aims for (14.1 bytes) plus 2.06 of trace
  // links and the overflow area; a growth would add 15% to the table (it was 21.3).
  t.is(result.bytesPerState, 16.24);
});

test('a table at its load limit does not grow for a fingerprint it already holds (64 and 96 bits)', (t) => {
  const narrow = new FingerprintSet(100);
  const wide = new WideFingerprintSet(100);
  // 100 home slots, 0.85 load limit: the 85th entry fills them.
  for (let i = 1; i <= 85; i++) {
    narrow.insert(i * 40_000_000, i);
    wide.insert(i * 40_000_000, i, i);
  }
  const sizes = [narrow.bytes, wide.bytes];
  t.false(narrow.insert(40_000_000, 1));
  t.false(wide.insert(40_000_000, 1, 1));
  t.deepEqual([narrow.bytes, wide.bytes], sizes, 'a duplicate made a table grow');
  t.true(narrow.insert(7, 7));
  t.true(wide.insert(7, 7, 7));
  t.true(narrow.bytes > sizes[0]! && wide.bytes > sizes[1]!, 'a new fingerprint at the limit grows the table');
});
