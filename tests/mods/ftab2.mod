TITLE FUNCTION_TABLEs of two arguments (values from the model file)
COMMENT
Written for nrncc's tests: a rate from a grid over (v, celsius-like
temperature) and a constant one of two arguments.
ENDCOMMENT
NEURON {
    SUFFIX ftab2
    NONSPECIFIC_CURRENT i
    RANGE g, gmax, temp, rate
}
PARAMETER {
    gmax = 0.003 (S/cm2)
    temp = 12 (degC)
    kt = 0.05 (degC/mV)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    g (S/cm2)
    rate (/ms)
}
STATE { n }
FUNCTION_TABLE nrate(v (mV), tc (degC)) (/ms)
FUNCTION_TABLE ninf2(v (mV), tc (degC))
INITIAL { n = 0.1 }
BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gmax * n
    i = g * (v + 80)
}
DERIVATIVE states {
    rate = nrate(v, temp + kt * (v + 65))
    n' = rate * (ninf2(v, temp) + 0.3 - n)
}
