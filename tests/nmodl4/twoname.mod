: Two names in the NEURON block: nocmodl keeps the last, and the
: POINT_PROCESS seen first keeps it a point process (tests/nmodl4)
NEURON {
    POINT_PROCESS TwoFirst
    SUFFIX twolast
    NONSPECIFIC_CURRENT i
    RANGE g, e
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    g = 0.004 (uS)
    e = -20 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
}

BREAKPOINT {
    i = g*(v - e)
}
