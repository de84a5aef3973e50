// Issue 11: under the DEFAULT constants (the whole protocol: every actor and op),
// every mutant and every faulty design revision fails, with a property of the
// family that its bug breaks. The families come from the brief's §6 tables; a
// few bugs show a second symptom first once more actors interleave, noted below.
import test from 'ava';
import { check } from '../checker/index.js';
import vfioPm from '../models/vfio-pm/index.js';
import { MUTANTS } from '../models/vfio-pm/variants.js';

const DEADLOCK = 'deadlock';
/** Properties (or `deadlock`) each bug is expected to break. */
const FAMILY: Record<string, readonly string[]> = {
  M1: ['S1', 'S2', 'S7'], // a mapping of an engaged device
  M2: ['S4', 'S4b', 'S3', 'S6', 'S9'], // the exit's reference is missing
  M3: ['S1', 'S4', 'S3', 'S12'], // ENTRY races without the lock
  M3b: ['S1', 'S2', 'S7'], // the mapping survives ENTRY
  M4: ['S9', 'S8', 'S13'], // a woken device stays engaged and re-suspends
  M4b: ['S4', 'S4b', 'S6', 'S3'],
  M5: ['S4', 'S12', 'S3'],
  // The reference ENTRY gave away is never taken back: the final put underflows (S3),
  // or, with lspci holding and dropping a reference, the device starts suspending
  // under the close's teardown (S7).
  M6: ['S3', 'S4', 'S4b', 'S5', 'S7'],
  M6b: ['S7'],
  M7a: [DEADLOCK],
  // Resuming before the exit's get_noresume: a deadlock, or (when another holder keeps
  // the device ACTIVE so the resume returns) a suspend that starts under the teardown.
  M7b: [DEADLOCK, 'S7'],
  M7c: [DEADLOCK],
  M8: ['S7', 'S10'],
  M9: ['S10'],
  M10: ['L1', 'L4'], // a lost idle request
  M11: ['S8'],
  M13: ['S7'],
  M14: ['S13', 'L2'],
  M15: ['S10'],
  M17: ['S3', 'S4'],
  // v3 rows run on variant V3, whose ENTER sign bug (S12) may show first.
  V3_UNWIND_INCLUDES_FAILED: ['S3', 'S12'],
  V3_NO_UNWIND: ['S4b', 'S4', 'S12'],
  V3_IGNORE_GET_ERROR: ['S7', 'S12'],
  V3_GET_SYNC_NO_PUT_ON_ERROR: ['S4', 'S4b', 'S12'],
  V3_SRIOV_UNCONDITIONAL_PUT: ['S3', 'S4', 'S12'],
};
const VARIANT_FAMILY: Record<string, readonly string[]> = {
  RFC2: ['S12', 'S7', 'S4', 'S9', 'L2'], // rows R2-a..g
  RFC2_NO_KEEP_ACTIVE: ['S12', 'S7', 'S4', 'S9', 'L2'],
  V3: ['S12'], // ENTER from D0 returns +EINVAL
  V4: ['S7', 'S2', 'S10'], // EXIT outside the wrapper races a suspend: MMIO / a mapping across the power-down
};

const failedWith = (constants: Record<string, unknown>) => {
  const result = check(vfioPm, { constants });
  return result.verdict === 'deadlock' ? DEADLOCK : `${result.verdict}:${result.property}`;
};

for (const mutant of MUTANTS.filter((m) => m !== 'NONE' && m !== 'M16')) {
  test(`default constants + ${mutant} fails with a property of its family`, (t) => {
    const family = FAMILY[mutant];
    if (!family) return t.fail(`no expected family for ${mutant}: add one`);
    const found = failedWith({ mutant, ...(mutant.startsWith('V3_') ? { variant: 'V3' } : {}) });
    const property = found.split(':').at(-1)!;
    t.true(found !== 'ok:null' && family.includes(property), `${mutant}: ${found}, expected one of ${family.join(', ')}`);
  });
}

for (const [variant, family] of Object.entries(VARIANT_FAMILY)) {
  test(`default constants + variant ${variant} fails with a property of its family`, (t) => {
    const found = failedWith({ variant });
    t.true(family.includes(found.split(':').at(-1)!), `${variant}: ${found}, expected one of ${family.join(', ')}`);
  });
}
