: calcium accumulation from the segment's ica (for ppca's test)
NEURON {
    SUFFIX cacc
    USEION ca READ ica WRITE cai
    RANGE depth, taur
}
UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}
PARAMETER { depth = 0.5 (um)  taur = 20 (ms)  cainf = 5e-5 (mM) }
ASSIGNED { ica (mA/cm2) }
STATE { cai (mM) }
INITIAL { cai = cainf }
BREAKPOINT { SOLVE st METHOD cnexp }
DERIVATIVE st {
    cai' = -(10000)*ica/(2*FARADAY*depth) - (cai - cainf)/taur
}
