TITLE catol: casyn with an absolute tolerance scale on its STATE (a test mechanism)
: nrncc's test of a STATE's declared tolerance under CVODE: ca <1e-4> scales
: CVODE's absolute tolerance for ca (NEURON's nocmodl: the state tolerance
: table).  Otherwise casyn (cai = 2 ca assigned in the DERIVATIVE block).
NEURON {
    SUFFIX catol
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
STATE { ca (mM) <1e-4> }
INITIAL { ca = cainf / 2  cai = 2 * ca }
BREAKPOINT { SOLVE shell METHOD cnexp }
DERIVATIVE shell {
    cai = 2 * ca
    ca' = -ica * 10000 / (4 * FARADAY * depth) - (ca - cainf / 2) / tau
}
