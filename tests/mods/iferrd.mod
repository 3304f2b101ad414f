TITLE IFERROR after derivimplicit, and after runge (which never fails)
NEURON {
    SUFFIX iferrd
    RANGE n, x
}
ASSIGNED { v (mV)  n  x }
STATE { w }
INITIAL { w = 0.1 }
BREAKPOINT {
    SOLVE dw METHOD derivimplicit IFERROR { n = n + 1  x = w * 2 }
}
DERIVATIVE dw { w' = (v + 65) * 0.01 - w * w }
