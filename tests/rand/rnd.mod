TITLE rnd: draws from NEURON's default random stream (nrncc's tests)

COMMENT
A noisy current: INITIAL draws one number of each kind (after an
optional set_seed), BREAKPOINT a normal deviate each time it runs.
ENDCOMMENT

NEURON {
    SUFFIX rnd
    NONSPECIFIC_CURRENT i
    RANGE amp, sd, u, e1, n1, z
    GLOBAL seedv
}

PARAMETER {
    amp = 1e-6 (mA/cm2)
    sd = 0.5
    seedv = 0
}

ASSIGNED {
    i (mA/cm2)
    u
    e1
    n1
    z
}

INITIAL {
    if (seedv > 0) {
        set_seed(seedv)
    }
    u = scop_random()
    e1 = exprand(2)
    n1 = normrand(1, sd)
    z = 0
}

BREAKPOINT {
    z = normrand(0, 1)
    i = -amp*z
}
