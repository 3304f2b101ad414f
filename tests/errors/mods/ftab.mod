TITLE a gate whose rates are FUNCTION_TABLEs
COMMENT
Written for nrncc's tests: three FUNCTION_TABLEs given values by the
model (points, a CSV file and a constant), interpolated as NEURON does.
ENDCOMMENT
NEURON {
    SUFFIX ftab
    USEION k READ ek WRITE ik
    RANGE gbar, tauv, infv
}
PARAMETER { gbar = 0.02 (S/cm2) }
ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    tauv (ms)
    infv
}
STATE { n }
FUNCTION_TABLE taun(v (mV)) (ms)
FUNCTION_TABLE ninf(v (mV))
FUNCTION_TABLE gscale(x)
INITIAL {
    n = ninf(v)
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    ik = gbar * gscale(0) * n * n * n * n * (v - ek)
}
DERIVATIVE states {
    tauv = taun(v)
    infv = ninf(v)
    n' = (infv - n) / tauv
}
