: A KINETIC scheme whose Newton iteration does not converge: the rates of
: kquirk.mod ("kf*a + kc" unparenthesized) with a STEADYSTATE in INITIAL.
: NEURON's INITIAL and state update ignore sparse's error and go on from
: the last iterate; nrncc does the same and warns (tests/nmodl4)
NEURON {
    SUFFIX knc
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
    vs = 25 (mV)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

STATE { c o }

INITIAL {
    c = 0.7
    o = 0.3
    SOLVE scheme STEADYSTATE sparse
}

BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = g*o*(v - e)
}

KINETIC scheme {
    LOCAL a
    a = exp((v + 65)/vs)
    ~ c <-> o (kf*a + kc, kb - 0.01*a)
}
