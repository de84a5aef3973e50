/* counter-grid for SPIN: N counters in 0..K-1, one guarded d_step per counter
 * incrementing it modulo K, so states and transitions match Vigil's model
 * (models/examples/counter-grid.ts) one for one. Written for N = 7. */
#ifndef K
#define K 8
#endif
#define N 7
#define INC(i) :: d_step { x[i] = (x[i] + 1) % K }

byte x[N];

active proctype grid() {
  do
  INC(0)
  INC(1)
  INC(2)
  INC(3)
  INC(4)
  INC(5)
  INC(6)
  od
}
