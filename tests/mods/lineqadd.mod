TITLE Equations that add to the one before ('~+') in LINEAR and NONLINEAR
COMMENT
Written for nrncc's tests: each block's first equation is completed by a
'~+' line (terms of the unknowns and constants on both sides).  The
BREAKPOINT solves the LINEAR block through a FUNCTION.
ENDCOMMENT
NEURON {
    SUFFIX lineqadd
    NONSPECIFIC_CURRENT i
    RANGE gbar, tot
}
PARAMETER {
    gbar = 0.001 (S/cm2)
    k1 = 0.3
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
    tot
}
STATE { x w p q }
LINEAR lsys {
    ~ 2 * x + k1 * w = 1
    ~+ 0.5 * w - 0.2 * x = 0.01 * (v + 65)
    ~ -x + 3 * w = 0.5 - 0.002 * v
}
NONLINEAR nsys SOLVEFOR p, q {
    ~ p * p + q = 1 + 0.01 * (v + 65)
    ~+ 0.1 * q * q = 0.05
    ~ p - q * q = 0.2 - x / 10
}
INITIAL {
    p = 0.5
    q = 0.5
    SOLVE lsys
    SOLVE nsys
}
FUNCTION solved() {
    SOLVE lsys
    solved = x + w
}
BREAKPOINT {
    tot = solved()
    SOLVE nsys
    i = gbar * (x + 0.5 * p) * (v + 70) + gbar * w * q * (v + 60) * 0.1
}
