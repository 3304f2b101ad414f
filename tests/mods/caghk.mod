TITLE a calcium current through NEURON's nrn_ghk()
COMMENT
Written for nrncc's tests: a T-type-like calcium permeability with the
Goldman-Hodgkin-Katz flux from nocmodl's built-in nrn_ghk(v, ci, co, z).
ENDCOMMENT
NEURON {
    SUFFIX caghk
    USEION ca READ cai, cao WRITE ica
    RANGE pbar, g
}
UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
}
PARAMETER { pbar = 2e-4 (cm/s) }
ASSIGNED {
    v (mV)
    cai (mM)
    cao (mM)
    ica (mA/cm2)
    g
}
STATE { m }
INITIAL { m = minf(v) }
BREAKPOINT {
    SOLVE states METHOD cnexp
    g = nrn_ghk(v, cai, cao, 2)
    ica = pbar * m * m * g
}
DERIVATIVE states { m' = (minf(v) - m) / 1.5 }
FUNCTION minf(v (mV)) { minf = 1 / (1 + exp(-(v + 40) / 6)) }
