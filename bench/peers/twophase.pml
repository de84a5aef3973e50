/* Two-phase commit (TLA+ TwoPhase) for SPIN with RM = 7: one guarded d_step per
 * action instance, in the same state space as Vigil's models/examples/twophase.ts.
 * rmState: 0 working, 1 prepared, 2 committed, 3 aborted.
 * tmState: 0 init, 1 committed, 2 aborted.
 * tmPrepared and the Prepared messages are bit sets over the RMs. */
#define RM 7
#define ALL ((1 << RM) - 1)

byte rmState[RM];
byte tmState;
short tmPrepared;
short prepMsgs;
bit commitMsg;
bit abortMsg;

#define RMACTIONS(r) \
  :: d_step { tmState == 0 && (prepMsgs & (1 << r)) -> tmPrepared = tmPrepared | (1 << r) } \
  :: d_step { rmState[r] == 0 -> rmState[r] = 1; prepMsgs = prepMsgs | (1 << r) } \
  :: d_step { rmState[r] == 0 -> rmState[r] = 3 } \
  :: d_step { commitMsg -> rmState[r] = 2 } \
  :: d_step { abortMsg -> rmState[r] = 3 }

active proctype twophase() {
  do
  :: d_step { tmState == 0 && tmPrepared == ALL -> tmState = 1; commitMsg = 1 }
  :: d_step { tmState == 0 -> tmState = 2; abortMsg = 1 }
  RMACTIONS(0)
  RMACTIONS(1)
  RMACTIONS(2)
  RMACTIONS(3)
  RMACTIONS(4)
  RMACTIONS(5)
  RMACTIONS(6)
  od
}
