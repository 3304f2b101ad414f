: USEION cl without VALENCE: NEURON takes the valence another mechanism
: gives (clval.mod), and refuses to load when none does (tests/nmodl4)
NEURON {
    SUFFIX clnov
    USEION cl READ ecl WRITE icl
    RANGE g
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
    ecl (mV)
    icl (mA/cm2)
}

BREAKPOINT {
    icl = g*(v - ecl)
}
