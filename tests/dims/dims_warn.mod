TITLE Expressions whose dimensions do not agree (modlunit-style warnings)
COMMENT
Written for nrncc's tests: each marked line is one modlunit complains
about (its dimensions, not its scale); the others are right.
ENDCOMMENT
NEURON {
    SUFFIX dimw
    NONSPECIFIC_CURRENT i
    RANGE g, tau, x
}
PARAMETER {
    g = 0.001 (S/cm2)
    tau = 5 (ms)
    vh = -40 (mV)
    k = 6 (mV)
    q = 2 (1)
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    x (mV)
    r (/ms)
    celsius (degC)
}
STATE { m  y (mV) }
INITIAL {
    m = minf(v)
    x = v + tau                     : a sum of a voltage and a time
    r = 1 / tau
}
BREAKPOINT {
    SOLVE states METHOD cnexp
    i = g * m * (v - vh)
    if (v > tau) {                  : a comparison of a voltage and a time
        x = vh
    }
}
DERIVATIVE states {
    m' = (minf(v) - m) / tau
    y' = r                          : mV/ms on the left, /ms on the right
}
FUNCTION minf(v (mV)) {
    minf = 1 / (1 + exp(-(v - vh) / k))
    minf = minf * exp(v) ^ q        : exp of a voltage
    minf = minf * 2 ^ (celsius)     : an exponent in degC
}
