import test from 'ava';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { specializer } from '../checker/tla/specialize.js';
import { cliPath, repoRoot } from './helpers/cli.js';

/**
 * Each node's closure comes from its own copy of its kind's factory
 * (specialize.ts): same behaviour, its own function literal. Where Node
 * forbids code generation from strings, the factory itself is used.
 */

const scale = (factor: number) => (x: number) => x * factor + offset;
const offset = 1;

test('a copy computes what the factory computes, and is a function literal of its own', (t) => {
  const copy = specializer(scale, () => ({ offset }));
  const a = copy(2);
  const b = copy(3);
  t.is(a(5), 11);
  t.is(b(5), 16);
  t.is(scale(2)(5), 11);
  // Two copies of the factory give two distinct function objects from distinct sources.
  t.not(a, b);
  t.is(a.toString(), scale(2).toString());
});

test('a copy lacking a name from its module fails loudly (a ReferenceError), not silently', (t) => {
  const copy = specializer(scale, () => ({}));
  t.throws(() => copy(2)(5), { instanceOf: ReferenceError, message: /offset/ });
});

test('with code generation from strings disallowed, a TLA+ check gives the same counts (the factories themselves run)', (t) => {
  const spec = resolve(repoRoot, 'test/fixtures/tla/MembershipCache.tla');
  const cfg = resolve(repoRoot, 'test/fixtures/tla/MembershipCache.cfg');
  const run = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', cliPath, 'check', spec, '--config', cfg], { encoding: 'utf8' });
  t.is(run.status, 12, run.stderr);
  t.regex(run.stdout, /Error: Invariant Narrow is violated\./);
  t.regex(run.stdout, /8 states generated, 7 distinct states found, 2 states left on queue\./);
  t.is(run.stderr, '');
});
