TITLE Array STATEs in LINEAR and NONLINEAR blocks
COMMENT
Written for nrncc's tests: a LINEAR system of an array (its equations in
a FROM loop, coefficients that depend on v and on the element) beside a
scalar, and a NONLINEAR one of an array and a scalar.
ENDCOMMENT
NEURON {
    SUFFIX linarr
    NONSPECIFIC_CURRENT i
    RANGE gbar
}
DEFINE NX 3
PARAMETER {
    gbar = 0.001 (S/cm2)
    k = 0.4
}
ASSIGNED {
    v (mV)
    i (mA/cm2)
}
STATE { x[NX] s p[2] r }
LINEAR lsys {
    ~ 2 * s + 0.1 * x[0] = 1
    FROM j = 0 TO NX - 1 {
        ~ (3 + j) * x[j] - k * s = 0.5 + 0.01 * (v + 65) * (j + 1)
    }
}
NONLINEAR nsys SOLVEFOR p, r {
    ~ p[0] * p[0] + r = 1 + 0.01 * (v + 65)
    ~ p[0] - p[1] * r = 0.2
    ~ p[1] + r * r = 0.7 + x[1] / 10
}
INITIAL {
    p[0] = 0.5
    p[1] = 0.5
    r = 0.5
    SOLVE lsys
    SOLVE nsys
}
BREAKPOINT {
    SOLVE lsys
    SOLVE nsys
    i = gbar * (x[0] + x[2] + 0.5 * p[1] + s) * (v + 70) + gbar * r * (v + 60) * 0.1
}
