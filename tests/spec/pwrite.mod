: A leak whose RANGE PARAMETER gbar is doubled by INITIAL and halved by
: NET_RECEIVE, and whose e is written by a PROCEDURE: none may be folded
: (tests/spec/spec_tests.sh).
NEURON {
    POINT_PROCESS PWrite
    RANGE gbar, e, k, g
    NONSPECIFIC_CURRENT i
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) }
PARAMETER {
    gbar = 0.001 (uS)
    e = -70 (mV)
    k = 3
}
ASSIGNED { v (mV) i (nA) g (uS) }
INITIAL {
    gbar = gbar * 2
    sete(-60)
}
BREAKPOINT {
    g = gbar * k
    i = g * (v - e)
}
NET_RECEIVE(w) {
    gbar = gbar / 2
}
PROCEDURE sete(x (mV)) {
    e = x
}
