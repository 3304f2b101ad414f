: LAG, which nocmodl 8.2.2 accepts and nrncc refuses.
NEURON { SUFFIX lagz  RANGE y, d }
PARAMETER { d = 1 (ms) }
ASSIGNED { v (mV)  y }
BREAKPOINT {
    LAG v BY d
    y = lag_v_d
}
