/* counter-grid for SPIN with N = 8 (see countergrid.pml). */
#ifndef K
#define K 8
#endif
#define N 8
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
  INC(7)
  od
}
