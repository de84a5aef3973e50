import test from 'ava';
import { check } from '../checker/check.js';
import { formatResult } from '../checker/report/text.js';
import longLasso from './fixtures/long-lasso.js';

test('a 1,000,000-state lasso is found, rebuilt and printed without overflowing the stack', (t) => {
  const result = check(longLasso, { constants: { N: 1_000_000 } });
  t.like(result, { verdict: 'liveness', exitCode: 13, property: 'ReachesN', distinctStates: 1_000_000 });
  t.is(result.trace!.length, 1_000_000);
  t.deepEqual(result.loop, { start: 0, stuttering: false, action: 'Inc' });
  t.is(result.trace![999_999]!.state.x, 999_999);
  const text = formatResult(result);
  t.true(text.includes('State 1000000: <Inc>\n/\\ x = 999999    <- changed\n'));
  t.true(text.includes('Back to state 1: <Inc>'));
});
