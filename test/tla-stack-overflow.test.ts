import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vigil } from './helpers/cli.js';

/**
 * A recursion deeper than the JavaScript stack is an evaluation error, as TLC
 * reports its StackOverflowError (exit 75): one message, no "internal error",
 * never exit 255.
 */
function deepSpec(init: string, invariant = 'TRUE'): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-deep-'));
  writeFileSync(
    join(dir, 'Deep.tla'),
    [
      '---- MODULE Deep ----',
      'EXTENDS Naturals',
      'VARIABLE x',
      'RECURSIVE Sum(_)',
      'Sum(n) == IF n = 0 THEN 0 ELSE n + Sum(n - 1)',
      `Init == ${init}`,
      'Next == x\' = x',
      `Inv == ${invariant}`,
      '====',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'Deep.cfg'), 'INIT Init\nNEXT Next\nINVARIANT Inv\n');
  return join(dir, 'Deep.tla');
}

const overflow = /The evaluation overflowed the stack: a recursive definition that never reaches its base case, or a recursion deeper than the stack allows \(the vigil command sizes its stack from ulimit -s: raise that limit\)\./;

test('a recursion too deep for the stack in the initial predicate is an evaluation error (exit 75)', (t) => {
  const run = vigil(['check', deepSpec('x = Sum(1000000)')]);
  t.is(run.status, 75, run.stderr);
  // As every evaluation error of the initial states: one line on stderr.
  t.regex(run.stderr, overflow);
  t.is(run.stderr.trim().split('\n').length, 1);
  t.notRegex(run.stderr + run.stdout, /internal error|RangeError/);
});

test('the same with workers', (t) => {
  const run = vigil(['check', deepSpec('x \\in 0..3 /\\ Sum(1000000) > 0'), '--workers', '2']);
  t.is(run.status, 75, run.stderr);
  t.regex(run.stdout, overflow);
  t.notRegex(run.stderr + run.stdout, /internal error|RangeError/);
});

test('an invariant whose evaluation overflows the stack fails as an invariant evaluation (exit 76, with the trace)', (t) => {
  const run = vigil(['check', deepSpec('x = 1', 'Sum(1000000 * x) >= 0')]);
  t.is(run.status, 76, run.stderr);
  t.regex(run.stdout, /Evaluating invariant Inv failed\./);
  t.regex(run.stdout, overflow);
});

test('a recursion that fits the stack still evaluates', (t) => {
  const run = vigil(['check', deepSpec('x = Sum(300)')]);
  t.is(run.status, 0, run.stdout + run.stderr);
  t.regex(run.stdout, /\n2 states generated, 1 distinct states found, 0 states left on queue\.\nThe depth of the complete state graph search is 1\.\n/);
});

test('simulate: a step whose evaluation overflows the stack ends the walk as an evaluation error (exit 75)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-deep-'));
  writeFileSync(
    join(dir, 'Walk.tla'),
    ['---- MODULE Walk ----', 'EXTENDS Naturals', 'VARIABLE x', 'RECURSIVE Sum(_)', 'Sum(n) == IF n = 0 THEN 0 ELSE n + Sum(n - 1)', 'Init == x = 0', "Next == x' = Sum(1000000 + x)", '===='].join('\n'),
  );
  writeFileSync(join(dir, 'Walk.cfg'), 'INIT Init\nNEXT Next\n');
  const run = vigil(['simulate', join(dir, 'Walk.tla'), '--seed', '1']);
  t.is(run.status, 75, run.stderr);
  t.regex(run.stdout, overflow);
  t.notRegex(run.stderr + run.stdout, /internal error|RangeError/);
});
