// Translated from tlaplus/Examples: specifications/transaction_commit/TwoPhase.tla
// (model TwoPhase.cfg: RM = {r1, r2, r3}, invariant TPTypeOK, deadlock checked).
//
// Two-phase commit: a transaction manager (TM) collects "Prepared" messages from
// the resource managers (RMs) and broadcasts Commit or Abort. msgs only grows: a
// message is received by being present, so receiving it twice is allowed.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

type Message = { type: 'Prepared'; rm: string } | { type: 'Commit' } | { type: 'Abort' };

const RM_STATES = ['working', 'prepared', 'committed', 'aborted'] as const;
const TM_STATES = ['init', 'committed', 'aborted'] as const;

export default defineSpec({
  name: 'tlaplus/TwoPhase',
  description: 'Two-phase commit (TLA+ TwoPhase)',
  constants: { RM: c.int(3, { min: 1, max: 12, description: 'number of resource managers r1..rRM' }) },
  build: ({ RM }) => twoPhase(range(1, RM).map((i) => `r${i}`)),
});

/** The model over the given resource managers (also used with RM as model values, MCTwoPhaseSym). */
export function twoPhase(rms: readonly string[]) {
  // The set Message, built once so that actions add these very objects.
  const prepared = new Map(rms.map((rm) => [rm, { type: 'Prepared', rm } as Message]));
  const commit: Message = { type: 'Commit' };
  const abort: Message = { type: 'Abort' };
  const messages = [...prepared.values(), commit, abort];

  const RMSet = t.set(rms);
  const MessageSet = t.set(messages);

  return model({
    rmState: t.map(rms, t.enum(...RM_STATES)),
    tmState: t.enum(...TM_STATES),
    tmPrepared: RMSet,
    msgs: MessageSet,
  })
    .initial(() => ({
      rmState: Object.fromEntries(rms.map((rm) => [rm, 'working' as const])),
      tmState: 'init' as const,
      tmPrepared: RMSet.empty(),
      msgs: MessageSet.empty(),
    }))
    // Actions in TPNext's order: the TM's, then each RM's.
    .action('TMCommit', { when: (s) => s.tmState === 'init' && s.tmPrepared.size === rms.length }, (n) => {
      n.tmState = 'committed';
      n.msgs.add(commit);
    })
    .action('TMAbort', { when: (s) => s.tmState === 'init' }, (n) => {
      n.tmState = 'aborted';
      n.msgs.add(abort);
    })
    .action<{ rm: string }>(
      'TMRcvPrepared',
      { params: { rm: rms }, when: (s, { rm }) => s.tmState === 'init' && s.msgs.has(prepared.get(rm)!) },
      (n, { rm }) => {
        n.tmPrepared.add(rm);
      },
    )
    .action<{ rm: string }>('RMPrepare', { params: { rm: rms }, when: (s, { rm }) => s.rmState[rm] === 'working' }, (n, { rm }) => {
      n.rmState[rm] = 'prepared';
      n.msgs.add(prepared.get(rm)!);
    })
    .action<{ rm: string }>('RMChooseToAbort', { params: { rm: rms }, when: (s, { rm }) => s.rmState[rm] === 'working' }, (n, { rm }) => {
      n.rmState[rm] = 'aborted';
    })
    .action<{ rm: string }>('RMRcvCommitMsg', { params: { rm: rms }, when: (s) => s.msgs.has(commit) }, (n, { rm }) => {
      n.rmState[rm] = 'committed';
    })
    .action<{ rm: string }>('RMRcvAbortMsg', { params: { rm: rms }, when: (s) => s.msgs.has(abort) }, (n, { rm }) => {
      n.rmState[rm] = 'aborted';
    })
    .invariant(
      'TPTypeOK',
      (s) =>
        rms.every((rm) => RM_STATES.includes(s.rmState[rm]!)) &&
        TM_STATES.includes(s.tmState) &&
        s.tmPrepared.toArray().every((rm) => rms.includes(rm)) &&
        s.msgs.toArray().every((m) => messages.includes(m)),
      'every variable has its declared type',
    );
}
