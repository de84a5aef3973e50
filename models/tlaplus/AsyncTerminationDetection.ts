// Translated from tlaplus/Examples: specifications/ewd998/AsyncTerminationDetection.tla
// (model AsyncTerminationDetection.cfg: N = 4, CONSTRAINT StateConstraint, invariants
// TypeOK and Safe; its temporal properties Quiescence and Live are not translated).
//
// The abstract termination-detection problem on N nodes exchanging messages
// asynchronously: termination may be detected only once every node is inactive and
// no message is pending.
import { c, defineSpec, model, range, t } from '../../spec/index.js';

/** StateConstraint's bound on the messages pending at one node. */
const MAX_PENDING = 3;

export default defineSpec({
  name: 'tlaplus/AsyncTerminationDetection',
  description: 'Termination detection in a ring with asynchronous messages (TLA+ AsyncTerminationDetection)',
  constants: { N: c.int(4, { min: 1, max: 8, description: 'number of nodes 0..N-1' }) },
  build: ({ N }) => {
    const Node = range(0, N - 1);
    type S = { active: Record<number, boolean>; pending: Record<number, number>; terminationDetected: boolean };

    const terminated = (s: S) => Node.every((n) => !s.active[n] && s.pending[n] === 0);

    return (
      model({
        active: t.map(Node, t.bool()),
        // pending is unbounded in TLA+. The type must still hold the successors that
        // StateConstraint discards (one message more than its bound), since a state is
        // encoded before the constraint is checked.
        pending: t.map(Node, t.int(0, MAX_PENDING + 1)),
        terminationDetected: t.bool(),
      })
        .assume('NAssumption', () => N >= 1)
        // Init: any activity, no pending message, and terminationDetected \in {FALSE, terminated}.
        .initialWhere((s) => Node.every((n) => s.pending[n] === 0) && (!s.terminationDetected || terminated(s)))
        .action<{ i: number }>('RcvMsg', { params: { i: Node }, when: (s, { i }) => s.pending[i]! > 0 }, (n, { i }, s) => {
          n.active[i] = true;
          n.pending[i] = s.pending[i]! - 1;
        })
        // terminationDetected' \in {terminationDetected, terminated'}: one successor per
        // distinct member of that set, so a candidate value is kept only if it is a member.
        .action<{ i: number; detected: boolean }>(
          'Terminate',
          { params: { i: Node, detected: [false, true] }, when: (s, { i }) => s.active[i]! },
          (n, { i, detected }, s) => {
            n.active[i] = false;
            if (detected !== s.terminationDetected && detected !== terminated(n)) return false;
            n.terminationDetected = detected;
          },
        )
        .action<{ i: number; j: number }>('SendMsg', { params: { i: Node, j: Node }, when: (s, { i }) => s.active[i]! }, (n, { j }, s) => {
          n.pending[j] = s.pending[j]! + 1;
        })
        .action('DetectTermination', { when: terminated }, (n) => {
          n.terminationDetected = true;
        })
        .constraint('StateConstraint', (s) => Node.every((n) => s.pending[n]! <= MAX_PENDING))
        .invariant(
          'TypeOK',
          (s) => Node.every((n) => typeof s.active[n] === 'boolean' && Number.isInteger(s.pending[n]) && s.pending[n]! >= 0) && typeof s.terminationDetected === 'boolean',
          'active is boolean, pending a natural number at every node',
        )
        .invariant('Safe', (s) => !s.terminationDetected || terminated(s), 'termination is detected only once the nodes have terminated')
    );
  },
});
