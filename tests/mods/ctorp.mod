TITLE CONSTRUCTOR and DESTRUCTOR of a point process
COMMENT
Written for nrncc's tests: the CONSTRUCTOR runs as NEURON makes the
instance (its PARAMETERs at their defaults, other variables 0, v too),
before the model's values; it sets a PARAMETER the model may set again,
an ASSIGNED the INITIAL block reads, and a GLOBAL.  The DESTRUCTOR prints
as the program ends.
ENDCOMMENT
NEURON {
    POINT_PROCESS CtorSyn
    RANGE gmax, tau, e, base, seen, i
    GLOBAL made
    NONSPECIFIC_CURRENT i
}
PARAMETER {
    gmax = 0.002 (uS)
    tau = 4 (ms)
    e = 0 (mV)
}
ASSIGNED {
    v (mV)
    i (nA)
    base
    seen
    made
}
STATE { g (uS) }
CONSTRUCTOR {
    made = made + 1
    seen = v + 10 * made
    base = scaled(gmax)
    tau = tau + 1
}
DESTRUCTOR {
    printf("CtorSyn: base %g seen %g\n", base, seen)
}
FUNCTION scaled(x) {
    scaled = 3 * x + 0.001
}
INITIAL {
    g = base
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g * (v - e)
}
DERIVATIVE states {
    g' = -g / tau
}
