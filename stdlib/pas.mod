TITLE pas: passive membrane (a leak conductance)

COMMENT
A linear leak, i = g*(v - e), as NEURON's built-in 'pas'.  Written for
nrncc's standard library.
ENDCOMMENT

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

NEURON {
    SUFFIX pas
    NONSPECIFIC_CURRENT i
    RANGE g, e
    THREADSAFE
}

PARAMETER {
    g = .001 (S/cm2) <0, 1e9>   : conductance
    e = -70 (mV)                : reversal potential
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
}

BREAKPOINT {
    i = g*(v - e)
}
