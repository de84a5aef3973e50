// Translated from tlaplus/Examples: specifications/transaction_commit/TCommit.tla
// (model TCommit.cfg: RM = {r1, r2, r3}, CHECK_DEADLOCK FALSE).
//
// The abstract transaction-commit protocol: each resource manager prepares and then
// decides to commit or abort, and no two managers may reach conflicting decisions.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
type RmState = (typeof RM_STATES)[number];

export default defineSpec({
  name: 'tlaplus/TCommit',
  description: 'Transaction commit, the abstract spec (TLA+ TCommit)',
  constants: { RM: c.int(3, { min: 1, max: 12, description: 'number of resource managers r1..rRM' }) },
  build: ({ RM }) => {
    const rms = range(1, RM).map((i) => `r${i}`);
    type S = { rmState: Record<string, RmState> };

    const canCommit = (s: S) => rms.every((rm) => s.rmState[rm] === 'prepared' || s.rmState[rm] === 'committed');
    const notCommitted = (s: S) => rms.every((rm) => s.rmState[rm] !== 'committed');

    return (
      model({ rmState: t.map(rms, t.enum(...RM_STATES)) })
        .initial(() => ({ rmState: Object.fromEntries(rms.map((rm) => [rm, 'working' as const])) }))
        .action<{ rm: string }>('Prepare', { params: { rm: rms }, when: (s, { rm }) => s.rmState[rm] === 'working' }, (n, { rm }) => {
          n.rmState[rm] = 'prepared';
        })
        // Decide is a disjunction of two cases that can both be enabled (a prepared
        // manager while nobody has committed yet), so each case is its own instance.
        .action<{ rm: string; decision: 'committed' | 'aborted' }>(
          'Decide',
          {
            params: { rm: rms, decision: ['committed', 'aborted'] },
            when: (s, { rm, decision }) =>
              decision === 'committed'
                ? s.rmState[rm] === 'prepared' && canCommit(s)
                : (s.rmState[rm] === 'working' || s.rmState[rm] === 'prepared') && notCommitted(s),
          },
          (n, { rm, decision }) => {
            n.rmState[rm] = decision;
          },
        )
        .invariant('TCTypeOK', (s) => rms.every((rm) => RM_STATES.includes(s.rmState[rm]!)), 'rmState maps every RM to one of its four states')
        .invariant(
          'TCConsistent',
          (s) => !rms.some((rm1) => s.rmState[rm1] === 'aborted' && rms.some((rm2) => s.rmState[rm2] === 'committed')),
          'no RM has aborted while another has committed',
        )
        .deadlock(false)
    );
  },
});
