: A leak whose RANGE PARAMETER gbar is doubled by INITIAL and halved by
: NET_RECEIVE, and whose e is written by a PROCEDURE: none may be folded
: (tests/spec/spec_tests.sh); s is a local, q a field.
NEURON {
    POINT_PROCESS PWrite
    RANGE gbar, e, k, g, s, q
    NONSPECIFIC_CURRENT i
}
UNITS { (mV) = (millivolt) (nA) = (nanoamp) (uS) = (microsiemens) }
PARAMETER {
    gbar = 0.001 (uS)
    e = -70 (mV)
    k = 3
}
ASSIGNED { v (mV) i (nA) g (uS) s q }
INITIAL {
    gbar = gbar * 2
    sete(-60)
}
BREAKPOINT {
    : s is assigned on every path before it is read (a local); q only
    : when v > -40, and kept from step to step otherwise (a field)
    if (v > -60) {
        s = 1
    } else {
        s = 0.5
    }
    if (v > -40) {
        q = q + 1
    }
    g = gbar * k * s
    i = g * (v - e) * (1 + q * 1e-3)
}
NET_RECEIVE(w) {
    gbar = gbar / 2
}
PROCEDURE sete(x (mV)) {
    e = x
}
