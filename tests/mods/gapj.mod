TITLE gap junction half, through a POINTER to the other side's v
COMMENT
Written for nrncc's tests: the classic POINTER gap junction (one point
process on each side, each pointing at the other side's voltage).
ENDCOMMENT
NEURON {
    POINT_PROCESS GapJ
    POINTER vgap
    RANGE g, i
    NONSPECIFIC_CURRENT i
}
PARAMETER { g = 0.001 (uS) }
ASSIGNED {
    v (mV)
    vgap (mV)
    i (nA)
}
BREAKPOINT {
    i = g * (v - vgap)
}
