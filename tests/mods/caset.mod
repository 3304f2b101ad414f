TITLE caset: sets cai from a parameter in the BREAKPOINT (a test mechanism)
: nrncc's test of a written concentration that is not a STATE, which
: CVODE refuses.
NEURON {
    SUFFIX caset
    USEION ca WRITE cai
    NONSPECIFIC_CURRENT i
    RANGE c
}
UNITS { (mM) = (milli/liter) (mA) = (milliamp) }
PARAMETER { c = 1e-4 (mM) }
ASSIGNED { cai (mM) i (mA/cm2) }
BREAKPOINT { cai = c  i = 0 }
