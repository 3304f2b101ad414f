: Reaction rates written "kf*a + kc" and "kb - 0.01*a": nocmodl writes a
: flux as the rate's text followed by "*c", so kf*a + kc*c and
: kb - 0.01*a*o, while the Jacobian has the whole rates (tests/nmodl4)
NEURON {
    SUFFIX kquirk
    NONSPECIFIC_CURRENT i
    RANGE g, e
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.002 (S/cm2)
    e = -30 (mV)
    kf = 0.3 (/ms)
    kc = 0.05 (/ms)
    kb = 0.2 (/ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

STATE { c o }

INITIAL {
    c = 0.7
    o = 0.3
}

BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = g*o*(v - e)
}

KINETIC scheme {
    LOCAL a
    a = exp((v + 65)/25)
    ~ c <-> o (kf*a + kc, kb - 0.01*a)
}
