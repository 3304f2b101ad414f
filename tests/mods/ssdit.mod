TITLE STEADYSTATE derivimplicit in INITIAL, in NEURON's two code paths
COMMENT
Written for nrncc's tests: a gate whose INITIAL solves its DERIVATIVE
block to a steady state with derivimplicit.  NEURON 8.2.2 builds this
only for a vectorized (THREADSAFE) mechanism, whose steady state takes
one implicit step of 1e-9 ms: n barely moves from its start.
ENDCOMMENT
NEURON {
    SUFFIX ssdit
    THREADSAFE
    NONSPECIFIC_CURRENT i
    RANGE gbar
    GLOBAL ninf, ntau
}
PARAMETER { gbar = 0.002 (S/cm2) }
ASSIGNED {
    v (mV)
    i (mA/cm2)
    ninf
    ntau (ms)
}
STATE { n }
INITIAL {
    n = 0.3
    SOLVE states STEADYSTATE derivimplicit
}
BREAKPOINT {
    SOLVE states METHOD derivimplicit
    i = gbar * n * (v + 80)
}
DERIVATIVE states {
    ninf = 1 / (1 + exp(-(v + 50) / 5))
    ntau = 3
    n' = (ninf - n) / ntau
}
