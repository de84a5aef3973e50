// Translated from tlaplus/Examples at commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9:
// specifications/SpecifyingSystems/TLC/AlternatingBit.tla as checked by
// MCAlternatingBit.tla (model MCAlternatingBit.cfg: Data = {d1, d2}, msgQLen = 2,
// ackQLen = 2, SPECIFICATION ABSpec, INVARIANT ABTypeInv, CONSTRAINT SeqConstraint,
// deadlock checked). ABFairness and SentLeadsToRcvd are translated too (the
// refinement ABCSpec is not); their TLA+ text is at the end of the file.
//
// The alternating bit protocol over two lossy FIFO queues: the sender tags each new
// value with a flipped bit and resends it until the matching acknowledgement comes
// back; the receiver acknowledges the bit it last received. Data values are the
// model values d1..dN, represented by their names.
import { c, defineSpec, leadsTo, model, range, t } from '../../spec/index.js';

type Bit = 0 | 1;
type Msg = [Bit, string];
type State = { msgQ: Msg[]; ackQ: Bit[]; sBit: Bit; sAck: Bit; rBit: Bit; sent: string; rcvd: string };

/** Lose(q) for one i: q' is q without its i-th element (1-based). */
const Lose = <E>(q: readonly E[], i: number): E[] => q.filter((_, j) => j !== i - 1);

export default defineSpec({
  name: 'tlaplus/AlternatingBit',
  description: 'The alternating bit protocol (TLA+ AlternatingBit via MCAlternatingBit, Specifying Systems ch. 14)',
  constants: {
    Data: c.int(2, { min: 1, max: 8, description: 'number of data values d1..dN' }),
    msgQLen: c.int(2, { min: 0, max: 8, description: 'SeqConstraint: longest message queue explored' }),
    ackQLen: c.int(2, { min: 0, max: 8, description: 'SeqConstraint: longest acknowledgement queue explored' }),
    spec: c.enum(['ABSpec', 'ABSpecWF'], 'ABSpec', 'SPECIFICATION: ABSpec (SF on RcvMsg and RcvAck) or ABSpecWF (WF on RcvMsg, L12)'),
    properties: c.enum(['none', 'SentLeadsToRcvd'], 'none', "the cfg's PROPERTIES (ABCSpec, a refinement, is not supported)"),
  },
  build: ({ Data: dataCount, msgQLen, ackQLen, spec: specName, properties }) => {
    const Data = range(1, dataCount).map((i) => `d${i}`);
    const Bits: Bit[] = [0, 1];
    // The queues are unbounded in TLA+. Their types must still hold the successors
    // that SeqConstraint discards (one element over its bound), since a state is
    // encoded before the constraint is checked.
    const msgQMaxLength = msgQLen + 1;
    const ackQMaxLength = ackQLen + 1;

    /**
     * Lose's `\E i \in 1..Len(q)`: one instance per position up to the type's length, so
     * losing either of two equal messages is generated twice, as TLC does.
     */
    const positions = (maxLength: number) => range(1, maxLength);

    const spec = (
      model({
        msgQ: t.seq(t.tuple(t.oneOf(Bits), t.oneOf(Data)), msgQMaxLength),
        ackQ: t.seq(t.oneOf(Bits), ackQMaxLength),
        sBit: t.oneOf(Bits),
        sAck: t.oneOf(Bits),
        rBit: t.oneOf(Bits),
        sent: t.oneOf(Data),
        rcvd: t.oneOf(Data),
      })
        // ABInit: empty queues, all bits equal, any sent and rcvd.
        .initial(() =>
          Bits.flatMap((sBit) =>
            Data.flatMap((sent) => Data.map((rcvd): State => ({ msgQ: [], ackQ: [], sBit, sAck: sBit, rBit: sBit, sent, rcvd }))),
          ),
        )
        // ABNext, in order.
        .action<{ d: string }>('SndNewValue', { params: { d: Data }, when: (s) => s.sAck === s.sBit }, (n, { d }, s) => {
          n.sent = d;
          n.sBit = (1 - s.sBit) as Bit;
          n.msgQ = [...s.msgQ.map(copyMsg), [n.sBit, d]];
        })
        .action('ReSndMsg', { when: (s) => s.sAck !== s.sBit }, (n, _, s) => {
          n.msgQ = [...s.msgQ.map(copyMsg), [s.sBit, s.sent]];
        })
        .action('RcvMsg', { when: (s) => s.msgQ.length > 0 }, (n, _, s) => {
          const [bit, d] = s.msgQ[0]!;
          n.msgQ = s.msgQ.slice(1).map(copyMsg);
          n.rBit = bit;
          n.rcvd = d;
        })
        .action('SndAck', (n, _, s) => {
          n.ackQ = [...s.ackQ, s.rBit];
        })
        .action('RcvAck', { when: (s) => s.ackQ.length > 0 }, (n, _, s) => {
          n.ackQ = s.ackQ.slice(1);
          n.sAck = s.ackQ[0]!;
        })
        .action<{ i: number }>(
          'LoseMsg',
          { params: { i: positions(msgQMaxLength) }, when: (s, { i }) => i <= s.msgQ.length },
          (n, { i }, s) => void (n.msgQ = Lose(s.msgQ, i).map(copyMsg)),
        )
        .action<{ i: number }>(
          'LoseAck',
          { params: { i: positions(ackQMaxLength) }, when: (s, { i }) => i <= s.ackQ.length },
          (n, { i }, s) => void (n.ackQ = Lose(s.ackQ, i)),
        )
        .constraint('SeqConstraint', (s) => s.msgQ.length <= msgQLen && s.ackQ.length <= ackQLen)
        .invariant(
          'ABTypeInv',
          (s) =>
            s.msgQ.every(([bit, d]) => Bits.includes(bit) && Data.includes(d)) &&
            s.ackQ.every((bit) => Bits.includes(bit)) &&
            [s.sBit, s.sAck, s.rBit].every((bit) => Bits.includes(bit)) &&
            Data.includes(s.sent) &&
            Data.includes(s.rcvd),
          'the queues hold bits and <<bit, data>> pairs; bits are 0 or 1; sent and rcvd are data',
        )
    );
    // ABFairness == WF(ReSndMsg) /\ WF(SndAck) /\ SF(RcvMsg) /\ SF(RcvAck); ABSpecWF (L12) weakens SF(RcvMsg) to WF.
    spec.fairness('WF', { action: 'ReSndMsg' }).fairness('WF', { action: 'SndAck' });
    spec.fairness(specName === 'ABSpecWF' ? 'WF' : 'SF', { action: 'RcvMsg' }).fairness('SF', { action: 'RcvAck' });
    // SentLeadsToRcvd == \A d \in Data : (sent = d) /\ (sBit # sAck) ~> (rcvd = d). ABCSpec (refinement) is not checked.
    if (properties === 'SentLeadsToRcvd') {
      spec.temporal('SentLeadsToRcvd', { forEach: Data }, (d) => leadsTo((s: Readonly<State>) => s.sent === d && s.sBit !== s.sAck, (s: Readonly<State>) => s.rcvd === d));
    }
    return spec;
  },
});

