import test from 'ava';
import { replyProblem } from '../checker/cluster/reply-check.js';
import type { ControlReply } from '../checker/cluster/protocol.js';

const expansion = { shard: 1, sent: [0, 3, 1, 0], generated: 40, constrainedOut: 0, expanded: 8, bytes: 1024, successors: 40, crossShard: 20, records: 12, ms: 3, findings: [] };
const finding = { verdict: 'invariant', property: 'Safe', message: 'Invariant Safe is violated.', trace: { ordinal: 4096 * 7 + 1, successorIndex: 2 } };
const levelEnd = { shard: 2, newStates: 17, findings: [finding], snapshotBytes: 0, spilled: null };

const reply = (value: unknown) => value as ControlReply;

test('well-formed replies pass', (t) => {
  t.is(replyProblem(reply({ kind: 'expanded', shards: [expansion], satisfiedPossibles: ['P'] }), 3), null);
  t.is(replyProblem(reply({ kind: 'level-end', shards: [levelEnd], satisfiedPossibles: [] }), 3), null);
  t.is(replyProblem(reply({ kind: 'links', links: [{ parent: -1, successorIndex: 0 }] }), 3), null);
  t.is(replyProblem(reply({ kind: 'assigned' }), 3), null);
});

test('a malformed reply is named by its field', (t) => {
  t.is(replyProblem(reply({ kind: 'expanded', satisfiedPossibles: [] }), 3), 'reply.shards is not a list');
  t.is(replyProblem(reply({ kind: 'expanded', shards: [{ ...expansion, shard: 3 }], satisfiedPossibles: [] }), 3), 'shards[0].shard is not a shard of the run');
  t.is(replyProblem(reply({ kind: 'expanded', shards: [{ ...expansion, generated: -5 }], satisfiedPossibles: [] }), 3), 'shards[0].generated is not a count (-5)');
  t.is(replyProblem(reply({ kind: 'expanded', shards: [{ ...expansion, sent: [0, 'x'] }], satisfiedPossibles: [] }), 3), 'shards[0].sent.1 is not a count ("x")');
  t.is(replyProblem(reply({ kind: 'level-end', shards: [{ ...levelEnd, newStates: 1.5 }], satisfiedPossibles: [] }), 3), 'shards[0].newStates is not a count (1.5)');
  t.is(replyProblem(reply({ kind: 'level-end', shards: [{ ...levelEnd, findings: [{ ...finding, trace: { ordinal: 'x' } }] }], satisfiedPossibles: [] }), 3), 'shards[0].findings[0].trace.ordinal is not a state reference');
  t.is(replyProblem(reply({ kind: 'level-end', shards: [levelEnd], satisfiedPossibles: [7] }), 3), 'reply.satisfiedPossibles is not a list of names');
  t.is(replyProblem(reply({ kind: 'links', links: [null] }), 3), 'links[0] is not a record');
});
