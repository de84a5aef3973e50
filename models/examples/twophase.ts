// The two-phase commit protocol of Gray and Lamport, as in the TLA+ example
// specifications/transaction_commit/TwoPhase.tla, with RM given as a count.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

type Message = { type: 'Prepared'; rm: number } | { type: 'Commit' } | { type: 'Abort' };

export default defineSpec({
  name: 'twophase',
  description: 'Two-phase commit (TLA+ TwoPhase) with RM resource managers',
  constants: { RM: c.int(3, { min: 1, max: 12, description: 'number of resource managers' }) },
  build: ({ RM }) => {
    // Resource managers are 1..RM; prepared[r] is the message [type |-> "Prepared", rm |-> r].
    const rms = range(1, RM);
    const prepared: Message[] = [];
    for (const rm of rms) prepared[rm] = { type: 'Prepared', rm };
    const commit: Message = { type: 'Commit' };
    const abort: Message = { type: 'Abort' };
    const rmStates = ['working', 'prepared', 'committed', 'aborted'] as const;

    const RMSet = t.set(rms);
    const MessageSet = t.set<Message>([...rms.map((r) => prepared[r]!), commit, abort]);

    return model({
      rmState: t.map(rms, t.enum(...rmStates)),
      tmState: t.enum('init', 'committed', 'aborted'),
      tmPrepared: RMSet,
      msgs: MessageSet,
    })
      .initial(() => ({
        rmState: Object.fromEntries(rms.map((r) => [r, 'working' as const])),
        tmState: 'init' as const,
        tmPrepared: RMSet.empty(),
        msgs: MessageSet.empty(),
      }))
      .action('TMCommit', { when: (s) => s.tmState === 'init' && s.tmPrepared.size === RM }, (n) => {
        n.tmState = 'committed';
        n.msgs.add(commit);
      })
      .action('TMAbort', { when: (s) => s.tmState === 'init' }, (n) => {
        n.tmState = 'aborted';
        n.msgs.add(abort);
      })
      .action<{ r: number }>('TMRcvPrepared', { params: { r: rms }, when: (s, { r }) => s.tmState === 'init' && s.msgs.has(prepared[r]!) }, (n, { r }) => {
        n.tmPrepared.add(r);
      })
      .action<{ r: number }>('RMPrepare', { params: { r: rms }, when: (s, { r }) => s.rmState[r] === 'working' }, (n, { r }) => {
        n.rmState[r] = 'prepared';
        n.msgs.add(prepared[r]!);
      })
      .action<{ r: number }>('RMChooseToAbort', { params: { r: rms }, when: (s, { r }) => s.rmState[r] === 'working' }, (n, { r }) => {
        n.rmState[r] = 'aborted';
      })
      .action<{ r: number }>('RMRcvCommitMsg', { params: { r: rms }, when: (s) => s.msgs.has(commit) }, (n, { r }) => {
        n.rmState[r] = 'committed';
      })
      .action<{ r: number }>('RMRcvAbortMsg', { params: { r: rms }, when: (s) => s.msgs.has(abort) }, (n, { r }) => {
        n.rmState[r] = 'aborted';
      })
      .invariant('TPTypeOK', (s) => s.tmPrepared.every((r) => rms.includes(r)), 'tmPrepared holds resource managers only')
      .invariant(
        'TCConsistent',
        (s) => !(rms.some((r) => s.rmState[r] === 'aborted') && rms.some((r) => s.rmState[r] === 'committed')),
        'no resource manager commits while another aborts',
      );
  },
});

