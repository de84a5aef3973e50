// The property holes of issue 11: each mutant passed every property before the
// fix; these tests pin which properties catch it now.
import test from 'ava';
import { check } from '../checker/index.js';
import vfioPm from '../models/vfio-pm/index.js';

const violated = (constants: Record<string, unknown>) =>
  check(vfioPm, { constants, continueAfterViolation: true }).violations.map((v) => v.property);

test('M14 (resume callback does not signal) is caught by S13 and by L2', (t) => {
  const found = violated({ mutant: 'M14', script: 'ENTRY_WAKEUP,OTHER', vcpu: 0, host: 0 });
  t.true(found.includes('S13'), found.join(','));
  t.true(found.includes('L2'), found.join(','));
});

test('M15 (resume never unmasks INTx) is caught by the S10 check at R5 of every resume', (t) => {
  const result = check(vfioPm, { constants: { mutant: 'M15', script: 'INTX_ON,ENTRY,OTHER', vcpu: 0, host: 0 } });
  t.is(result.verdict, 'assertion');
  t.is(result.property, 'S10');
  t.regex(result.trace!.at(-1)!.action, /\(R5\)$/);
});

test('L1 holds with disable_idle_d3 without exempting it (the device does suspend when engaged)', (t) => {
  const result = check(vfioPm, { constants: { variant: 'DISABLE_IDLE_D3', script: 'ENTRY', vcpu: 0, host: 0 } });
  t.is(result.verdict, 'ok');
  // And an engaged, open device reaches SUSPENDED in D3cold: L1 is not vacuous there.
  const m10 = check(vfioPm, { constants: { variant: 'DISABLE_IDLE_D3', mutant: 'M10', script: 'ENTRY', vcpu: 0, host: 0 } });
  t.is(m10.property, 'L1');
});