/** A fresh <<bit, data>> pair, so the next state never shares an array with the current one. */
function copyMsg(m: Readonly<Msg>): Msg {
  return [m[0], m[1]];
}

// ---------------------------------------------------------------------------
// Temporal properties and fairness
//
// The TLA+ that the declarations above translate (abvars ==
// <<msgQ, ackQ, sBit, sAck, rBit, sent, rcvd>>):
//
//   ABFairness == /\ WF_abvars(ReSndMsg) /\ WF_abvars(SndAck)
//                 /\ SF_abvars(RcvMsg) /\ SF_abvars(RcvAck)
//   ABSpec     == ABInit /\ [][ABNext]_abvars /\ ABFairness
//   ABSpecWF   == ABInit /\ [][ABNext]_abvars          \* new MCAlternatingBitWF.tla (L12)
//                 /\ WF_abvars(ReSndMsg) /\ WF_abvars(SndAck)
//                 /\ WF_abvars(RcvMsg) /\ SF_abvars(RcvAck)
//   In Vigil: ReSndMsg, SndAck, RcvMsg and RcvAck are the actions of those names.
//
//   SentLeadsToRcvd == \A d \in Data : (sent = d) /\ (sBit # sAck) ~> (rcvd = d)
//   ABCSpec (INSTANCE ABCorrectness: a refinement, with cvars == <<sBit, sAck, rBit, sent, rcvd>>):
//     ABCInit == /\ sBit \in {0, 1} /\ sAck = sBit /\ rBit = sBit /\ sent \in Data /\ rcvd \in Data
//     CSndNewValue(d) == /\ sAck = sBit /\ sent' = d /\ sBit' = 1 - sBit
//                        /\ UNCHANGED <<sAck, rBit, rcvd>>
//     CRcvMsg == /\ rBit # sBit /\ rBit' = sBit /\ rcvd' = sent /\ UNCHANGED <<sBit, sAck, sent>>
//     CRcvAck == /\ rBit # sAck /\ sAck' = rBit /\ UNCHANGED <<sBit, rBit, sent, rcvd>>
//     ABCNext == (\E d \in Data : CSndNewValue(d)) \/ CRcvMsg \/ CRcvAck
//     ABCSpec == ABCInit /\ [][ABCNext]_cvars /\ WF_cvars(CRcvMsg) /\ WF_cvars(CRcvAck)
//
//   All rows: Data = {d1, d2}, msgQLen = 2, ackQLen = 2, INVARIANT ABTypeInv,
//   CONSTRAINT SeqConstraint (TLC warns: constraints during liveness checking).
//   L11 (MCAlternatingBit.cfg): SPECIFICATION ABSpec, PROPERTIES ABCSpec SentLeadsToRcvd
//       TLC: ok, 240 / 1,392 / 10 (also ok with PROPERTIES SentLeadsToRcvd alone)
//   L12 (new MCAlternatingBitWF.cfg): SPECIFICATION ABSpecWF, PROPERTIES SentLeadsToRcvd
//       TLC: violated (13), 240 / 1,392; lasso 10 states, back to 3 (<ReSndMsg>)
//
// SYMMETRY (added by the symmetry work)
//
//   DataPerm == Permutations(Data)      \* new MCAlternatingBitSym.tla, EXTENDS TLC
//   S5: as L11 plus SYMMETRY DataPerm   TLC: ok, 120 / 700 / 10 (initial states:
//       8 generated, 4 distinct); without SYMMETRY 240 / 1,392 / 10
// ---------------------------------------------------------------------------
