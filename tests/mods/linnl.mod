TITLE LINEAR and NONLINEAR blocks solved where SOLVE names them
COMMENT
Written for nrncc's tests: a LINEAR system (two states, coefficients
that depend on v) and a NONLINEAR one (two states, Newton from the
previous solution), both solved in INITIAL and at every step, and a
current that depends on their solutions.
ENDCOMMENT
NEURON {
    SUFFIX linnl
    NONSPECIFIC_CURRENT i
    RANGE gbar, g, k1, k2
}
PARAMETER {
    gbar = 0.001 (S/cm2)
    k1 = 0.3
    k2 = 0.7
    bnl = 0.2
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    g (S/cm2)
    anl
}
STATE { x w p q }
LINEAR lsys {
    ~ 2 * x + k1 * w = 1 + 0.01 * (v + 65)
    ~ -x + 3 * k2 * w = 0.5 - 0.002 * v
}
NONLINEAR nsys SOLVEFOR p, q {
    anl = 1 + 0.01 * (v + 65)
    ~ p * p + q = anl
    ~ p - q * q = bnl - x / 10
}
INITIAL {
    p = 0.5
    q = 0.5
    SOLVE lsys
    SOLVE nsys
}
BREAKPOINT {
    SOLVE lsys
    SOLVE nsys
    g = gbar * (x + 0.5 * p)
    i = g * (v + 70) + gbar * w * q * (v + 60) * 0.1
}
