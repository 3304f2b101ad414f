TITLE IFERROR after runge: its error is 0, the block never runs
NEURON {
    SUFFIX iferrr
    RANGE n
}
ASSIGNED { v (mV)  n }
STATE { z }
INITIAL { z = 0.3  n = 7 }
BREAKPOINT {
    SOLVE dz METHOD runge IFERROR { n = n + 1 }
}
DERIVATIVE dz { z' = -z * 0.2 }
