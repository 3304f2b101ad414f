: SOLVE of a KINETIC block in INITIAL: a STEADYSTATE inside a FROM loop,
: then METHOD sparse, which nocmodl makes one sparse step of dt there, and
: in a PROCEDURE INITIAL calls (tests/nmodl4)
NEURON {
    SUFFIX kinit
    NONSPECIFIC_CURRENT i
    RANGE g, e, kf, oinit
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.003 (S/cm2)
    e = -40 (mV)
    kf = 0.4 (/ms)
    kb = 0.1 (/ms)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    boost (/ms)
    oinit
}

STATE { c o d }

INITIAL {
    boost = 3
    FROM j = 1 TO 2 {
        SOLVE scheme STEADYSTATE sparse
    }
    boost = 0
    c = c + 0.1
    SOLVE scheme METHOD sparse
    oinit = o
    step1()
}

PROCEDURE step1() {
    SOLVE scheme METHOD sparse
}

BREAKPOINT {
    SOLVE scheme METHOD sparse
    i = g*o*(v - e)
}

KINETIC scheme {
    LOCAL a
    a = exp((v + 60)/20)
    ~ c <-> o ((kf*a + boost), kb)
    ~ o <-> d (0.2*a, 0.05)
    CONSERVE c + o + d = 1
}
