TITLE casyn: a calcium shell whose cai is set by assignment from its STATE (a test mechanism)
: nrncc's test of CVODE's synonym: cai is not a STATE but the DERIVATIVE
: block assigns it from one (cai = 2 ca), which NEURON's CVode evaluates
: into the ion whenever the unknowns go into the model.
NEURON {
    SUFFIX casyn
    USEION ca READ ica WRITE cai
    RANGE tau, cainf, depth, ca
}
UNITS {
    (mM) = (milli/liter)
    (mA) = (milliamp)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}
PARAMETER { tau = 4 (ms) cainf = 5e-5 (mM) depth = 0.2 (um) }
ASSIGNED { cai (mM) ica (mA/cm2) }
STATE { ca (mM) }
INITIAL { ca = cainf / 2  cai = 2 * ca }
BREAKPOINT { SOLVE shell METHOD cnexp }
DERIVATIVE shell {
    cai = 2 * ca
    ca' = -ica * 10000 / (4 * FARADAY * depth) - (ca - cainf / 2) / tau
}
