: Gives ion cl its valence, and changes its inside concentration, so that
: ecl (computed with the valence) moves (tests/nmodl4)
NEURON {
    SUFFIX clval
    USEION cl READ icl WRITE cli VALENCE -1
    RANGE depth
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    depth = 0.1 (um)
}

ASSIGNED {
    icl (mA/cm2)
}

STATE { cli (mM) }

INITIAL {
    cli = 8
}

BREAKPOINT {
    SOLVE conc METHOD cnexp
}

DERIVATIVE conc {
    cli' = icl*(1e4)/(depth*FARADAY)
}
