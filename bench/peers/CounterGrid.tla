---- MODULE CounterGrid ----
\* Vigil benchmark peer: N counters in 0..K-1, one action per counter
\* incrementing it modulo K (the same state space as Vigil's counter-grid).
EXTENDS Naturals
CONSTANTS N, K
VARIABLE x

Init == x = [i \in 1..N |-> 0]
Inc(i) == x' = [x EXCEPT ![i] = (x[i] + 1) % K]
Next == \E i \in 1..N : Inc(i)
TypeOK == x \in [1..N -> 0..K-1]
====
