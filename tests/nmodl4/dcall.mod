: A DERIVATIVE block called as a procedure (in INITIAL and in a PROCEDURE):
: nocmodl runs one cnexp step of dt each time (tests/nmodl4)
NEURON {
    SUFFIX dcall
    NONSPECIFIC_CURRENT i
    RANGE g, e, q, u
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.002 (S/cm2)
    e = -50 (mV)
    tq = 2 (ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    qinf
    q
}

STATE { u }

INITIAL {
    u = 0.9
    states()
    q = u
    steps()
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g*u*(v - e)
}

DERIVATIVE states {
    LOCAL k
    rates(v)
    k = 1/tq
    u' = (qinf - u)*k
}

PROCEDURE steps() {
    states()
    states()
}

PROCEDURE rates(vm (mV)) {
    qinf = 1/(1 + exp(-(vm + 40)/8))
}
