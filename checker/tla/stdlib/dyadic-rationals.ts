import type { BuiltinArgs } from '../scope.js';
import { formatValue, makeRecord, valuesEqual, type Value } from '../values.js';
import { checked, evalFail, fnOf, table } from './core.js';

/**
 * The community module DyadicRationals: rationals as records [num, den] whose
 * denominators are powers of 2. Add and Half compute what the module's
 * definitions compute, with the reduction by the greatest common divisor done
 * as TLC's Java override does it (so a zero numerator reduces to 0/1, where
 * the module's own GCD would fail on an empty set).
 */

type Rational = { num: number; den: number };

function rational(num: number, den: number): Value {
  return makeRecord([
    ['num', num],
    ['den', den],
  ]);
}

function parts(a: BuiltinArgs, i: number): Rational {
  const r = fnOf(a, i);
  const num = r.lookup('num');
  const den = r.lookup('den');
  if (typeof num !== 'number' || typeof den !== 'number') evalFail(`Expected a rational [num |-> ..., den |-> ...] but found ${formatValue(a.val(i))}.`, a);
  return { num, den };
}

function gcd(x: number, y: number): number {
  x = Math.abs(x);
  y = Math.abs(y);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function reduce(num: number, den: number): Value {
  const g = gcd(num, den);
  return g <= 1 ? rational(num, den) : rational(Math.trunc(num / g), Math.trunc(den / g));
}

const ZERO = rational(0, 1);

function add(a: BuiltinArgs): Value {
  if (valuesEqual(a.val(0), ZERO)) return a.val(1);
  const p = parts(a, 0);
  const q = parts(a, 1);
  const lcn = Math.max(p.den, q.den);
  if (p.den === 0 || q.den === 0) evalFail('Add: a denominator is 0.', a);
  const num = checked(q.num * Math.trunc(lcn / q.den) + p.num * Math.trunc(lcn / p.den), a, 'Add');
  return reduce(num, lcn);
}

function isDyadic(a: BuiltinArgs): boolean {
  const den = parts(a, 0).den;
  for (let power = 1, i = 0; i <= den && power <= den; i++, power *= 2) if (power === den) return true;
  return false;
}

export const DYADIC_RATIONALS = table([
  ['Zero', 0, () => ZERO],
  ['One', 0, () => rational(1, 1)],
  ['IsDyadicRational', 1, isDyadic],
  ['Add', 2, add],
  [
    'Half',
    1,
    (a) => {
      const p = parts(a, 0);
      return reduce(p.num, checked(p.den * 2, a, 'Half'));
    },
  ],
  [
    'PrettyPrint',
    1,
    (a) => {
      if (valuesEqual(a.val(0), ZERO)) return '0';
      if (valuesEqual(a.val(0), rational(1, 1))) return '1';
      const p = parts(a, 0);
      return `${formatValue(p.num)}/${formatValue(p.den)}`;
    },
  ],
]);
