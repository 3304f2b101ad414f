: A top-level LOCAL named as an ASSIGNED declared before it: nocmodl's
: LOCAL hides the ASSIGNED from there on; nothing after it uses the name,
: so the BREAKPOINT before it uses the ASSIGNED (tests/nmodl4)
NEURON {
    SUFFIX tophide
    NONSPECIFIC_CURRENT i
    RANGE g, k1
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    g = 0.001 (S/cm2)
}

ASSIGNED {
    v (mV)
    i (mA/cm2)
    k1
}

BREAKPOINT {
    k1 = 1 + exp(-(v + 50)/10)
    i = g*k1*(v + 30)
}

LOCAL k1, unused
